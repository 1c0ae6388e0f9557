package io.logcount.jobs.common;

import java.io.IOException;

import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.VLongWritable;
import org.apache.hadoop.mapreduce.Counter;

/**
 * The reducer of a counting job: writes {@code key<TAB>count} once per key and counts the keys
 * in the job's own counter. A combiner ({@link CountSumCombiner}) sums the same way but must not
 * count: it may run zero, one or several times per key.
 */
public class CountSumReducer extends CountSumCombiner {

  private final Enum<?> keysCounter;
  /** Looked up once per task, not once per key. */
  private Counter keys;

  /** @param keysCounter the counter of keys written: the job's distinct figure */
  protected CountSumReducer(Enum<?> keysCounter) {
    this.keysCounter = keysCounter;
  }

  @Override
  protected void setup(Context context) throws IOException, InterruptedException {
    super.setup(context);
    keys = context.getCounter(keysCounter);
  }

  @Override
  protected void reduce(Text key, Iterable<VLongWritable> counts, Context context)
      throws IOException, InterruptedException {
    super.reduce(key, counts, context);
    keys.increment(1);
  }
}
