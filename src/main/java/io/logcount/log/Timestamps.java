package io.logcount.log;

/**
 * Parses a Timestamp field, as raw bytes, to milliseconds since 1970-01-01T00:00:00Z.
 *
 * <p>Accepted forms (ASCII, nothing before or after):
 * <ul>
 *   <li>Epoch seconds or milliseconds: decimal digits, optionally a {@code .} and 1 to 9
 *       fraction digits ({@code 1700000000}, {@code 1700000000.123}, {@code 1700000000123}).
 *       A number below {@link #MILLIS_FROM} (10<sup>11</sup>, i.e. 11 digits or fewer without
 *       leading zeros) is seconds, any other is milliseconds. The rule is ambiguous only for
 *       seconds after year 5138 and milliseconds before 1973-03-03, neither of which an ad
 *       server writes. No sign: a negative number (often {@code -1} for "unknown") is invalid.
 *   <li>ISO-8601 dates and times: {@code 2026-01-05} (midnight UTC), {@code 2026-01-05T13},
 *       {@code 2026-01-05T13:04}, {@code 2026-01-05T13:04:05}, a fraction of 1 to 9 digits after
 *       the seconds ({@code .123}), then an optional zone: {@code Z}, {@code +02:00},
 *       {@code +0200} or {@code +02} (up to &plusmn;18:00). No zone means UTC. A space may
 *       replace the {@code T}; {@code t} and {@code z} are accepted as {@code T} and {@code Z}.
 *       The year has 4 digits; fields are range-checked (February 29 only in leap years, no leap
 *       second, no hour 24).
 * </ul>
 * Fractions below a millisecond are truncated (the instant is rounded down). Results outside
 * years 0000 to 9999 UTC ({@link #MIN_MILLIS} to {@link #MAX_MILLIS}) are invalid, so that every
 * parsed instant has a {@link TimeBucket} label.
 *
 * <p>{@link #parse(byte[], int, int)} runs once per record: it never throws and never
 * allocates, and an unparsable field returns {@link #INVALID}. It is a hand-written byte parser
 * rather than {@code java.time}, which would build a String and several objects per line; the
 * tests check it against {@code java.time} on many random instants in every form.
 */
public final class Timestamps {

  /** Returned for a field that is no timestamp in an accepted form. Never a parsed value. */
  public static final long INVALID = Long.MIN_VALUE;
  /** 0000-01-01T00:00:00Z, the earliest instant parsed. */
  public static final long MIN_MILLIS = -62167219200000L;
  /** 9999-12-31T23:59:59.999Z, the latest instant parsed. */
  public static final long MAX_MILLIS = 253402300799999L;
  /** Epoch numbers from this one up are milliseconds (1973-03-03T09:46:40Z), below it seconds. */
  public static final long MILLIS_FROM = 100_000_000_000L;

  private static final long SECOND = 1000L;
  private static final long MINUTE = 60 * SECOND;
  private static final long HOUR = 60 * MINUTE;
  private static final long DAY = 24 * HOUR;
  /** More digits than this could overflow a long and are far past {@link #MAX_MILLIS} anyway. */
  private static final int MAX_EPOCH_DIGITS = 18;
  private static final int MAX_FRACTION_DIGITS = 9;
  private static final int MAX_OFFSET_HOURS = 18;

  private Timestamps() {
  }

  /**
   * The instant in {@code bytes[offset, offset + length)} in epoch milliseconds, or
   * {@link #INVALID}.
   */
  public static long parse(byte[] bytes, int offset, int length) {
    if (length <= 0) {
      return INVALID;
    }
    // Every ISO form starts with a 4-digit year and '-'; no epoch number has a '-'.
    long millis = length >= 10 && bytes[offset + 4] == '-'
        ? parseIso(bytes, offset, offset + length)
        : parseEpoch(bytes, offset, offset + length);
    return millis >= MIN_MILLIS && millis <= MAX_MILLIS ? millis : INVALID;
  }

  /**
   * {@link #parse(byte[], int, int)} for text, e.g. a command-line bound; a non-ASCII character
   * makes it {@link #INVALID}.
   */
  public static long parse(CharSequence text) {
    byte[] bytes = new byte[text.length()];
    for (int i = 0; i < bytes.length; i++) {
      char c = text.charAt(i);
      if (c >= 0x80) {
        return INVALID;
      }
      bytes[i] = (byte) c;
    }
    return parse(bytes, 0, bytes.length);
  }

  private static long parseEpoch(byte[] b, int i, int limit) {
    long value = 0;
    int digits = 0;
    for (; i < limit && isDigit(b[i]); i++) {
      if (++digits > MAX_EPOCH_DIGITS) {
        return INVALID;
      }
      value = value * 10 + (b[i] - '0');
    }
    if (digits == 0) {
      return INVALID;
    }
    int fractionMillis = 0;
    if (i < limit) {
      if (b[i] != '.') {
        return INVALID;
      }
      int end = fractionEnd(b, i + 1, limit);
      if (end != limit) {
        return INVALID;
      }
      fractionMillis = fractionMillis(b, i + 1, end);
    }
    // A fraction of a millisecond count is below the millisecond: truncated.
    return value < MILLIS_FROM ? value * SECOND + fractionMillis : value;
  }

  /**
   * The end of 1 to {@link #MAX_FRACTION_DIGITS} digits from {@code i}, or -1 if there are none
   * or too many.
   */
  private static int fractionEnd(byte[] b, int i, int limit) {
    int end = i;
    while (end < limit && isDigit(b[end])) {
      end++;
    }
    int digits = end - i;
    return digits >= 1 && digits <= MAX_FRACTION_DIGITS ? end : -1;
  }

  /** The first three fraction digits in {@code b[i, end)} as milliseconds (".5" is 500). */
  private static int fractionMillis(byte[] b, int i, int end) {
    int millis = 0;
    for (int k = 0; k < 3; k++) {
      millis = millis * 10 + (i + k < end ? b[i + k] - '0' : 0);
    }
    return millis;
  }

  private static long parseIso(byte[] b, int off, int limit) {
    int year = digits(b, off, 4);
    int month = digits(b, off + 5, 2);
    int day = digits(b, off + 8, 2);
    if (year < 0 || month < 1 || month > 12 || b[off + 7] != '-' || day < 1
        || day > CivilDates.lengthOfMonth(year, month)) {
      return INVALID;
    }
    long millis = CivilDates.daysFromCivil(year, month, day) * DAY;
    int i = off + 10;
    if (i == limit) {
      return millis;
    }
    byte separator = b[i];
    if ((separator != 'T' && separator != 't' && separator != ' ') || limit - i < 3) {
      return INVALID;
    }
    int hour = digits(b, i + 1, 2);
    if (hour < 0 || hour > 23) {
      return INVALID;
    }
    millis += hour * HOUR;
    i += 3;
    if (i < limit && b[i] == ':') {
      int minute = limit - i >= 3 ? digits(b, i + 1, 2) : -1;
      if (minute < 0 || minute > 59) {
        return INVALID;
      }
      millis += minute * MINUTE;
      i += 3;
      if (i < limit && b[i] == ':') {
        int second = limit - i >= 3 ? digits(b, i + 1, 2) : -1;
        if (second < 0 || second > 59) {
          return INVALID;
        }
        millis += second * SECOND;
        i += 3;
        if (i < limit && b[i] == '.') {
          int end = fractionEnd(b, i + 1, limit);
          if (end < 0) {
            return INVALID;
          }
          millis += fractionMillis(b, i + 1, end);
          i = end;
        }
      }
    }
    if (i == limit) {
      return millis; // no zone: UTC
    }
    byte zone = b[i];
    if ((zone == 'Z' || zone == 'z') && i + 1 == limit) {
      return millis;
    }
    if (zone != '+' && zone != '-') {
      return INVALID;
    }
    return applyOffset(b, i + 1, limit, millis, zone == '-');
  }

  /** The UTC instant of {@code localMillis} at the offset {@code HH}, {@code HHMM} or {@code HH:MM}. */
  private static long applyOffset(byte[] b, int i, int limit, long localMillis, boolean negative) {
    int length = limit - i;
    int hours = length >= 2 ? digits(b, i, 2) : -1;
    int minutes;
    if (length == 2) {
      minutes = 0;
    } else if (length == 4) {
      minutes = digits(b, i + 2, 2);
    } else if (length == 5 && b[i + 2] == ':') {
      minutes = digits(b, i + 3, 2);
    } else {
      return INVALID;
    }
    if (hours < 0 || minutes < 0 || minutes > 59 || hours * 60 + minutes > MAX_OFFSET_HOURS * 60) {
      return INVALID;
    }
    long offset = hours * HOUR + minutes * MINUTE;
    // Local time = UTC + offset, so UTC = local - offset.
    return negative ? localMillis + offset : localMillis - offset;
  }

  /** The value of {@code count} ASCII digits at {@code i} (the caller checked they exist), or -1. */
  private static int digits(byte[] b, int i, int count) {
    int value = 0;
    for (int k = i; k < i + count; k++) {
      if (!isDigit(b[k])) {
        return -1;
      }
      value = value * 10 + (b[k] - '0');
    }
    return value;
  }

  private static boolean isDigit(byte c) {
    return c >= '0' && c <= '9';
  }
}
