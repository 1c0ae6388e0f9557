package io.logcount.formats;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.JobContext;

/**
 * Plans the files of a job, up to {@link PlanningSettings#THREADS} at once: each file's format
 * from its first bytes ({@link LogFormat#of}), then its splits ({@link FileFormat#plan}). On an
 * object store each file costs a few requests of tens of milliseconds, nearly all of it waiting,
 * so files are planned side by side rather than one after another.
 *
 * <p>The plans come back in the files' order, and a failure is the one planning the files one by
 * one would have met (that of the first failing file in that order): the splits and the error a
 * job gets do not depend on the threads.
 */
final class FilePlanner {

  /** One file's format and splits. */
  static final class Plan {
    final LogFormat format;
    final List<InputSplit> splits;

    Plan(LogFormat format, List<InputSplit> splits) {
      this.format = format;
      this.splits = splits;
    }
  }

  private FilePlanner() {
  }

  /**
   * The plans of {@code files}, {@code splitSizes[i]} the split size of {@code files.get(i)}, in
   * the files' order.
   *
   * @throws IOException the failure of the first file (in order) that could not be planned
   */
  static List<Plan> plan(List<FileStatus> files, long[] splitSizes, JobContext job) throws IOException {
    int threads = Math.min(PlanningSettings.getThreads(job.getConfiguration()), files.size());
    List<Plan> plans = new ArrayList<>(files.size());
    if (threads <= 1) {
      for (int i = 0; i < files.size(); i++) {
        plans.add(planOne(files.get(i), splitSizes[i], job));
      }
      return plans;
    }
    // Threads made here, by the submitting thread, inherit its access control context: under
    // the job client's doAs they act as the same user, hence share its cached file systems.
    ExecutorService pool = Executors.newFixedThreadPool(threads, new Named());
    try {
      List<Future<Plan>> pending = new ArrayList<>(files.size());
      for (int i = 0; i < files.size(); i++) {
        FileStatus file = files.get(i);
        long splitSize = splitSizes[i];
        pending.add(pool.submit(() -> planOne(file, splitSize, job)));
      }
      for (Future<Plan> plan : pending) {
        plans.add(await(plan));
      }
      return plans;
    } finally {
      pool.shutdownNow(); // after a failure: the other files' planning is of no use
    }
  }

  private static Plan planOne(FileStatus file, long splitSize, JobContext job) throws IOException {
    LogFormat format = LogFormat.of(file, job.getConfiguration());
    return new Plan(format, format.strategy().plan(file, splitSize, job));
  }

  private static Plan await(Future<Plan> plan) throws IOException {
    try {
      return plan.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while planning the input files");
    } catch (ExecutionException e) {
      // The planner's own exception, as planning in this thread would have thrown it.
      Throwable cause = e.getCause();
      if (cause instanceof IOException) {
        throw (IOException) cause;
      }
      if (cause instanceof RuntimeException) {
        throw (RuntimeException) cause;
      }
      if (cause instanceof Error) {
        throw (Error) cause;
      }
      throw new IOException(cause);
    }
  }

  /** Daemon threads named after what they do, for thread dumps of a slow submission. */
  private static final class Named implements ThreadFactory {
    private final AtomicInteger count = new AtomicInteger();

    @Override
    public Thread newThread(Runnable r) {
      Thread t = new Thread(r, "logcount-planning-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    }
  }
}
