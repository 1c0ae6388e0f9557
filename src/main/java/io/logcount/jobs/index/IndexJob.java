package io.logcount.jobs.index;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.output.NullOutputFormat;
import org.apache.hadoop.util.Tool;

import io.logcount.LogCount;
import io.logcount.jobs.JobSummary;
import io.logcount.jobs.JobSupport;
import io.logcount.jobs.JobSupport.UsageException;
import io.logcount.jobs.index.ResetScanMapper.IndexCounter;
import io.logcount.sevenz.SevenZIndexFiles;

/**
 * {@code index}: writes the sidecar index ({@code ARCHIVE.7z.idx}) of every archive with LZMA2
 * folders, recording each folder's dictionary resets, so that later jobs split inside huge
 * solid folders. One map task per folder walks its chunk headers (no decoding); one reduce
 * writes each archive's index atomically. Run it once per archive, after the archive is
 * complete: an index that no longer matches its archive is ignored.
 */
public class IndexJob extends Configured implements Tool {

  /** The sub-command name. */
  public static final String NAME = "index";

  static final String USAGE = String.join("\n",
      "usage: logcount " + NAME + " [generic options] [--index-dir DIR] INPUT...",
      "  Writes ARCHIVE.7z" + io.logcount.sevenz.SevenZIndex.SUFFIX + " beside each 7z archive under INPUT (files or",
      "  directories, recursively): the LZMA2 dictionary resets that let jobs split inside one",
      "  solid folder. An existing index is replaced.",
      "  --index-dir DIR   write the indexes under DIR instead (then run jobs with",
      "                    -D " + SevenZIndexFiles.INDEX_DIR + "=DIR)");

  @Override
  public int run(String[] args) throws Exception {
    List<Path> inputs = new ArrayList<>();
    Configuration conf = getConf();
    try {
      for (int i = 0; i < args.length; i++) {
        if ("-h".equals(args[i]) || "--help".equals(args[i])) {
          JobSupport.printUsage(System.out, USAGE);
          return LogCount.EXIT_OK;
        } else if ("--index-dir".equals(args[i])) {
          if (i + 1 >= args.length) {
            throw new UsageException("--index-dir needs a directory");
          }
          SevenZIndexFiles.setIndexDir(conf, new Path(args[++i]));
        } else if (args[i].startsWith("-") && args[i].length() > 1) {
          throw new UsageException("unknown option " + args[i]);
        } else {
          inputs.add(new Path(args[i]));
        }
      }
      if (inputs.isEmpty()) {
        throw new UsageException("needs at least one INPUT");
      }
    } catch (UsageException e) {
      System.err.println("logcount " + NAME + ": " + e.getMessage());
      JobSupport.printUsage(System.err, USAGE);
      return LogCount.EXIT_USAGE;
    }
    String problem = JobSupport.checkInputsExist(inputs, conf);
    if (problem != null) {
      System.err.println("logcount " + NAME + ": " + problem);
      return LogCount.EXIT_FAILED;
    }
    Job job = createJob(conf, inputs);
    long started = System.nanoTime();
    try {
      if (!job.waitForCompletion(true)) {
        System.err.println("logcount " + NAME + ": job " + job.getJobID() + " failed: "
            + JobSupport.failureReason(job));
        return LogCount.EXIT_FAILED;
      }
    } catch (IOException e) {
      System.err.println("logcount " + NAME + ": the job could not start: " + e.getMessage());
      return LogCount.EXIT_FAILED;
    }
    Counters counters = job.getCounters();
    JobSummary summary = new JobSummary(NAME)
        .put("indexes_written", counters.findCounter(IndexCounter.INDEXES_WRITTEN).getValue())
        .put("folders_scanned", counters.findCounter(IndexCounter.FOLDERS_SCANNED).getValue())
        .put("resets", counters.findCounter(IndexCounter.RESETS).getValue())
        .put("seconds", Math.round((System.nanoTime() - started) / 1e6) / 1000.0);
    System.out.println(summary.toJson());
    return LogCount.EXIT_OK;
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
    job.setMapOutputValueClass(Text.class);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(Text.class);
    job.setOutputFormatClass(NullOutputFormat.class);
    return job;
  }
}
