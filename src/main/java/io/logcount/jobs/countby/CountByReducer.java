package io.logcount.jobs.countby;

import java.io.IOException;

import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.VLongWritable;
import org.apache.hadoop.mapreduce.Counter;

import io.logcount.jobs.common.CountSumCombiner;

/** Writes {@code value<TAB>events} once per value and counts the distinct values. */
public class CountByReducer extends CountSumCombiner {

  /** Figures only the final reduce knows. */
  public enum CountByCounter {
    /** Values written: the number of distinct values of the column. */
    DISTINCT_VALUES
  }

  private Counter distinctValues;

  @Override
  protected void setup(Context context) throws IOException, InterruptedException {
    super.setup(context);
    distinctValues = context.getCounter(CountByCounter.DISTINCT_VALUES);
  }

  @Override
  protected void reduce(Text value, Iterable<VLongWritable> counts, Context context)
      throws IOException, InterruptedException {
    super.reduce(value, counts, context);
    distinctValues.increment(1);
  }
}
