package io.logcount.jobs.common;

/**
 * What the mappers made of each input line. Every line the readers deliver lands in exactly
 * one of {@link #RECORDS}, {@link #MALFORMED}, {@link #BLANK_LINES}, {@link #OUT_OF_WINDOW} or
 * {@link #HEADER_LINES}: nothing is dropped silently.
 */
public enum RecordCounter {
  /** Valid events: the wanted field is present and non-empty. */
  RECORDS,
  /** Non-blank lines without the wanted field, or too long; each is written under {@code malformed/}. */
  MALFORMED,
  /** Empty or whitespace-only lines, skipped. */
  BLANK_LINES,
  /** The part of {@link #MALFORMED} that exceeded {@code logcount.max-line-bytes}. */
  LINES_TOO_LONG,
  /** The part of {@link #MALFORMED} whose timestamp did not parse (jobs that need the time only). */
  BAD_TIMESTAMPS,
  /** Valid events outside the {@code --from}/{@code --to} window, not counted by the job. */
  OUT_OF_WINDOW,
  /** First lines of files or entries skipped as headers ({@code --skip-header}). */
  HEADER_LINES
}
