package io.logcount.jobs.uniqueusers;

import java.io.IOException;

import org.apache.hadoop.io.VLongWritable;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.Job;

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

  public UniqueUsersJob() {
    super(NAME, "Counts events per user and distinct users in the logs under INPUT.");
    declareUserColumn();
  }

  @Override
  protected void configureJob(Job job) throws IOException {
    configureCounting(job, UniqueUsersMapper.class, UniqueUsersReducer.class, VLongWritable.class);
  }

  @Override
  protected void summarize(Counters counters, JobSummary summary) {
    summary.put("distinct_users", counters.findCounter(UniqueUsersCounter.DISTINCT_USERS).getValue());
  }
}
