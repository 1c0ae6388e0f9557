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
import io.logcount.sketch.SketchCounter;
import io.logcount.sketch.Sketches;

/**
 * {@code distinct-by}: distinct users (or values of another column) per key, the key a column
 * (unique users per site) or the event's UTC day or hour (daily and hourly unique users).
 * Output {@code OUTPUT/part-r-*}: {@code key<TAB>distinct values<TAB>events}, sorted by key. With
 * {@code --approx} the distinct values are estimated with a sketch per key
 * ({@link ApproxDistinctByMapper}) and two columns follow: the estimate's 95% bounds.
 */
public class DistinctByJob extends LogJobDriver {

  /** The sub-command name. */
  public static final String NAME = "distinct-by";

  /** Whether distinct values are estimated with sketches ({@code --approx}). Default false: exact. */
  public static final String APPROX = "logcount.distinct-by.approx";

  public DistinctByJob() {
    super(NAME, "Counts distinct users (or values of --value) per key in the logs under INPUT.");
    options().setting("--key", "COLUMN|day|hour", DistinctByMapper.KEY, "what to group by (required): a column"
        + " (name or index), or\nthe event's UTC day or hour").required()
        .setting("--value", "COLUMN", DistinctByMapper.VALUE, "the column whose distinct values are counted"
            + " (default: the\nuser column)")
        .flagSetting("--approx", APPROX, "estimate with a sketch per key (" + Sketches.TYPE + "): kilobytes of"
            + " shuffle per\nkey, output key<TAB>estimate<TAB>events<TAB>lower<TAB>upper (95%)")
        .setting("--lg-k", "K", Sketches.LG_K, "sketch size with --approx, " + Sketches.MIN_LG_K + " to "
            + Sketches.MAX_LG_K + " (default " + Sketches.DEFAULT_LG_K + ")").range(Sketches.MIN_LG_K, Sketches.MAX_LG_K)
        .checkedBy(DistinctByMapper::getColumns)
        .checkedBy(Sketches::getLgK)
        .checkedBy(ApproxDistinctByMapper::getTableBytes);
    declareUserColumn();
  }

  /** The one rule across options: a sketch size needs sketches. */
  @Override
  protected void configure(Configuration conf, CommandOptions.Parsed args) throws UsageException {
    if (args.has("--lg-k") && !conf.getBoolean(APPROX, false)) {
      throw new UsageException("--lg-k sizes the sketches of --approx: give --approx too, or drop --lg-k");
    }
  }

  @Override
  protected void configureJob(Job job) throws IOException {
    if (job.getConfiguration().getBoolean(APPROX, false)) {
      job.setMapperClass(ApproxDistinctByMapper.class);
      job.setCombinerClass(ApproxDistinctByReducer.Combiner.class);
      job.setReducerClass(ApproxDistinctByReducer.class);
      job.setMapOutputKeyClass(Text.class);
      job.setMapOutputValueClass(KeySketchWritable.class);
      job.setOutputKeyClass(Text.class);
      job.setOutputValueClass(Text.class);
      return;
    }
    configureCounting(job, DistinctByMapper.class, DistinctByReducer.class, Text.class);
    job.setPartitionerClass(KeyPartitioner.class);
  }

  @Override
  protected void summarize(Counters counters, JobSummary summary) {
    summary.put("key", getConf().get(DistinctByMapper.KEY));
    summary.put("keys", counters.findCounter(DistinctByCounter.KEYS).getValue());
    if (getConf().getBoolean(APPROX, false)) {
      summary.put("sketch_type", Sketches.TYPE).put("lg_k", Sketches.getLgK(getConf()));
      summary.put("sketches", counters.findCounter(SketchCounter.SKETCHES_MERGED).getValue());
    } else {
      summary.put("pairs", counters.findCounter(DistinctByCounter.PAIRS).getValue());
    }
  }
}
