package io.logcount.jobs.countby;

import java.io.IOException;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.VLongWritable;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.Job;

import io.logcount.jobs.common.CommandOptions;
import io.logcount.jobs.common.JobSummary;
import io.logcount.jobs.common.LogJobDriver;
import io.logcount.jobs.common.UsageException;
import io.logcount.jobs.countby.CountByReducer.CountByCounter;

/**
 * {@code count-by}: events per value of any column (site, user agent, ...). Output
 * {@code OUTPUT/part-r-*}: {@code value<TAB>events}, sorted by the value's bytes within each part.
 */
public class CountByJob extends LogJobDriver {

  /** The sub-command name. */
  public static final String NAME = "count-by";

  public CountByJob() {
    super(NAME, "Counts events per value of one column of the logs under INPUT.");
    options().value("--column", "NAME|N", "the column whose values are counted (required): a name of the\n"
        + "schema or a 0-based index");
  }

  @Override
  protected void configure(Configuration conf, CommandOptions.Parsed args) throws UsageException {
    String column = args.get("--column");
    if (column == null && conf.get(CountByMapper.COLUMN) == null) {
      throw new UsageException("--column is required");
    }
    if (column != null) {
      conf.set(CountByMapper.COLUMN, column);
    }
    CountByMapper.getColumn(conf);
  }

  @Override
  protected void configureJob(Job job) throws IOException {
    configureCounting(job, CountByMapper.class, CountByReducer.class, VLongWritable.class);
  }

  @Override
  protected void summarize(Counters counters, JobSummary summary) {
    summary.put("column", getConf().get(CountByMapper.COLUMN));
    summary.put("distinct_values", counters.findCounter(CountByCounter.DISTINCT_VALUES).getValue());
  }
}
