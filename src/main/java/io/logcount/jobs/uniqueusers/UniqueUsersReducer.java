package io.logcount.jobs.uniqueusers;

import java.io.IOException;

import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.VLongWritable;
import org.apache.hadoop.mapreduce.Counter;

import io.logcount.jobs.common.CountSumCombiner;

/**
 * Writes {@code UserID<TAB>events} once per user and counts the distinct users. The count is a
 * reducer-only counter: the combiner ({@link CountSumCombiner}) sums too but must not count.
 */
public class UniqueUsersReducer extends CountSumCombiner {

  /** Figures only the final reduce knows. */
  public enum UniqueUsersCounter {
    /** Users written to the output: the distinct count. */
    DISTINCT_USERS
  }

  /** Looked up once per task, not once per user. */
  private Counter distinctUsers;

  @Override
  protected void setup(Context context) throws IOException, InterruptedException {
    super.setup(context);
    distinctUsers = context.getCounter(UniqueUsersCounter.DISTINCT_USERS);
  }

  @Override
  protected void reduce(Text user, Iterable<VLongWritable> counts, Context context)
      throws IOException, InterruptedException {
    super.reduce(user, counts, context);
    distinctUsers.increment(1);
  }
}
