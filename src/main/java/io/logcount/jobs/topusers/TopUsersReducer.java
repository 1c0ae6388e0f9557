package io.logcount.jobs.topusers;

import java.io.IOException;
import java.util.Arrays;

import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.VLongWritable;
import org.apache.hadoop.mapreduce.Counter;
import org.apache.hadoop.mapreduce.Reducer;

/**
 * Sums each user's events and keeps this reducer's top N users, written at the end, best first.
 * Every user meets in exactly one reducer with its whole total, so the job's top N is among the
 * reducers' top N lists: the driver merges them into one file.
 */
public class TopUsersReducer extends Reducer<Text, VLongWritable, Text, VLongWritable> {

  /** How many users {@code top-users} keeps. Default {@value #DEFAULT_N}. */
  public static final String N = "logcount.top-users.n";
  /** Default of {@link #N}. */
  public static final int DEFAULT_N = 10;
  /** The largest {@link #N}: each reducer keeps N users in memory. */
  public static final int MAX_N = 1_000_000;

  /** Figures only the final reduce knows. */
  public enum TopUsersCounter {
    /** Distinct users seen by the reducers. */
    DISTINCT_USERS
  }

  /** {@link #N}, validated. */
  public static int getN(org.apache.hadoop.conf.Configuration conf) {
    int n = conf.getInt(N, DEFAULT_N);
    if (n < 1 || n > MAX_N) {
      throw new IllegalArgumentException(N + " must be 1 to " + MAX_N + ", got " + n);
    }
    return n;
  }

  private TopN top;
  private Counter distinctUsers;
  private final Text user = new Text();
  private final VLongWritable events = new VLongWritable();

  @Override
  protected void setup(Context context) {
    top = new TopN(getN(context.getConfiguration()));
    distinctUsers = context.getCounter(TopUsersCounter.DISTINCT_USERS);
  }

  @Override
  protected void reduce(Text key, Iterable<VLongWritable> counts, Context context) {
    long sum = 0;
    for (VLongWritable c : counts) {
      sum += c.get();
    }
    distinctUsers.increment(1);
    if (top.wouldKeep(key.getBytes(), key.getLength(), sum)) {
      top.offer(new TopEntry(Arrays.copyOf(key.getBytes(), key.getLength()), sum));
    }
  }

  @Override
  protected void cleanup(Context context) throws IOException, InterruptedException {
    for (TopEntry e : top.ranked()) {
      user.set(e.user);
      events.set(e.events);
      context.write(user, events);
    }
  }
}
