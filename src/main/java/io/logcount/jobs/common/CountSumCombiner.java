package io.logcount.jobs.common;

import java.io.IOException;

import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.VLongWritable;
import org.apache.hadoop.mapreduce.Reducer;

/**
 * Sums the counts of one key: the combiner of every counting job, and the base of their
 * reducers. It bumps no counter, since a combiner may run zero, one or several times per key.
 */
public class CountSumCombiner extends Reducer<Text, VLongWritable, Text, VLongWritable> {

  private final VLongWritable total = new VLongWritable();

  /** The sum of {@code counts}. */
  protected static long sum(Iterable<VLongWritable> counts) {
    long sum = 0;
    for (VLongWritable c : counts) {
      sum += c.get();
    }
    return sum;
  }

  @Override
  protected void reduce(Text key, Iterable<VLongWritable> counts, Context context)
      throws IOException, InterruptedException {
    total.set(sum(counts));
    context.write(key, total);
  }
}
