package io.logcount.jobs.common;

/**
 * A bad command line or setting: the command prints the message and its usage, and exits
 * with {@link ExitCodes#USAGE}.
 */
public final class UsageException extends Exception {

  private static final long serialVersionUID = 1L;

  /** @param message what is wrong and, where it helps, the accepted values */
  public UsageException(String message) {
    super(message);
  }
}
