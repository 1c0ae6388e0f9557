package io.logcount.cluster;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.VLongWritable;
import org.apache.hadoop.mapreduce.MRJobConfig;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.TaskAttemptID;

import io.logcount.jobs.uniqueusers.UniqueUsersMapper;
import io.logcount.jobs.uniqueusers.UniqueUsersReducer;
import io.logcount.jobs.common.LogRecord;
import io.logcount.sevenz.SevenZSplit;

/**
 * Test-only subclasses of the unique-users mapper and reducer that make the <em>first</em>
 * attempt of one chosen map task and one chosen reduce task fail part-way, so that a test can check that the framework's
 * retry gives the same output and the same counters as a run without faults.
 *
 * <p>They reach the containers in a small jar made at test time ({@link #writeJar}) and added to
 * the job's classpath from HDFS, as {@code -libjars} would: the test classes directory is not
 * on the containers' classpath ({@link MiniCluster}). These classes use nothing but Hadoop and
 * the job jar's classes.
 */
final class FaultHooks {

  /**
   * Name of the archive whose map task fails in its first attempt (the task reading it; with one
   * split per archive, exactly one task); unset: none. Read by {@link FailingMapper} only.
   */
  static final String FAIL_MAP_ARCHIVE = "logcount.test.fail.map-archive";
  /** Input lines the failing map attempt processes, output included, before it throws. */
  static final String FAIL_MAP_AFTER_LINES = "logcount.test.fail.map-after-lines";
  /** Index of the reduce task that fails in its first attempt; unset or -1: none. Read by {@link FailingReducer} only. */
  static final String FAIL_REDUCE_TASK = "logcount.test.fail.reduce-task";
  /** Users the failing reduce attempt writes before it throws. */
  static final String FAIL_REDUCE_AFTER_KEYS = "logcount.test.fail.reduce-after-keys";
  /** Start of the message of every failure the hooks throw. */
  static final String MESSAGE = "fault hook: attempt fails on purpose";

  /** Where the tasks found our (non-test) classes. */
  enum HookCounter {
    /** Tasks whose UniqueUsersMapper/Reducer class came from the localized job jar. */
    OUR_CLASSES_FROM_JOB_JAR,
    /** Tasks that found them anywhere else (the test classpath leaking into containers). */
    OUR_CLASSES_FROM_ELSEWHERE
  }

  private FaultHooks() {
  }

  /** {@link UniqueUsersMapper} whose first attempt on the chosen archive throws after some lines. */
  static final class FailingMapper extends UniqueUsersMapper {
    private long failAfter;
    private long seen;

    @Override
    protected void setup(Context context) throws IOException, InterruptedException {
      super.setup(context);
      countCodeSource(context, UniqueUsersMapper.class);
      Configuration conf = context.getConfiguration();
      String archive = ((SevenZSplit) context.getInputSplit()).getPath().getName();
      boolean chosen = archive.equals(conf.get(FAIL_MAP_ARCHIVE)) && context.getTaskAttemptID().getId() == 0;
      failAfter = chosen ? conf.getLong(FAIL_MAP_AFTER_LINES, 0) : 0;
    }

    @Override
    protected boolean record(LogRecord record, Context context) throws IOException, InterruptedException {
      boolean counted = super.record(record, context);
      failIfDue(++seen, failAfter, context);
      return counted;
    }
  }

  /** {@link UniqueUsersReducer} whose chosen task's first attempt throws after some users. */
  static final class FailingReducer extends UniqueUsersReducer {
    private long failAfter;
    private long seen;

    @Override
    protected void setup(Context context) throws IOException, InterruptedException {
      super.setup(context);
      countCodeSource(context, UniqueUsersReducer.class);
      Configuration conf = context.getConfiguration();
      TaskAttemptID attempt = context.getTaskAttemptID();
      boolean chosen = attempt.getTaskID().getId() == conf.getInt(FAIL_REDUCE_TASK, -1) && attempt.getId() == 0;
      failAfter = chosen ? conf.getLong(FAIL_REDUCE_AFTER_KEYS, 0) : 0;
    }

    @Override
    protected void reduce(Text user, Iterable<VLongWritable> counts, Context context)
        throws IOException, InterruptedException {
      super.reduce(user, counts, context);
      failIfDue(++seen, failAfter, context);
    }
  }

  private static void failIfDue(long seen, long failAfter, TaskAttemptContext context) throws IOException {
    if (seen == failAfter) {
      throw new IOException(MESSAGE + " (" + context.getTaskAttemptID() + " after " + seen + " records)");
    }
  }

  /** Counts where {@code ours} was loaded from: YARN localizes the submitted jar as job.jar. */
  private static void countCodeSource(TaskAttemptContext context, Class<?> ours) {
    String location = ours.getProtectionDomain().getCodeSource().getLocation().getPath();
    boolean fromJobJar = location.endsWith("/" + MRJobConfig.JOB_JAR);
    context.getCounter(fromJobJar ? HookCounter.OUR_CLASSES_FROM_JOB_JAR : HookCounter.OUR_CLASSES_FROM_ELSEWHERE)
        .increment(1);
  }

  /** Writes a jar of these hook classes (and nothing else) into {@code dir}; returns it. */
  static File writeJar(File dir) throws IOException {
    File classes;
    try {
      classes = new File(FaultHooks.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IOException(e);
    }
    String pkg = FaultHooks.class.getPackage().getName().replace('.', '/');
    File[] hooks = new File(classes, pkg).listFiles(
        (d, name) -> name.startsWith(FaultHooks.class.getSimpleName()) && name.endsWith(".class"));
    if (hooks == null || hooks.length == 0) {
      throw new IOException("no compiled " + FaultHooks.class.getName() + " classes under " + classes);
    }
    File jar = new File(dir, "fault-hooks.jar");
    try (OutputStream file = new FileOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
      for (File hook : hooks) {
        out.putNextEntry(new JarEntry(pkg + "/" + hook.getName()));
        Files.copy(hook.toPath(), out);
        out.closeEntry();
      }
    }
    return jar;
  }
}
