package io.logcount.jobs.common;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputCommitter;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.TextOutputFormat;

import io.logcount.input.LogInputFormat;
import io.logcount.sevenz.SevenZInputFormat;
import io.logcount.sevenz.SevenZPasswords;

/**
 * The template of every job that reads logs under {@code INPUT...} and writes {@code OUTPUT}:
 * it owns the common options, the input and output checks (an existing output is never
 * overwritten), the input side, the malformed-line side outputs, submission, the cleanup of a
 * failed job, and the counters to {@code _summary.json} step. A job declares its own options
 * (in its constructor, through {@link #options()}), applies them ({@link #configure}), names its
 * mapper, reducer and types ({@link #configureJob}) and its figures ({@link #summarize}).
 */
public abstract class LogJobDriver extends Command {

  /** Option naming the password file of encrypted archives. */
  public static final String PASSWORD_FILE = "--password-file";

  /**
   * @param name the sub-command
   * @param description what the job computes, for the usage text
   */
  protected LogJobDriver(String name, String description) {
    super(name, "INPUT... OUTPUT", description);
    options().value(PASSWORD_FILE, "PATH", "file holding the password of encrypted archives (any Hadoop\n"
        + "file system; keep it chmod 600), or else a credential provider alias\n"
        + SevenZPasswords.PASSWORD_ALIAS + ": see docs/encrypted-archives.md");
  }

  /** Applies this job's options to {@code conf}; throws for a bad value. Nothing by default. */
  protected void configure(Configuration conf, CommandOptions.Parsed args) throws UsageException {
  }

  /** Sets the mapper, combiner, reducer, their key and value classes, and anything else the job needs. */
  protected abstract void configureJob(Job job) throws IOException;

  /** Adds the job's own figures to its summary (the input figures follow them). */
  protected abstract void summarize(Counters counters, JobSummary summary);

  @Override
  protected String usageNotes() {
    return "INPUT: files or directories (read recursively) on any Hadoop file system: plain text,\n"
        + ".gz, .bz2, .xz, .zst, .lz4 and .7z, mixed, each told by its magic bytes.\n"
        + "OUTPUT must not exist. Besides the job's part files it gets malformed/ (origin<TAB>line)\n"
        + "and _summary.json, also printed.";
  }

  @Override
  protected final int execute(CommandOptions.Parsed args) throws Exception {
    List<String> paths = args.positional();
    if (paths.size() < 2) {
      throw new UsageException("needs at least one INPUT and an OUTPUT");
    }
    List<Path> inputs = new ArrayList<>();
    for (String p : paths.subList(0, paths.size() - 1)) {
      inputs.add(new Path(p));
    }
    Path output = new Path(paths.get(paths.size() - 1));
    Configuration conf = getConf();
    configureCommon(conf, args);
    configure(conf, args);
    String problem = JobSupport.checkOutputAbsent(output, conf);
    if (problem == null) {
      problem = JobSupport.checkInputsExist(inputs, conf);
    }
    if (problem == null) {
      problem = SevenZPasswords.checkPasswordFile(conf);
    }
    if (problem != null) {
      return failure(problem);
    }
    Job job = createJob(conf, inputs, output);
    long started = System.nanoTime();
    if (!JobSupport.runJob(job, name(), output)) {
      return ExitCodes.FAILED;
    }
    JobSummary summary = new JobSummary(name());
    Counters counters = job.getCounters();
    summarize(counters, summary);
    summary.putInputFigures(counters);
    summary.put("seconds", Math.round((System.nanoTime() - started) / 1e6) / 1000.0);
    summary.put("output", output.getFileSystem(conf).makeQualified(output).toString());
    summary.putSkipped(output, conf, 1000);
    summary.write(output, conf);
    System.out.println(summary.toJson());
    return ExitCodes.OK;
  }

  private static void configureCommon(Configuration conf, CommandOptions.Parsed args) throws IOException {
    // Qualified here (also when given with -D) so that tasks read the very file named.
    String option = args.get(PASSWORD_FILE);
    Path passwordFile = option != null ? new Path(option) : SevenZPasswords.getPasswordFile(conf);
    if (passwordFile != null) {
      SevenZPasswords.setPasswordFile(conf, passwordFile);
    }
  }

  /**
   * The configured job, ready to submit: what {@link #run} submits, and what tests submit.
   * Settings are validated here, before anything runs ({@link IllegalArgumentException}).
   */
  public final Job createJob(Configuration conf, List<Path> inputs, Path output) throws IOException {
    SevenZPasswords.checkNotInConfiguration(conf); // the job configuration must never hold it
    SevenZInputFormat.getLimits(conf);
    Job job = Job.getInstance(conf, "logcount " + name() + " " + inputs + " -> " + output);
    job.setJarByClass(getClass());
    job.setInputFormatClass(LogInputFormat.class);
    FileInputFormat.setInputDirRecursive(job, true);
    for (Path input : inputs) {
      FileInputFormat.addInputPath(job, input);
    }
    job.setOutputFormatClass(TextOutputFormat.class);
    FileOutputFormat.setOutputPath(job, output);
    MalformedLines.configure(job);
    // Algorithm 1 moves task output into OUTPUT only at job commit: a failed job leaves no
    // part files behind (algorithm 2 would leave the successful tasks' files).
    job.getConfiguration().setInt(FileOutputCommitter.FILEOUTPUTCOMMITTER_ALGORITHM_VERSION, 1);
    configureJob(job);
    return job;
  }
}
