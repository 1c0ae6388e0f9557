package io.logcount.mapred;

/** Records the old-API formats ({@link LogLineInputFormat}) keep from the tools, and why. */
public enum MapredInputCounter {
  /** Lines longer than {@code logcount.max-line-bytes}: only their first bytes were read. */
  LONG_LINES_DROPPED,
  /** Reports of corrupt folders skipped under {@code logcount.skip-corrupt}: not lines. */
  CORRUPT_FOLDER_REPORTS_DROPPED
}
