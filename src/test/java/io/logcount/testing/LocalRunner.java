package io.logcount.testing;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import io.logcount.LogCount;

/**
 * Runs logcount commands in this JVM, on Hadoop's local runner, as {@code scripts/logcount}
 * would: the shared harness of the job tests (exit code, stdout and stderr of each run).
 */
public final class LocalRunner {

  /** Hadoop's scratch space for local runs: the test class's own under {@link LocalRunnerExtension}. */
  private static volatile File scratch;

  private LocalRunner() {
  }

  /** Keeps Hadoop from looking for winutils or a Hadoop install. */
  public static void quietHadoop() {
    System.setProperty("hadoop.home.dir", "/");
  }

  /** Where local runs keep their staging and {@code hadoop.tmp.dir} now. */
  public static File scratch() {
    File s = scratch;
    return s != null ? s : new File("target/it-scratch").getAbsoluteFile();
  }

  /** Points local runs at {@code dir} (null: the shared default); {@link LocalRunnerExtension} only. */
  static void useScratch(File dir) {
    scratch = dir;
  }

  /** A local-runner configuration with its scratch under {@link #scratch}, never /tmp/hadoop*. */
  public static Configuration localConf() {
    Configuration conf = new Configuration();
    conf.set("mapreduce.framework.name", "local");
    conf.set("fs.defaultFS", "file:///");
    conf.set("hadoop.tmp.dir", new File(scratch(), "hadoop-tmp").getAbsolutePath());
    conf.set("mapreduce.jobtracker.staging.root.dir", new File(scratch(), "staging").getAbsolutePath());
    conf.setInt("mapreduce.local.map.tasks.maximum", 2);
    conf.setInt("mapreduce.task.io.sort.mb", 16);
    return conf;
  }

  /** Exit code, stdout and stderr of one run. */
  public static final class Run {
    public int exit;
    public String out;
    public String err;
  }

  /** Runs {@code logcount ARGS...} (command first) and captures what it printed. */
  public static Run run(String... args) throws Exception {
    return run(localConf(), args);
  }

  /**
   * Runs {@code logcount ARGS...} on {@code conf}, a {@link #localConf()} the test added settings
   * to (an object store's endpoint and credentials, say), and captures what it printed.
   */
  public static synchronized Run run(Configuration conf, String... args) throws Exception {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Run run = new Run();
    try {
      System.setOut(new PrintStream(out, true, "UTF-8"));
      System.setErr(new PrintStream(err, true, "UTF-8"));
      run.exit = LogCount.run(conf, args);
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
    run.out = out.toString("UTF-8");
    run.err = err.toString("UTF-8");
    oldErr.print(run.err);
    return run;
  }

  /** A job's output as figures: part files for users, malformed/ for malformed lines. */
  public static Figures outputFigures(File output) throws IOException {
    return JobOutput.figures(FileSystem.getLocal(new Configuration()), new Path(output.toURI()));
  }

  /** One figure of a local job's {@code _summary.json}. */
  public static long summaryField(File output, String field) throws IOException {
    return JobOutput.summaryField(FileSystem.getLocal(new Configuration()), new Path(output.toURI()), field);
  }
}
