package io.logcount.jobs.index;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.output.NullOutputFormat;

import io.logcount.jobs.common.Command;
import io.logcount.jobs.common.CommandOptions;
import io.logcount.jobs.common.ExitCodes;
import io.logcount.jobs.common.JobSummary;
import io.logcount.jobs.common.JobSupport;
import io.logcount.jobs.common.UsageException;
import io.logcount.jobs.index.ResetScanMapper.IndexCounter;
import io.logcount.sevenz.SevenZIndexFiles;
import io.logcount.sevenz.SevenZInputFormat;

/**
 * {@code index}: writes the sidecar index ({@code ARCHIVE.7z.idx}) of every archive with LZMA2
 * folders, recording each folder's dictionary resets, so that later jobs split inside huge
 * solid folders. One map task per folder walks its chunk headers (no decoding); one reduce
 * writes each archive's index atomically. Run it once per archive, after the archive is
 * complete: an index that no longer matches its archive is ignored.
 */
public class IndexJob extends Command {

  /** The sub-command name. */
  public static final String NAME = "index";

  public IndexJob() {
    super(NAME, "INPUT...", "Writes ARCHIVE.7z" + io.logcount.sevenz.SevenZIndex.SUFFIX
        + " beside each 7z archive under INPUT (files or directories, recursively):\n"
        + "the LZMA2 dictionary resets that let jobs split inside one solid folder. An existing\n"
        + "index is replaced.");
    options().value("--index-dir", "DIR", "write the indexes under DIR instead (then run jobs with\n"
        + "-D " + SevenZIndexFiles.INDEX_DIR + "=DIR)");
  }

  @Override
  protected int execute(CommandOptions.Parsed args) throws Exception {
    Configuration conf = getConf();
    if (args.get("--index-dir") != null) {
      SevenZIndexFiles.setIndexDir(conf, new Path(args.get("--index-dir")));
    }
    List<Path> inputs = new ArrayList<>();
    for (String p : args.positional()) {
      inputs.add(new Path(p));
    }
    if (inputs.isEmpty()) {
      throw new UsageException("needs at least one INPUT");
    }
    String problem = JobSupport.checkInputsExist(inputs, conf);
    if (problem != null) {
      return failure(problem);
    }
    SevenZInputFormat.getLimits(conf); // a bad limit is bad usage; from here on, failures are the work's
    Job job = createJob(conf, inputs);
    settingsChecked();
    long started = System.nanoTime();
    if (!JobSupport.runJob(job, NAME, null)) {
      return ExitCodes.FAILED;
    }
    Counters counters = job.getCounters();
    JobSummary summary = new JobSummary(NAME)
        .put("indexes_written", counters.findCounter(IndexCounter.INDEXES_WRITTEN).getValue())
        .put("folders_scanned", counters.findCounter(IndexCounter.FOLDERS_SCANNED).getValue())
        .put("resets", counters.findCounter(IndexCounter.RESETS).getValue())
        .put("seconds", Math.round((System.nanoTime() - started) / 1e6) / 1000.0);
    System.out.println(summary.toJson());
    return ExitCodes.OK;
  }

  /** The configured job: what the driver runs, and what tests submit. */
  public static Job createJob(Configuration conf, List<Path> inputs) throws IOException {
    Job job = Job.getInstance(conf, "logcount " + NAME + " " + inputs);
    job.setJarByClass(IndexJob.class);
    job.setInputFormatClass(FolderScanInputFormat.class);
    FileInputFormat.setInputDirRecursive(job, true);
    for (Path input : inputs) {
      FileInputFormat.addInputPath(job, input);
    }
    job.setMapperClass(ResetScanMapper.class);
    job.setReducerClass(IndexWriterReducer.class);
    job.setMapOutputKeyClass(Text.class);
    job.setMapOutputValueClass(FolderResets.class);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(Text.class);
    job.setOutputFormatClass(NullOutputFormat.class);
    // Reducers write the sidecar indexes themselves, outside any committer: a speculative
    // second attempt would write the same index at the same time.
    job.setSpeculativeExecution(false);
    return job;
  }
}
