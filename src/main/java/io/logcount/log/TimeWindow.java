package io.logcount.log;

import java.time.Instant;

/**
 * The half-open interval [from, to) of instants a job counts, from its {@code --from} and
 * {@code --to} options; either bound may be absent (unbounded on that side).
 *
 * <p>Half-open so that consecutive windows ({@code --from 2026-01-05 --to 2026-01-06}, then
 * {@code --from 2026-01-06 ...}) count every event exactly once. The bounds are parsed by
 * {@link Timestamps}, the same rules as the Timestamp column, so a date means its midnight UTC.
 * An unbounded side stops at the range {@link Timestamps} parses, so {@link #contains} is false
 * for {@link Timestamps#INVALID} whatever the window.
 */
public final class TimeWindow {

  /** The window without bounds: every valid timestamp. */
  public static final TimeWindow ALL = new TimeWindow(Timestamps.MIN_MILLIS, Timestamps.MAX_MILLIS + 1);

  private static final String FORMS = "an ISO date (2026-01-05, midnight UTC), an ISO instant"
      + " (2026-01-05T13:04:05Z; seconds, fraction and zone optional, no zone means UTC,"
      + " offsets as +02:00 or +0200, a space may replace the T) or epoch seconds/milliseconds";

  private final long from;
  private final long to;

  private TimeWindow(long from, long to) {
    this.from = from;
    this.to = to;
  }

  /**
   * The window [from, to) from two option values, each null or blank for no bound.
   *
   * @throws IllegalArgumentException if a bound does not parse (the message names it and the
   *     accepted forms), or if both are given and {@code from} is not before {@code to}
   */
  public static TimeWindow parse(String from, String to) {
    long start = isAbsent(from) ? ALL.from : parseBound("from", from);
    long end = isAbsent(to) ? ALL.to : parseBound("to", to);
    if (start >= end) {
      throw new IllegalArgumentException("empty time window: from " + from + " is not before to " + to
          + " (the window is [from, to), to excluded)");
    }
    return new TimeWindow(start, end);
  }

  private static boolean isAbsent(String bound) {
    return bound == null || bound.trim().isEmpty();
  }

  private static long parseBound(String which, String value) {
    long millis = Timestamps.parse(value.trim());
    if (millis == Timestamps.INVALID) {
      throw new IllegalArgumentException("cannot parse time window bound " + which + " '" + value
          + "': expected " + FORMS + ", in years 0000-9999");
    }
    return millis;
  }

  /** True if {@code millis} (epoch milliseconds) is in [from, to). */
  public boolean contains(long millis) {
    return millis >= from && millis < to;
  }

  /** True if the window has neither bound. */
  public boolean isUnbounded() {
    return from == ALL.from && to == ALL.to;
  }

  /** The first instant in the window, epoch milliseconds ({@link Timestamps#MIN_MILLIS} if unbounded). */
  public long fromMillis() {
    return from;
  }

  /** The first instant after the window, epoch milliseconds ({@link Timestamps#MAX_MILLIS} + 1 if unbounded). */
  public long toMillis() {
    return to;
  }

  @Override
  public String toString() {
    return "[" + (from == ALL.from ? "unbounded" : Instant.ofEpochMilli(from).toString()) + ", "
        + (to == ALL.to ? "unbounded" : Instant.ofEpochMilli(to).toString()) + ")";
  }
}
