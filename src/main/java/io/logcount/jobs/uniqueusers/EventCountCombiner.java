package io.logcount.jobs.uniqueusers;

import java.io.IOException;

import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.VLongWritable;
import org.apache.hadoop.mapreduce.Reducer;

/**
 * Sums the event counts of one user. The combiner of {@code unique-users}, and the base of its
 * reducer: it bumps no counter, since a combiner may run zero, one or several times per key.
 */
public class EventCountCombiner extends Reducer<Text, VLongWritable, Text, VLongWritable> {

  private final VLongWritable total = new VLongWritable();

  @Override
  protected void reduce(Text user, Iterable<VLongWritable> counts, Context context)
      throws IOException, InterruptedException {
    long sum = 0;
    for (VLongWritable c : counts) {
      sum += c.get();
    }
    total.set(sum);
    context.write(user, total);
  }
}
