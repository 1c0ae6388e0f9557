package io.logcount.jobs.stream;

import java.io.File;
import java.io.IOException;
import java.util.LinkedHashSet;
import java.util.Set;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapred.JobClient;
import org.apache.hadoop.mapred.RunningJob;
import org.apache.hadoop.mapred.TaskCompletionEvent;
import org.apache.hadoop.streaming.PipeMapRunner;
import org.apache.hadoop.streaming.StreamJob;
import org.apache.hadoop.util.ClassUtil;
import org.apache.hadoop.util.RunJar;

import io.logcount.jobs.common.ExitCodes;
import io.logcount.jobs.common.JobSupport;

/**
 * Hadoop Streaming's own {@link StreamJob} (its parser, its job set-up, so every Streaming option
 * means what it means there), with three changes made after its set-up: the map runner keeps
 * the mapper's stderr tail for the error ({@link StreamingMapRunner}); the logcount jar and the
 * hadoop-streaming jar go to the tasks with the job (a cluster's task classpath need have
 * neither); and submission reports a failure as the other logcount commands do, naming the
 * failed tasks' errors, and removes the incomplete output.
 */
class LogStreamingJob extends StreamJob {

  private final String command;
  private final String logcountJar;
  private boolean submitted;

  /**
   * @param command the sub-command, for messages
   * @param logcountJar the jar holding our input format, shipped to the tasks; null to ship
   *     nothing (classes already on the task classpath, as on the local runner)
   */
  LogStreamingJob(String command, String logcountJar) {
    this.command = command;
    this.logcountJar = logcountJar;
  }

  /**
   * Runs Streaming on {@code argv} (its own options, {@code -input}, {@code -output} and
   * {@code -inputformat} included); returns an exit code: Streaming's refusal of its arguments
   * (it printed why) is bad usage. Static, with no Streaming type in its signature, so that a
   * caller can check that hadoop-streaming is on the classpath before this class is loaded.
   */
  static int run(String command, String logcountJar, Configuration conf, String[] argv) throws Exception {
    LogStreamingJob job = new LogStreamingJob(command, logcountJar);
    job.setConf(conf);
    int exit = job.run(argv);
    if (!job.submitted) {
      return exit == 0 ? ExitCodes.OK : ExitCodes.USAGE;
    }
    return exit;
  }

  @Override
  protected void setJobConf() throws IOException {
    super.setJobConf();
    if (jobConf_.getMapRunnerClass() == PipeMapRunner.class) {
      jobConf_.setMapRunnerClass(StreamingMapRunner.class);
    }
    if (!isLocalHadoop()) {
      Set<String> jars = new LinkedHashSet<>();
      String listed = jobConf_.get("tmpjars", "");
      for (String jar : listed.split(",")) {
        if (!jar.trim().isEmpty()) {
          jars.add(jar.trim());
        }
      }
      if (logcountJar != null) {
        jars.add(qualified(logcountJar));
      }
      // Streaming packs its classes into the job jar only when it made one; ship them anyway.
      String streaming = ClassUtil.findContainingJar(StreamJob.class);
      if (streaming != null) {
        jars.add(qualified(streaming));
      }
      jobConf_.set("tmpjars", String.join(",", jars));
    }
  }

  private String qualified(String localJar) throws IOException {
    return FileSystem.getLocal(jobConf_).makeQualified(new Path(new File(localJar).getAbsolutePath())).toString();
  }

  @Override
  public int submitAndMonitorJob() throws IOException {
    submitted = true;
    if (jar_ != null && isLocalHadoop()) {
      // As Streaming does: the files of -file, unpacked where the local runner's tasks run.
      RunJar.unJar(new File(jar_), new File(".").getAbsoluteFile(), RunJar.MATCH_ANY);
    }
    Path output = new Path(output_);
    JobClient client = new JobClient(jobConf_);
    StderrTail tail = isLocalHadoop() ? StderrTail.install() : null;
    try {
      RunningJob running;
      try {
        running = client.submitJob(jobConf_);
      } catch (IOException e) {
        System.err.println("logcount " + command + ": the job could not start: " + e.getMessage());
        removeIncompleteOutput(output);
        return ExitCodes.FAILED;
      }
      if (background_) {
        System.err.println("logcount " + command + ": job " + running.getID() + " submitted; not waiting (-background)");
        return ExitCodes.OK;
      }
      boolean ok;
      try {
        ok = client.monitorAndPrintJob(jobConf_, running);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while waiting for job " + running.getID(), e);
      }
      if (!ok) {
        String said = tail == null ? "" : tail.tail();
        System.err.println("logcount " + command + ": job " + running.getID() + " failed: "
            + failureReason(running, said));
        removeIncompleteOutput(output);
        return ExitCodes.FAILED;
      }
      System.err.println("logcount " + command + ": output in " + output.getFileSystem(jobConf_).makeQualified(output));
      return ExitCodes.OK;
    } finally {
      if (tail != null) {
        tail.close();
      }
      client.close();
    }
  }

  /**
   * The failed task attempts' errors, first lines (on a cluster {@link StreamingMapRunner} put
   * the mapper's stderr tail there); else, on the local runner, which keeps no task errors, the
   * stderr tail seen here; else the job's failure info.
   */
  static String failureReason(RunningJob job, String localTail) {
    StringBuilder reason = new StringBuilder();
    try {
      for (TaskCompletionEvent event : job.getTaskCompletionEvents(0)) {
        // FAILED: an attempt that will be retried; TIPFAILED: the last attempt of a task.
        if (event.getTaskStatus() != TaskCompletionEvent.Status.FAILED
            && event.getTaskStatus() != TaskCompletionEvent.Status.TIPFAILED) {
          continue;
        }
        for (String diagnostic : job.getTaskDiagnostics(event.getTaskAttemptId())) {
          String first = diagnostic.split("\n", 2)[0];
          if (reason.indexOf(first) < 0 && reason.length() < 4000) {
            reason.append("\n  ").append(event.getTaskAttemptId()).append(": ").append(first);
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      reason.append("\n  (task diagnostics unavailable: ").append(e.getMessage()).append(')');
    }
    if (reason.length() > 0) {
      return reason.toString();
    }
    if (!localTail.isEmpty()) {
      return "a task failed; the last stderr lines: " + localTail;
    }
    try {
      String info = job.getFailureInfo();
      if (info != null && !info.isEmpty() && !"NA".equals(info)) {
        return info;
      }
    } catch (IOException e) {
      // fall through to the generic hint
    }
    return "a task failed; its error is in the log above";
  }

  private void removeIncompleteOutput(Path output) throws IOException {
    JobSupport.removeIncompleteOutput(command, output, jobConf_);
  }
}
