package io.logcount.jobs.stream;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.ClassUtil;

import io.logcount.jobs.common.Command;
import io.logcount.jobs.common.CommandOptions;
import io.logcount.jobs.common.JobSupport;
import io.logcount.jobs.common.LogJobDriver;
import io.logcount.jobs.common.UsageException;
import io.logcount.mapred.LogLineInputFormat;
import io.logcount.mapred.LogLinesInputFormat;
import io.logcount.sevenz.SevenZPasswords;

/**
 * {@code stream}: Hadoop Streaming over logs in any of our formats (plain, gz, bz2, xz, zst, lz4,
 * 7z, mixed). A Streaming user's mapper and reducer, unchanged, read the lines inside the files: the command runs Streaming's own job
 * ({@code org.apache.hadoop.streaming.StreamJob}, from the hadoop-streaming jar of the Hadoop
 * it runs on) with {@code -inputformat} {@link LogLinesInputFormat} and
 * {@code stream.map.input.ignoreKey=true}, so the mapper's stdin holds exactly the lines (see
 * {@link LogLineInputFormat}), as with {@code TextInputFormat} over plain text. Every other
 * Streaming option ({@code -mapper}, {@code -reducer}, {@code -combiner},
 * {@code -numReduceTasks}, {@code -cmdenv}, ...) and every generic option ({@code -files},
 * {@code -D}, ...) means what it means to Streaming.
 */
public class StreamCommand extends Command {

  /** The sub-command name. */
  public static final String NAME = "stream";

  /**
   * The logcount jar the tasks get with the job (as with {@code -libjars}), for the input
   * format. Default: the jar this class was loaded from (under {@code hadoop jar}, the job jar);
   * from a classes directory (an IDE, the local runner's tests) nothing is shipped.
   */
  public static final String JOB_JAR = "logcount.stream.job-jar";

  /** Sets {@link #JOB_JAR}. */
  public static void setJobJar(Configuration conf, String jar) {
    conf.set(JOB_JAR, jar);
  }

  /** {@link #JOB_JAR}: the configured jar, else the one this class came from, else null (ship none). */
  public static String getJobJar(Configuration conf) {
    String jar = conf.get(JOB_JAR);
    return jar != null ? jar : ClassUtil.findContainingJar(StreamCommand.class);
  }

  /** Streaming's options that take no value; each other single-dash option takes one. */
  private static final Set<String> STREAMING_FLAGS = new HashSet<>(Arrays.asList(
      "-background", "-verbose", "-info", "-help", "-debug", "-lazyOutput"));
  /** Given as INPUT... OUTPUT, or fixed by this command. */
  private static final Set<String> REFUSED = new HashSet<>(Arrays.asList("-input", "-output", "-inputformat"));
  /** Hadoop's generic options: only ToolRunner reads them, and only before everything else. */
  private static final Set<String> GENERIC = new HashSet<>(Arrays.asList(
      "-D", "-conf", "-fs", "-jt", "-files", "-libjars", "-archives", "-tokenCacheFile"));

  /** Streaming's key of whether the mapper is given only the value; see {@link LogLineInputFormat}. */
  static final String IGNORE_KEY = "stream.map.input.ignoreKey";

  private static final String STREAM_JOB = "org.apache.hadoop.streaming.StreamJob";

  public StreamCommand() {
    super(NAME, "INPUT... OUTPUT", "Runs a Hadoop Streaming job (e.g. a Python mapper and reducer) over the lines\n"
        + "of the logs under INPUT (plain, .gz, .bz2, .xz, .zst, .lz4, .7z, mixed); the mapper\n"
        + "reads exactly the lines.");
    options().value(LogJobDriver.PASSWORD_FILE, "PATH", "file holding the password of encrypted archives (any Hadoop\n"
        + "file system; chmod 600), or a credential provider alias " + SevenZPasswords.PASSWORD_ALIAS + ":\n"
        + "see docs/encrypted-archives.md");
    options().foreign("[streaming options]",
        "streaming options: Hadoop Streaming's own, passed on as they are: -mapper CMD,\n"
            + "-reducer CMD, -combiner CMD, -numReduceTasks N, -cmdenv N=V, -partitioner CLASS,\n"
            + "-outputformat CLASS, -lazyOutput, -verbose, ... (-info lists them); not -input,\n"
            + "-output, -inputformat (this command sets them).",
        STREAMING_FLAGS);
  }

  @Override
  protected String usageNotes() {
    return "Generic options (-files mapper.py,reducer.py, -D key=value, -libjars) come first, right\n"
        + "after 'stream'. The mapper reads each log line, without its newline, one per line of its\n"
        + "stdin (" + IGNORE_KEY + "=true); OUTPUT must not exist, and gets Streaming's part files.\n"
        + "Needs hadoop-streaming on the classpath: scripts/logcount has it; on a cluster, see\n"
        + "docs/cluster.md (EMR: HADOOP_CLASSPATH=/usr/lib/hadoop-mapreduce/hadoop-streaming.jar).";
  }

  @Override
  protected int execute(CommandOptions.Parsed args) throws Exception {
    List<String> paths = args.positional();
    if (paths.size() < 2) {
      throw new UsageException("needs at least one INPUT and an OUTPUT");
    }
    List<String> streaming = new ArrayList<>(args.foreign());
    for (String option : streaming) {
      if (REFUSED.contains(option)) {
        throw new UsageException(option + " is set by this command: give INPUT... OUTPUT after the options");
      }
      if (GENERIC.contains(option)) {
        throw new UsageException("generic option " + option + " must come right after the command, before"
            + " the streaming options");
      }
    }
    List<Path> inputs = new ArrayList<>();
    for (String p : paths.subList(0, paths.size() - 1)) {
      inputs.add(new Path(p));
    }
    Path output = new Path(paths.get(paths.size() - 1));
    Configuration conf = getConf();
    SevenZPasswords.checkNotInConfiguration(conf); // the job configuration must never hold it
    String passwordFile = args.get(LogJobDriver.PASSWORD_FILE);
    if (passwordFile != null) {
      SevenZPasswords.setPasswordFile(conf, new Path(passwordFile));
    }
    String problem = JobSupport.checkPaths(output, inputs, conf);
    if (problem == null) {
      problem = checkStreamingPresent();
    }
    if (problem != null) {
      return failure(problem);
    }
    configure(conf);
    for (Path input : inputs) {
      streaming.add("-input");
      streaming.add(input.toString());
    }
    streaming.add("-output");
    streaming.add(output.toString());
    streaming.add("-inputformat");
    streaming.add(LogLinesInputFormat.class.getName());
    settingsChecked();
    return LogStreamingJob.run(name(), getJobJar(conf), conf, streaming.toArray(new String[0]));
  }

  /** What this command sets unless the user did: the mapper reads only the value, input read recursively. */
  static void configure(Configuration conf) {
    if (conf.get(IGNORE_KEY) == null) {
      conf.setBoolean(IGNORE_KEY, true);
    }
    if (conf.get(org.apache.hadoop.mapreduce.lib.input.FileInputFormat.INPUT_DIR_RECURSIVE) == null) {
      conf.setBoolean(org.apache.hadoop.mapreduce.lib.input.FileInputFormat.INPUT_DIR_RECURSIVE, true);
    }
  }

  /** Null if hadoop-streaming is on the classpath, else where to get it. */
  private static String checkStreamingPresent() {
    try {
      Class.forName(STREAM_JOB, false, StreamCommand.class.getClassLoader());
      return null;
    } catch (ClassNotFoundException e) {
      return "Hadoop Streaming (" + STREAM_JOB + ") is not on the classpath: put the hadoop-streaming jar of"
          + " this Hadoop there, e.g. export HADOOP_CLASSPATH=/usr/lib/hadoop-mapreduce/hadoop-streaming.jar"
          + " on EMR, or $HADOOP_HOME/share/hadoop/tools/lib/hadoop-streaming-*.jar (docs/cluster.md)";
    }
  }
}
