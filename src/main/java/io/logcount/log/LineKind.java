package io.logcount.log;

/** What one input line is, under the record rules in the README. */
public enum LineKind {
  /** Empty, or only ASCII whitespace: skipped and counted, neither a record nor malformed. */
  BLANK,
  /** Not blank, but the wanted field is missing or empty: counted and written to the side output. */
  MALFORMED,
  /** A record: the wanted field is present and non-empty. */
  VALID
}
