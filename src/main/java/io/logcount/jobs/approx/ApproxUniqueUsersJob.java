package io.logcount.jobs.approx;

import java.io.IOException;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.TaskCounter;

import io.logcount.jobs.common.CommandOptions;
import io.logcount.jobs.common.JobSummary;
import io.logcount.jobs.common.LogJobDriver;
import io.logcount.jobs.common.UsageException;
import io.logcount.sketch.SketchCounter;
import io.logcount.sketch.Sketches;

/**
 * {@code approx-unique-users}: the number of distinct users, estimated with one sketch per map
 * task merged by one reducer ({@link Sketches}). Output: {@code OUTPUT/estimate.tsv}
 * ({@code estimate<TAB>lower<TAB>upper}, 95% bounds) and the merged sketch
 * {@code OUTPUT/users.sketch}. Its {@code --merge} form ({@link SketchMergeCommand}) merges saved
 * sketches without reading logs.
 */
public class ApproxUniqueUsersJob extends LogJobDriver {

  /** The sub-command name. */
  public static final String NAME = "approx-unique-users";

  public ApproxUniqueUsersJob() {
    super(NAME, "Estimates the distinct users in the logs under INPUT with sketches (95% bounds).");
    SketchOptions.declare(options(), Integer.toString(Sketches.DEFAULT_LG_K));
    declareUserColumn();
    alternative(SketchMergeCommand.MERGE, new SketchMergeCommand());
  }

  @Override
  protected String usageNotes() {
    return super.usageNotes() + "\nOUTPUT/estimate.tsv: estimate<TAB>lower<TAB>upper (95% bounds); OUTPUT/users.sketch:\n"
        + "the merged sketch, which --merge also reads.";
  }

  @Override
  protected void configure(Configuration conf, CommandOptions.Parsed args) throws UsageException, IOException {
    SketchOptions.apply(args, conf);
  }

  @Override
  protected String check(Configuration conf, Path output) throws IOException {
    return SketchFiles.checkSavable(output, conf);
  }

  @Override
  protected void configureJob(Job job) {
    job.setMapperClass(UserSketchMapper.class);
    job.setReducerClass(SketchUnionReducer.class);
    job.setNumReduceTasks(1); // one union of a few kilobytes per map task
    job.setMapOutputKeyClass(NullWritable.class);
    job.setMapOutputValueClass(BytesWritable.class);
    job.setOutputKeyClass(NullWritable.class);
    job.setOutputValueClass(Text.class);
  }

  /** Names the reducer's answer {@code estimate.tsv} and keeps the merged sketch. */
  @Override
  protected void finish(Job job, Path output, JobSummary summary) throws IOException {
    Configuration conf = job.getConfiguration();
    FileSystem fs = output.getFileSystem(conf);
    Path answer = new Path(output, SketchFiles.ESTIMATE_FILE);
    if (!fs.rename(new Path(output, "part-r-00000"), answer)) {
      throw new IOException("could not rename the reducer's output to " + answer);
    }
    SketchFiles.keep(SketchFiles.read(new Path(output, SketchUnionReducer.SKETCH_FILE), conf), output, conf, summary);
  }

  @Override
  protected void summarize(Counters counters, JobSummary summary) {
    summary.put("sketches", counters.findCounter(SketchCounter.SKETCHES_MERGED).getValue());
    summary.put("map_output_bytes", counters.findCounter(TaskCounter.MAP_OUTPUT_BYTES).getValue());
  }
}
