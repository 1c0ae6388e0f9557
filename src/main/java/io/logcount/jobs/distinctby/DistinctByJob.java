package io.logcount.jobs.distinctby;

import java.io.IOException;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.Job;

import io.logcount.jobs.common.CommandOptions;
import io.logcount.jobs.common.JobSummary;
import io.logcount.jobs.common.LogJobDriver;
import io.logcount.jobs.common.UsageException;
import io.logcount.jobs.distinctby.DistinctByReducer.DistinctByCounter;

/**
 * {@code distinct-by}: distinct users (or values of another column) per key, the key a column
 * (unique users per site) or the event's UTC day or hour (daily and hourly unique users).
 * Output {@code OUTPUT/part-r-*}: {@code key<TAB>distinct values<TAB>events}, sorted by key.
 */
public class DistinctByJob extends LogJobDriver {

  /** The sub-command name. */
  public static final String NAME = "distinct-by";

  public DistinctByJob() {
    super(NAME, "Counts distinct users (or values of --value) per key in the logs under INPUT.");
    options().value("--key", "COLUMN|day|hour", "what to group by (required): a column (name or index), or\n"
        + "the event's UTC day or hour")
        .value("--value", "COLUMN", "the column whose distinct values are counted (default: the\n"
            + "user column)");
    declareUserColumn();
  }

  @Override
  protected void configure(Configuration conf, CommandOptions.Parsed args) throws UsageException {
    if (args.get("--key") != null) {
      conf.set(DistinctByMapper.KEY, args.get("--key"));
    } else if (conf.get(DistinctByMapper.KEY) == null) {
      throw new UsageException("--key is required");
    }
    if (args.get("--value") != null) {
      conf.set(DistinctByMapper.VALUE, args.get("--value"));
    }
    DistinctByMapper.getColumns(conf);
  }

  @Override
  protected void configureJob(Job job) throws IOException {
    configureCounting(job, DistinctByMapper.class, DistinctByReducer.class, Text.class);
    job.setPartitionerClass(KeyPartitioner.class);
  }

  @Override
  protected void summarize(Counters counters, JobSummary summary) {
    summary.put("key", getConf().get(DistinctByMapper.KEY));
    summary.put("keys", counters.findCounter(DistinctByCounter.KEYS).getValue());
    summary.put("pairs", counters.findCounter(DistinctByCounter.PAIRS).getValue());
  }
}
