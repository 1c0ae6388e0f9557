package io.logcount.jobs.common;

import java.io.IOException;

import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.VLongWritable;

/**
 * The mapper of every counting job: one key per valid record, counted. A job says only which
 * key a record has ({@link #key}); how counts are summed on the map side is decided here, once
 * for every counting job: through a {@link MapSideAggregator}, a bounded in-mapper table that
 * measures its own reduction and turns itself off where keys rarely repeat (then each record is
 * written as {@code (key, 1)}, at the cost of a branch).
 */
public abstract class CountingMapper extends LogMapper<Text, VLongWritable> {

  /** How the map-side table of each task went, summed over the job's map tasks. */
  public enum AggregationCounter {
    /** Map tasks whose table kept aggregating to the end. */
    TASKS_AGGREGATING,
    /** Map tasks whose table measured too little reduction and passed records straight on. */
    TASKS_PASSING_THROUGH,
    /** {@code (key, count)} pairs the tables wrote: the map output records of counting jobs. */
    PAIRS_WRITTEN,
    /** Times a table was full and wrote all it held. */
    FLUSHES
  }

  private final Text key = new Text();
  private final Text outKey = new Text();
  private final VLongWritable outCount = new VLongWritable();
  private MapSideAggregator aggregator;

  /** Sets {@code key} to the record's key; returns false if the record has no usable key (it is then malformed). */
  protected abstract boolean key(LogRecord record, Text key);

  @Override
  protected void setup(Context context) throws IOException, InterruptedException {
    super.setup(context);
    aggregator = MapAggregationSettings.fromConf(context.getConfiguration(), (bytes, offset, length, sum) -> {
      outKey.set(bytes, offset, length);
      outCount.set(sum);
      context.write(outKey, outCount);
    });
  }

  @Override
  protected boolean record(LogRecord record, Context context) throws IOException, InterruptedException {
    if (!key(record, key)) {
      return false;
    }
    aggregator.add(key.getBytes(), 0, key.getLength(), 1);
    return true;
  }

  @Override
  protected void cleanup(Context context) throws IOException, InterruptedException {
    try {
      if (aggregator != null) {
        boolean aggregating = aggregator.aggregating(); // before close, which ends it
        aggregator.close();
        context.getCounter(aggregating ? AggregationCounter.TASKS_AGGREGATING
            : AggregationCounter.TASKS_PASSING_THROUGH).increment(1);
        context.getCounter(AggregationCounter.PAIRS_WRITTEN).increment(aggregator.entriesEmitted());
        context.getCounter(AggregationCounter.FLUSHES).increment(aggregator.flushes());
      }
    } finally {
      super.cleanup(context);
    }
  }
}
