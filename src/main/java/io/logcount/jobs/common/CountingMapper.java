package io.logcount.jobs.common;

import java.io.IOException;

import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.VLongWritable;

/**
 * The mapper of every counting job: one key per valid record, counted. A job says only which
 * key a record has ({@link #key}); how counts are summed on the map side is decided here, once
 * for every counting job (today: {@code (key, 1)} pairs and {@link CountSumCombiner}).
 */
public abstract class CountingMapper extends LogMapper<Text, VLongWritable> {

  private static final VLongWritable ONE = new VLongWritable(1);

  private final Text key = new Text();

  /** Sets {@code key} to the record's key; returns false if the record has no usable key (it is then malformed). */
  protected abstract boolean key(LogRecord record, Text key);

  @Override
  protected boolean record(LogRecord record, Context context) throws IOException, InterruptedException {
    if (!key(record, key)) {
      return false;
    }
    context.write(key, ONE);
    return true;
  }
}
