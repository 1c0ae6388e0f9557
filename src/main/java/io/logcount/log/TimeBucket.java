package io.logcount.log;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A UTC calendar bucket of instants, for per-day or per-hour counts: its start, and its label
 * written as ASCII bytes into a caller's buffer without allocating ({@code 2026-01-05} for a
 * day, {@code 2026-01-05T13} for an hour). Labels sort as their buckets do, and
 * {@link Timestamps} parses a label back to its bucket's start.
 */
public enum TimeBucket {
  /** A UTC day, labelled {@code yyyy-MM-dd}. */
  DAY(24 * 3_600_000L, 10),
  /** A UTC hour, labelled {@code yyyy-MM-ddTHH}. */
  HOUR(3_600_000L, 13);

  private static final long MILLIS_PER_DAY = 24 * 3_600_000L;

  private final long sizeMillis;
  private final int labelLength;

  TimeBucket(long sizeMillis, int labelLength) {
    this.sizeMillis = sizeMillis;
    this.labelLength = labelLength;
  }

  /** The length of a bucket in milliseconds. */
  public long sizeMillis() {
    return sizeMillis;
  }

  /** The number of bytes {@link #writeLabel} writes. */
  public int labelLength() {
    return labelLength;
  }

  /**
   * The first millisecond of the bucket holding {@code millis}; rounds down, also before 1970
   * (floor division, not Java's truncating {@code /}).
   */
  public long bucketStart(long millis) {
    return Math.floorDiv(millis, sizeMillis) * sizeMillis;
  }

  /**
   * Writes the label of the bucket holding {@code millis} at {@code buffer[offset]}.
   *
   * @param millis an instant from {@link Timestamps#MIN_MILLIS} to {@link Timestamps#MAX_MILLIS},
   *     which is every instant {@link Timestamps#parse} returns
   * @return the number of bytes written, {@link #labelLength()}
   * @throws IllegalArgumentException if {@code millis} is out of range (a 4-digit year) or the
   *     buffer has no room for the label
   */
  public int writeLabel(long millis, byte[] buffer, int offset) {
    if (millis < Timestamps.MIN_MILLIS || millis > Timestamps.MAX_MILLIS) {
      throw new IllegalArgumentException("instant " + millis + " ms is outside years 0000-9999: no "
          + name().toLowerCase(Locale.ROOT) + " label");
    }
    if (offset < 0 || buffer.length - offset < labelLength) {
      throw new IllegalArgumentException("no room for a " + labelLength + "-byte label at offset "
          + offset + " of a " + buffer.length + "-byte buffer");
    }
    long epochDay = Math.floorDiv(millis, MILLIS_PER_DAY);
    int date = CivilDates.civilFromDays(epochDay); // yyyymmdd
    writeDigits(buffer, offset, date / 10000, 4);
    buffer[offset + 4] = '-';
    writeDigits(buffer, offset + 5, date / 100 % 100, 2);
    buffer[offset + 7] = '-';
    writeDigits(buffer, offset + 8, date % 100, 2);
    if (this == HOUR) {
      buffer[offset + 10] = 'T';
      writeDigits(buffer, offset + 11, (int) ((millis - epochDay * MILLIS_PER_DAY) / sizeMillis), 2);
    }
    return labelLength;
  }

  /** The label of the bucket holding {@code millis} as a String (allocates; not for hot paths). */
  public String label(long millis) {
    byte[] buffer = new byte[labelLength];
    writeLabel(millis, buffer, 0);
    return new String(buffer, StandardCharsets.US_ASCII);
  }

  /**
   * The bucket named {@code day} or {@code hour}, ignoring case.
   *
   * @throws IllegalArgumentException naming the value and the choices
   */
  public static TimeBucket parse(String name) {
    for (TimeBucket bucket : values()) {
      if (bucket.name().equalsIgnoreCase(name.trim())) {
        return bucket;
      }
    }
    throw new IllegalArgumentException("unknown time bucket '" + name + "'; use day or hour");
  }

  private static void writeDigits(byte[] buffer, int offset, int value, int width) {
    for (int i = offset + width - 1; i >= offset; i--) {
      buffer[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
  }
}
