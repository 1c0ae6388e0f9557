package io.logcount.jobs.common;

/**
 * The exit codes of every logcount command, as {@code hadoop jar} and EMR steps report them.
 * They live here, not on the entry point, so that a job never imports the class that lists
 * the jobs.
 */
public final class ExitCodes {

  /** Success. */
  public static final int OK = 0;
  /** The job ran and failed, or an input is missing or unreadable, or the output exists. */
  public static final int FAILED = 1;
  /** Bad usage: unknown command or option, missing or malformed arguments or settings. */
  public static final int USAGE = 2;

  private ExitCodes() {
  }
}
