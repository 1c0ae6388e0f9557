package io.logcount.jobs.uniqueusers;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.VLongWritable;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputCommitter;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.TextOutputFormat;
import org.apache.hadoop.util.Tool;

import io.logcount.LogCount;
import io.logcount.jobs.JobSummary;
import io.logcount.jobs.JobSupport;
import io.logcount.jobs.JobSupport.UsageException;
import io.logcount.jobs.MalformedLines;
import io.logcount.jobs.uniqueusers.UniqueUsersReducer.UniqueUsersCounter;
import io.logcount.sevenz.SevenZInputFormat;
import io.logcount.sevenz.SevenZPasswords;

/**
 * {@code unique-users}: events per user and the number of distinct users, over 7z archives.
 *
 * <p>Output: {@code OUTPUT/part-r-*} with {@code UserID<TAB>events} lines sorted by user ID
 * bytes within each part, {@code OUTPUT/malformed/} with the malformed lines and their origin,
 * {@code OUTPUT/_summary.json} with the figures the driver also prints.
 */
public class UniqueUsersJob extends Configured implements Tool {

  /** The sub-command name. */
  public static final String NAME = "unique-users";

  /**
   * Whether map outputs go through {@link EventCountCombiner} before the shuffle. Default
   * true: on a cluster it shrinks what crosses the network (by 28% on the generated logs, more
   * where users have many events). The local runner's conf/local.xml turns it off: there the
   * shuffle is a local file read, and summing every spill cost more than it saved
   * (unique-users on 1 GB: 13.9 s without, 14.8 s with; docs/performance.md).
   */
  public static final String COMBINER = "logcount.unique-users.combiner";
  /** Default of {@link #COMBINER}: on. */
  public static final boolean DEFAULT_COMBINER = true;

  /** Sets {@link #COMBINER}. */
  public static void setCombiner(Configuration conf, boolean on) {
    conf.setBoolean(COMBINER, on);
  }

  /** {@link #COMBINER}. */
  public static boolean getCombiner(Configuration conf) {
    return conf.getBoolean(COMBINER, DEFAULT_COMBINER);
  }

  static final String USAGE = String.join("\n",
      "usage: logcount " + NAME + " [generic options] [--user-column N] [--password-file PATH]"
          + " INPUT... OUTPUT",
      "  Counts events per user and distinct users in the 7z archives under INPUT (files or",
      "  directories, read recursively, on any Hadoop file system). OUTPUT must not exist.",
      "  --user-column N   0-based tab-separated field holding the user ID (default "
          + UniqueUsersMapper.DEFAULT_USER_COLUMN + ")",
      "  --password-file PATH",
      "                    file holding the password of encrypted archives (any Hadoop file",
      "                    system; keep it chmod 600), or else a credential provider alias",
      "                    " + SevenZPasswords.PASSWORD_ALIAS + ": see docs/encrypted-archives.md",
      "  Output: OUTPUT/part-r-* (UserID<TAB>events), OUTPUT/malformed/ (origin<TAB>line),",
      "  OUTPUT/_summary.json. Exit codes: 0 success, 1 job failed, 2 bad usage.");

  /** The parsed command line. */
  static final class Arguments {
    Integer userColumn;
    Path passwordFile;
    boolean help;
    final List<Path> inputs = new ArrayList<>();
    Path output;

    static Arguments parse(String[] args) throws UsageException {
      Arguments a = new Arguments();
      List<String> paths = new ArrayList<>();
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        if ("-h".equals(arg) || "--help".equals(arg)) {
          a.help = true;
        } else if ("--user-column".equals(arg)) {
          if (i + 1 >= args.length) {
            throw new UsageException("--user-column needs a value");
          }
          a.userColumn = JobSupport.parseNonNegativeInt(arg, args[++i]);
        } else if (arg.startsWith("--user-column=")) {
          a.userColumn = JobSupport.parseNonNegativeInt("--user-column", arg.substring("--user-column=".length()));
        } else if ("--password-file".equals(arg)) {
          if (i + 1 >= args.length) {
            throw new UsageException("--password-file needs a path");
          }
          a.passwordFile = new Path(args[++i]);
        } else if (arg.startsWith("--password-file=")) {
          a.passwordFile = new Path(arg.substring("--password-file=".length()));
        } else if (arg.startsWith("-") && arg.length() > 1) {
          throw new UsageException("unknown option " + arg
              + " (generic options such as -D must come before the job's own options)");
        } else {
          paths.add(arg);
        }
      }
      if (a.help) {
        return a;
      }
      if (paths.size() < 2) {
        throw new UsageException("needs at least one INPUT and an OUTPUT");
      }
      for (String p : paths.subList(0, paths.size() - 1)) {
        a.inputs.add(new Path(p));
      }
      a.output = new Path(paths.get(paths.size() - 1));
      return a;
    }
  }

  @Override
  public int run(String[] args) throws Exception {
    Arguments arguments;
    try {
      arguments = Arguments.parse(args);
    } catch (UsageException e) {
      System.err.println("logcount " + NAME + ": " + e.getMessage());
      JobSupport.printUsage(System.err, USAGE);
      return LogCount.EXIT_USAGE;
    }
    if (arguments.help) {
      JobSupport.printUsage(System.out, USAGE);
      return LogCount.EXIT_OK;
    }
    Configuration conf = getConf();
    if (arguments.userColumn != null) {
      UniqueUsersMapper.setUserColumn(conf, arguments.userColumn);
    }
    // Qualified here (also when given with -D) so that tasks read the very file named.
    Path passwordFile = arguments.passwordFile != null ? arguments.passwordFile
        : SevenZPasswords.getPasswordFile(conf);
    if (passwordFile != null) {
      SevenZPasswords.setPasswordFile(conf, passwordFile);
    }
    String problem = JobSupport.checkOutputAbsent(arguments.output, conf);
    if (problem == null) {
      problem = JobSupport.checkInputsExist(arguments.inputs, conf);
    }
    if (problem == null) {
      problem = SevenZPasswords.checkPasswordFile(conf);
    }
    if (problem != null) {
      System.err.println("logcount " + NAME + ": " + problem);
      return LogCount.EXIT_FAILED;
    }
    Job job;
    try {
      SevenZInputFormat.getLimits(conf);
      UniqueUsersMapper.getUserColumn(conf);
      job = createJob(conf, arguments.inputs, arguments.output);
    } catch (IllegalArgumentException e) {
      System.err.println("logcount " + NAME + ": " + e.getMessage());
      return LogCount.EXIT_USAGE;
    }
    long started = System.nanoTime();
    boolean succeeded;
    try {
      succeeded = job.waitForCompletion(true);
    } catch (IOException e) {
      // Submission failures: typically an archive whose header cannot be read.
      System.err.println("logcount " + NAME + ": the job could not start: " + e.getMessage());
      removeIncompleteOutput(arguments.output, conf);
      return LogCount.EXIT_FAILED;
    }
    if (!succeeded) {
      System.err.println("logcount " + NAME + ": job " + job.getJobID() + " failed: "
          + JobSupport.failureReason(job));
      removeIncompleteOutput(arguments.output, conf);
      return LogCount.EXIT_FAILED;
    }
    JobSummary summary = summarize(job.getCounters(), (System.nanoTime() - started) / 1e9);
    summary.put("output", arguments.output.getFileSystem(conf).makeQualified(arguments.output).toString());
    summary.putSkipped(arguments.output, conf, 1000);
    summary.write(arguments.output, conf);
    System.out.println(summary.toJson());
    return LogCount.EXIT_OK;
  }

  /** The summary of a finished run, from its counters. */
  static JobSummary summarize(Counters counters, double seconds) {
    JobSummary summary = new JobSummary(NAME);
    summary.put("distinct_users", counters.findCounter(UniqueUsersCounter.DISTINCT_USERS).getValue());
    summary.putInputFigures(counters);
    summary.put("seconds", Math.round(seconds * 1000) / 1000.0);
    return summary;
  }

  /**
   * A job whose tasks failed leaves OUTPUT without {@code _SUCCESS}; the committer has already
   * discarded the attempts' files. OUTPUT did not exist before this run (checked), so the empty
   * shell is ours to remove, which lets the same command be run again.
   */
  private static void removeIncompleteOutput(Path output, Configuration conf) throws IOException {
    FileSystem fs = output.getFileSystem(conf);
    if (fs.exists(output) && !fs.exists(new Path(output, FileOutputCommitter.SUCCEEDED_FILE_NAME))) {
      fs.delete(output, true);
      System.err.println("logcount " + NAME + ": removed the incomplete output " + output);
    }
  }

  /** The configured job, ready to submit: what the driver runs, and what tests submit. */
  public static Job createJob(Configuration conf, List<Path> inputs, Path output) throws IOException {
    SevenZPasswords.checkNotInConfiguration(conf); // the job configuration must never hold it
    Job job = Job.getInstance(conf, "logcount " + NAME + " " + inputs + " -> " + output);
    job.setJarByClass(UniqueUsersJob.class);

    job.setInputFormatClass(SevenZInputFormat.class);
    FileInputFormat.setInputDirRecursive(job, true);
    for (Path input : inputs) {
      FileInputFormat.addInputPath(job, input);
    }

    job.setMapperClass(UniqueUsersMapper.class);
    if (getCombiner(conf)) {
      job.setCombinerClass(EventCountCombiner.class);
    }
    job.setReducerClass(UniqueUsersReducer.class);
    job.setMapOutputKeyClass(Text.class);
    // Variable-length counts: a 1 is one byte instead of eight, so map output records shrink
    // from 22 to 15 bytes (spills, shuffle and merges move a third less).
    job.setMapOutputValueClass(VLongWritable.class);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(VLongWritable.class);

    job.setOutputFormatClass(TextOutputFormat.class);
    FileOutputFormat.setOutputPath(job, output);
    MalformedLines.configure(job);
    // Algorithm 1 moves task output into OUTPUT only at job commit: a failed job leaves no
    // part files behind (algorithm 2 would leave the successful tasks' files).
    job.getConfiguration().setInt(FileOutputCommitter.FILEOUTPUTCOMMITTER_ALGORITHM_VERSION, 1);
    return job;
  }
}
