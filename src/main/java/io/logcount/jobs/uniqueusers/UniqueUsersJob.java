package io.logcount.jobs.uniqueusers;

import java.io.IOException;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.VLongWritable;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.Job;

import io.logcount.jobs.common.CountSumCombiner;
import io.logcount.jobs.common.JobSummary;
import io.logcount.jobs.common.LogJobDriver;
import io.logcount.jobs.uniqueusers.UniqueUsersReducer.UniqueUsersCounter;

/**
 * {@code unique-users}: events per user and the number of distinct users. Output
 * {@code OUTPUT/part-r-*}: {@code UserID<TAB>events}, sorted by user ID bytes within each part.
 */
public class UniqueUsersJob extends LogJobDriver {

  /** The sub-command name. */
  public static final String NAME = "unique-users";

  /**
   * Whether map outputs go through {@link CountSumCombiner} before the shuffle. Default true: on
   * a cluster it shrinks what crosses the network. The local runner's conf/local.xml turns it
   * off: there the shuffle is a local file read (docs/performance.md).
   */
  public static final String COMBINER = "logcount.unique-users.combiner";
  /** Default of {@link #COMBINER}: on. */
  public static final boolean DEFAULT_COMBINER = true;

  /** Sets {@link #COMBINER}. */
  public static void setCombiner(Configuration conf, boolean on) {
    conf.setBoolean(COMBINER, on);
  }

  /** {@link #COMBINER}. */
  public static boolean getCombiner(Configuration conf) {
    return conf.getBoolean(COMBINER, DEFAULT_COMBINER);
  }

  public UniqueUsersJob() {
    super(NAME, "Counts events per user and distinct users in the logs under INPUT.");
    declareUserColumn();
  }

  @Override
  protected void configureJob(Job job) throws IOException {
    job.setMapperClass(UniqueUsersMapper.class);
    if (getCombiner(job.getConfiguration())) {
      job.setCombinerClass(CountSumCombiner.class);
    }
    job.setReducerClass(UniqueUsersReducer.class);
    job.setMapOutputKeyClass(Text.class);
    // Variable-length counts: a 1 is one byte instead of eight (map output records 22 -> 15 bytes).
    job.setMapOutputValueClass(VLongWritable.class);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(VLongWritable.class);
  }

  @Override
  protected void summarize(Counters counters, JobSummary summary) {
    summary.put("distinct_users", counters.findCounter(UniqueUsersCounter.DISTINCT_USERS).getValue());
  }
}
