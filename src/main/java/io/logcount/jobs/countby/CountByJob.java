package io.logcount.jobs.countby;

import java.io.IOException;

import org.apache.hadoop.io.VLongWritable;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.Job;

import io.logcount.jobs.common.JobSummary;
import io.logcount.jobs.common.LogJobDriver;
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
    options().setting("--column", "NAME|N", CountByMapper.COLUMN, "the column whose values are counted (required):"
        + " a name of the\nschema or a 0-based index").required()
        .checkedBy(CountByMapper::getColumn);
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
