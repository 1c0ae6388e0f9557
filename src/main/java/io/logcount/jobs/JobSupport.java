package io.logcount.jobs;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.GenericOptionsParser;

/** Checks and messages every job driver shares: usage, inputs, the never-overwritten output. */
public final class JobSupport {

  private JobSupport() {
  }

  /** Thrown by a driver's argument parsing; the driver prints the message and usage, exits 2. */
  public static final class UsageException extends Exception {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
      super(message);
    }
  }

  /** Prints a job's own usage lines followed by Hadoop's generic options. */
  public static void printUsage(PrintStream out, String usage) {
    out.println(usage);
    GenericOptionsParser.printGenericCommandUsage(out);
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
        if (event.getStatus() != org.apache.hadoop.mapreduce.TaskCompletionEvent.Status.FAILED) {
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

  /** Parses a non-negative int option value, naming the option in the error. */
  public static int parseNonNegativeInt(String option, String value) throws UsageException {
    try {
      int n = Integer.parseInt(value);
      if (n < 0) {
        throw new UsageException(option + " must be >= 0, got " + value);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new UsageException(option + " needs a number, got '" + value + "'");
    }
  }
}
