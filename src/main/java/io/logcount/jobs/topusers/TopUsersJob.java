package io.logcount.jobs.topusers;

import java.io.IOException;

import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.VLongWritable;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.Job;

import io.logcount.jobs.common.JobSummary;
import io.logcount.jobs.common.LogJobDriver;
import io.logcount.jobs.topusers.TopUsersReducer.TopUsersCounter;
import io.logcount.jobs.uniqueusers.UniqueUsersMapper;

/**
 * {@code top-users}: the N users with the most events, ties broken by user ID bytes. Each
 * reducer writes its own top N; the driver merges those few lines into one file,
 * {@code OUTPUT/top-users.tsv} ({@code UserID<TAB>events}, best first), exact with any number
 * of reducers.
 */
public class TopUsersJob extends LogJobDriver {

  /** The sub-command name. */
  public static final String NAME = "top-users";
  /** The merged answer inside OUTPUT. */
  public static final String RESULT_FILE = "top-users.tsv";

  public TopUsersJob() {
    super(NAME, "Lists the N users with the most events in the logs under INPUT.");
    options().setting("--n", "N", TopUsersReducer.N, "how many users (default " + TopUsersReducer.DEFAULT_N
        + ", at most " + TopUsersReducer.MAX_N + ")").range(1, TopUsersReducer.MAX_N)
        .checkedBy(TopUsersReducer::getN);
    declareUserColumn();
  }

  @Override
  protected void configureJob(Job job) throws IOException {
    configureCounting(job, UniqueUsersMapper.class, TopUsersReducer.class, VLongWritable.class);
  }

  /** Merges the reducers' lists into {@link #RESULT_FILE} and removes them. */
  @Override
  protected void finish(Job job, Path output, JobSummary summary) throws IOException {
    Path result = new Path(output, RESULT_FILE);
    long written = TopUsersMerge.merge(job.getConfiguration(), output, result);
    summary.put("top_users", written);
    summary.put("result", result.getFileSystem(job.getConfiguration()).makeQualified(result).toString());
  }

  @Override
  protected void summarize(Counters counters, JobSummary summary) {
    summary.put("distinct_users", counters.findCounter(TopUsersCounter.DISTINCT_USERS).getValue());
  }
}
