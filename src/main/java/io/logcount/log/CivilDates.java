package io.logcount.log;

/**
 * Proleptic Gregorian dates to and from days since 1970-01-01, in integer arithmetic: what
 * {@link Timestamps} and {@link TimeBucket} need per record, without {@code java.time} objects.
 *
 * <p>The algorithms are Howard Hinnant's {@code days_from_civil} and {@code civil_from_days}
 * ("chrono-Compatible Low-Level Date Algorithms"): years are counted from March, so the leap
 * day is the last day of a year and a 400-year era has a fixed 146097 days. They are exact for
 * every year; the tests compare them with {@code java.time.LocalDate} over years 0 to 9999.
 */
final class CivilDates {

  /** Days from 0000-03-01 (the start of era 0) to 1970-01-01. */
  private static final int DAYS_0000_03_01_TO_EPOCH = 719468;
  private static final int DAYS_PER_ERA = 146097;

  private CivilDates() {
  }

  /** Days since 1970-01-01 of a valid date ({@code month} 1-12, {@code day} within it). */
  static long daysFromCivil(int year, int month, int day) {
    int y = month <= 2 ? year - 1 : year;
    int era = Math.floorDiv(y, 400);
    int yearOfEra = y - era * 400; // [0, 399]
    int dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1; // [0, 365]
    int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear; // [0, 146096]
    return (long) era * DAYS_PER_ERA + dayOfEra - DAYS_0000_03_01_TO_EPOCH;
  }

  /**
   * The date {@code epochDay} days after 1970-01-01, packed as {@code year * 10000 + month * 100
   * + day} (so 2026-01-05 is 20260105). The packing needs a non-negative year: this package
   * only handles years 0 to 9999 ({@link Timestamps#MIN_MILLIS} to {@link Timestamps#MAX_MILLIS}).
   */
  static int civilFromDays(long epochDay) {
    long z = epochDay + DAYS_0000_03_01_TO_EPOCH;
    long era = Math.floorDiv(z, DAYS_PER_ERA);
    int dayOfEra = (int) (z - era * DAYS_PER_ERA); // [0, 146096]
    int yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365; // [0, 399]
    int dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100); // [0, 365]
    int mp = (5 * dayOfYear + 2) / 153; // month counted from March, [0, 11]
    int day = dayOfYear - (153 * mp + 2) / 5 + 1;
    int month = mp < 10 ? mp + 3 : mp - 9;
    int year = (int) (era * 400) + yearOfEra + (month <= 2 ? 1 : 0);
    return year * 10000 + month * 100 + day;
  }

  /** Days in {@code month} (1-12) of {@code year}. */
  static int lengthOfMonth(int year, int month) {
    if (month == 2) {
      return isLeap(year) ? 29 : 28;
    }
    return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
  }

  static boolean isLeap(int year) {
    return (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
  }
}
