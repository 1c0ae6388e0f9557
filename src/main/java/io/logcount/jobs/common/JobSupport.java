package io.logcount.jobs.common;

import java.io.IOException;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.lib.output.FileOutputCommitter;

import io.logcount.sevenz.SevenZPasswords;

/** Checks and steps every job driver shares: inputs, the never-overwritten output, running and failing. */
public final class JobSupport {

  private JobSupport() {
  }

  /**
   * Null if {@code output} does not exist, else the message to print: an existing output is
   * never overwritten, and the check runs before anything is submitted.
   */
  public static String checkOutputAbsent(Path output, Configuration conf) throws IOException {
    FileSystem fs = output.getFileSystem(conf);
    if (fs.exists(output)) {
      return "output " + fs.makeQualified(output) + " already exists; logcount never overwrites an "
          + "output: remove it or choose another path";
    }
    return null;
  }

  /**
   * Null if a job may run on these paths, else the first problem to print: the output exists
   * ({@link #checkOutputAbsent}), an input is missing ({@link #checkInputsExist}), or the
   * 7z password file named in {@code conf} cannot be read.
   */
  public static String checkPaths(Path output, List<Path> inputs, Configuration conf)
      throws IOException {
    String problem = checkOutputAbsent(output, conf);
    if (problem == null) {
      problem = checkInputsExist(inputs, conf);
    }
    if (problem == null) {
      problem = SevenZPasswords.checkPasswordFile(conf);
    }
    return problem;
  }

  /** Null if every input exists (a glob must match something), else the message to print. */
  public static String checkInputsExist(List<Path> inputs, Configuration conf) throws IOException {
    for (Path input : inputs) {
      FileSystem fs = input.getFileSystem(conf);
      FileStatus[] matches = fs.globStatus(input);
      if (matches == null || matches.length == 0) {
        return "input " + input + " does not exist (or the pattern matches nothing)";
      }
    }
    return null;
  }

  /**
   * Why a finished job failed, in a few lines: the diagnostics of its failed task attempts (the
   * record reader's message names archive, folder and entry), else the job's failure info. The
   * local runner keeps neither; its task errors are in the log above.
   */
  public static String failureReason(org.apache.hadoop.mapreduce.Job job) {
    StringBuilder reason = new StringBuilder();
    try {
      for (org.apache.hadoop.mapreduce.TaskCompletionEvent event : job.getTaskCompletionEvents(0, 1000)) {
        org.apache.hadoop.mapreduce.TaskCompletionEvent.Status status = event.getStatus();
        // A task that failed its last attempt is reported TIPFAILED, not FAILED: both carry diagnostics.
        if (status != org.apache.hadoop.mapreduce.TaskCompletionEvent.Status.FAILED
            && status != org.apache.hadoop.mapreduce.TaskCompletionEvent.Status.TIPFAILED) {
          continue;
        }
        for (String diagnostic : job.getTaskDiagnostics(event.getTaskAttemptId())) {
          String first = diagnostic.split("\n", 2)[0];
          if (reason.indexOf(first) < 0 && reason.length() < 2000) {
            reason.append("\n  ").append(event.getTaskAttemptId()).append(": ").append(first);
          }
        }
      }
    } catch (IOException | InterruptedException | RuntimeException e) {
      reason.append("\n  (task diagnostics unavailable: ").append(e.getMessage()).append(')');
    }
    if (reason.length() > 0) {
      return reason.toString();
    }
    String info = "";
    try {
      info = job.getStatus().getFailureInfo();
    } catch (IOException | InterruptedException e) {
      info = "";
    }
    if (info == null || info.isEmpty() || "NA".equals(info)) {
      return "a task failed; its error (naming the archive, folder and entry) is in the log above";
    }
    return info;
  }

  /**
   * Runs a configured job to its end, printing progress; on failure prints why (naming the
   * failed tasks' errors) and removes the incomplete {@code output} this run created (null for
   * a job without one). Returns true on success.
   */
  public static boolean runJob(Job job, String command, Path output) throws IOException, InterruptedException {
    Configuration conf = job.getConfiguration();
    boolean succeeded;
    try {
      succeeded = job.waitForCompletion(true);
    } catch (IOException e) {
      // Submission failures: typically an archive whose header cannot be read.
      System.err.println("logcount " + command + ": the job could not start: " + e.getMessage());
      removeIncompleteOutput(command, output, conf);
      return false;
    } catch (ClassNotFoundException e) {
      throw new IOException(e);
    }
    if (!succeeded) {
      System.err.println("logcount " + command + ": job " + job.getJobID() + " failed: " + failureReason(job));
      removeIncompleteOutput(command, output, conf);
    }
    return succeeded;
  }

  /**
   * Writes OUTPUT's {@code _SUCCESS} (empty, as {@code FileOutputCommitter} writes it): called
   * once OUTPUT is final, after the job's last step and its summary.
   */
  public static void markSucceeded(Path output, Configuration conf) throws IOException {
    output.getFileSystem(conf).create(new Path(output, FileOutputCommitter.SUCCEEDED_FILE_NAME), false).close();
  }

  /**
   * A job whose tasks failed leaves OUTPUT without {@code _SUCCESS}; the committer has already
   * discarded the attempts' files. OUTPUT did not exist before this run (checked), so the empty
   * shell is ours to remove, which lets the same command be run again.
   */
  public static void removeIncompleteOutput(String command, Path output, Configuration conf) throws IOException {
    if (output == null) {
      return;
    }
    FileSystem fs = output.getFileSystem(conf);
    if (fs.exists(output) && !fs.exists(new Path(output, FileOutputCommitter.SUCCEEDED_FILE_NAME))) {
      fs.delete(output, true);
      System.err.println("logcount " + command + ": removed the incomplete output " + output);
    }
  }
}
