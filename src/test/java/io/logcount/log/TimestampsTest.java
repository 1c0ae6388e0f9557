package io.logcount.log;

import static io.logcount.log.Timestamps.INVALID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Random;

import org.junit.jupiter.api.Test;

class TimestampsTest {

  private static long parse(String s) {
    byte[] bytes = s.getBytes(StandardCharsets.ISO_8859_1);
    return Timestamps.parse(bytes, 0, bytes.length);
  }

  private static long millis(String isoInstant) {
    return Instant.parse(isoInstant).toEpochMilli();
  }

  @Test
  void epochSeconds() {
    assertEquals(1_700_000_000_000L, parse("1700000000"));
    assertEquals(0L, parse("0"));
    assertEquals(1_000L, parse("1"));
  }

  @Test
  void epochMillis() {
    assertEquals(1_700_000_000_123L, parse("1700000000123"));
  }

  @Test
  void secondsBelowTenToTheElevenMillisFromIt() {
    assertEquals(99_999_999_999_000L, parse("99999999999"), "11 digits: seconds (year 5138)");
    assertEquals(100_000_000_000L, parse("100000000000"), "12 digits: milliseconds (1973)");
    assertEquals(Timestamps.MILLIS_FROM, parse(Long.toString(Timestamps.MILLIS_FROM)));
    assertEquals(1_700_000_000_000L, parse("0001700000000"), "the rule is on the value: leading zeros change nothing");
  }

  @Test
  void epochSecondsWithFraction() {
    assertEquals(1_700_000_000_123L, parse("1700000000.123"));
    assertEquals(1_700_000_000_500L, parse("1700000000.5"));
    assertEquals(1_700_000_000_120L, parse("1700000000.12"));
    assertEquals(1_700_000_000_999L, parse("1700000000.999999999"), "below a millisecond is truncated");
    assertEquals(INVALID, parse("1700000000.1234567890"), "10 fraction digits");
    assertEquals(INVALID, parse("1700000000."));
    assertEquals(INVALID, parse(".5"));
  }

  @Test
  void epochMillisWithFractionTruncated() {
    assertEquals(1_700_000_000_123L, parse("1700000000123.9"));
  }

  @Test
  void negativeOrSignedEpochInvalid() {
    assertEquals(INVALID, parse("-1"));
    assertEquals(INVALID, parse("+1700000000"));
    assertEquals(INVALID, parse("-1700000000"));
  }

  @Test
  void isoUtc() {
    assertEquals(millis("2026-01-05T13:04:05Z"), parse("2026-01-05T13:04:05Z"));
    assertEquals(millis("2026-01-05T13:04:05Z"), parse("2026-01-05t13:04:05z"));
  }

  @Test
  void isoWithOffset() {
    long utc = millis("2026-01-05T11:04:05Z");
    assertEquals(utc, parse("2026-01-05T13:04:05+02:00"));
    assertEquals(utc, parse("2026-01-05T13:04:05+0200"));
    assertEquals(utc, parse("2026-01-05T13:04:05+02"));
    assertEquals(millis("2026-01-05T18:34:05Z"), parse("2026-01-05T13:04:05-05:30"));
    assertEquals(millis("2026-01-04T19:04:05Z"), parse("2026-01-05T13:04:05+18:00"));
    assertEquals(millis("2026-01-05T13:04:05Z"), parse("2026-01-05T13:04:05-00:00"));
  }

  @Test
  void isoWithFraction() {
    assertEquals(millis("2026-01-05T13:04:05.123Z"), parse("2026-01-05T13:04:05.123Z"));
    assertEquals(millis("2026-01-05T13:04:05.100Z"), parse("2026-01-05T13:04:05.1"));
    assertEquals(millis("2026-01-05T11:04:05.123Z"), parse("2026-01-05T13:04:05.123456789+02:00"));
  }

  @Test
  void isoWithoutZoneIsUtc() {
    assertEquals(millis("2026-01-05T13:04:05Z"), parse("2026-01-05T13:04:05"));
  }

  @Test
  void isoWithSpaceInsteadOfT() {
    assertEquals(millis("2026-01-05T13:04:05Z"), parse("2026-01-05 13:04:05"));
    assertEquals(millis("2026-01-05T12:04:05Z"), parse("2026-01-05 13:04:05+01:00"));
  }

  @Test
  void isoReducedPrecision() {
    assertEquals(millis("2026-01-05T13:04:00Z"), parse("2026-01-05T13:04"));
    assertEquals(millis("2026-01-05T13:00:00Z"), parse("2026-01-05T13"), "an hour bucket label");
    assertEquals(millis("2026-01-05T11:00:00Z"), parse("2026-01-05T13+02:00"));
  }

  @Test
  void bareDateIsMidnightUtc() {
    assertEquals(millis("2026-01-05T00:00:00Z"), parse("2026-01-05"));
    assertEquals(millis("1969-12-31T00:00:00Z"), parse("1969-12-31"));
  }

  @Test
  void leapDays() {
    assertEquals(millis("2024-02-29T00:00:00Z"), parse("2024-02-29"));
    assertEquals(millis("2000-02-29T00:00:00Z"), parse("2000-02-29"));
    assertEquals(INVALID, parse("2023-02-29"));
    assertEquals(INVALID, parse("1900-02-29"));
    assertEquals(INVALID, parse("2024-02-30"));
    assertEquals(INVALID, parse("2024-04-31"));
  }

  @Test
  void unparsableFieldsAreInvalid() {
    String[] bad = {
      "", " ", "abc", "1e9", "17000000000000000000", "1700000000 ", " 1700000000", "0x10",
      "2026-13-01", "2026-00-10", "2026-01-32", "2026-01-00", "2026-1-05", "2026/01/05", "26-01-05",
      "2026-01-05Z", "2026-01-05 ", " 2026-01-05", "2026-01-05T", "2026-01-05T1", "2026-01-05T24:00",
      "2026-01-05T13:60", "2026-01-05T13:04:60", "2026-01-05T13:", "2026-01-05T13:4",
      "2026-01-05T13:04:05.", "2026-01-05T13:04:05.1234567890", "2026-01-05T13:04:05,123",
      "2026-01-05T13:04:05+19:00", "2026-01-05T13:04:05+18:01", "2026-01-05T13:04:05+02:",
      "2026-01-05T13:04:05+2", "2026-01-05T13:04:05+02:60", "2026-01-05T13:04:05+020",
      "2026-01-05T13:04:05Z ", "2026-01-05T13:04:05ZZ", "2026-01-05T13:04:05 +02:00",
      "2026-01-05X13:04:05", "2026-01-05T13:04:05.12a", "\u00ff026-01-05",
    };
    for (String s : bad) {
      assertEquals(INVALID, parse(s), () -> "'" + s + "'");
      assertEquals(INVALID, Timestamps.parse(s), () -> "'" + s + "' as text");
    }
    assertEquals(INVALID, Timestamps.parse("2026-01-05T13:04:05\u2212"), "non-ASCII text");
  }

  @Test
  void outsideYearsZeroToNineThousandNineHundredNinetyNineIsInvalid() {
    assertEquals(Timestamps.MIN_MILLIS, parse("0000-01-01"));
    assertEquals(Timestamps.MIN_MILLIS, millis("0000-01-01T00:00:00Z"));
    assertEquals(Timestamps.MAX_MILLIS, parse("9999-12-31T23:59:59.999Z"));
    assertEquals(Timestamps.MAX_MILLIS, millis("9999-12-31T23:59:59.999Z"));
    assertEquals(Timestamps.MAX_MILLIS, parse(Long.toString(Timestamps.MAX_MILLIS)));
    assertEquals(INVALID, parse(Long.toString(Timestamps.MAX_MILLIS + 1)));
    assertEquals(INVALID, parse("0000-01-01T00:00+01:00"), "year -1 in UTC");
    assertEquals(INVALID, parse("9999-12-31T23:00-02:00"), "year 10000 in UTC");
  }

  @Test
  void fieldInsideALine() {
    byte[] line = "a\tu\t2026-01-05T13:04:05Z\t1700000000\tx".getBytes(StandardCharsets.US_ASCII);
    assertEquals(millis("2026-01-05T13:04:05Z"), Timestamps.parse(line, 4, 20));
    assertEquals(1_700_000_000_000L, Timestamps.parse(line, 25, 10));
    assertEquals(INVALID, Timestamps.parse(line, 4, 0));
  }

  /** Random instants of years 0 to 9999 in every accepted ISO form, against java.time. */
  @Test
  void isoAgreesWithJavaTime() {
    Random random = new Random(42);
    DateTimeFormatter dateTime = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");
    DateTimeFormatter minutes = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm");
    DateTimeFormatter hours = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH");
    long day = 86_400_000L;
    for (int n = 0; n < 20_000; n++) {
      // A day inside the range on both sides, so that no offset moves the local date past it.
      long epochSecond = Math.floorDiv(randomMillis(random, Timestamps.MIN_MILLIS + day, Timestamps.MAX_MILLIS - day),
          1000L);
      Instant instant = Instant.ofEpochSecond(epochSecond, random.nextInt(1_000_000_000));
      ZoneOffset offset = randomOffset(random);
      OffsetDateTime local = instant.atOffset(offset);
      int fractionDigits = random.nextInt(10);
      String zone = randomZone(random, local);
      int form = random.nextInt(4);
      String text;
      OffsetDateTime expected;
      if (form == 0) {
        text = local.format(dateTime) + fraction(local.getNano(), fractionDigits);
        expected = local.withNano(truncate(local.getNano(), fractionDigits));
      } else if (form == 1) {
        text = local.format(minutes);
        expected = local.truncatedTo(ChronoUnit.MINUTES);
      } else if (form == 2) {
        text = local.format(hours);
        expected = local.truncatedTo(ChronoUnit.HOURS);
      } else {
        text = local.format(dateTime);
        expected = local.truncatedTo(ChronoUnit.SECONDS);
      }
      if (random.nextBoolean()) {
        text = text.replace('T', ' ');
      }
      text += zone;
      String shown = text;
      assertEquals(expected.toInstant().toEpochMilli(), parse(text), () -> shown + " (" + instant + ")");
      if (form == 0 && zone.equals(offset.getId()) && !text.contains(" ")) {
        // The forms java.time parses itself: the strings above are real ISO-8601.
        assertEquals(OffsetDateTime.parse(text).toInstant().toEpochMilli(), parse(text), text);
      }
    }
  }

  @Test
  void noZoneAndBareDateAgreeWithJavaTime() {
    Random random = new Random(7);
    for (int n = 0; n < 10_000; n++) {
      Instant instant = Instant.ofEpochMilli(randomMillis(random, Timestamps.MIN_MILLIS, Timestamps.MAX_MILLIS));
      LocalDateTime utc = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
      String dateTime = utc.format(DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS"));
      assertEquals(LocalDateTime.parse(dateTime).toInstant(ZoneOffset.UTC).toEpochMilli(), parse(dateTime), dateTime);
      assertEquals(instant.toEpochMilli(), parse(dateTime), dateTime);
      String date = utc.toLocalDate().format(DateTimeFormatter.ofPattern("uuuu-MM-dd"));
      assertEquals(LocalDate.parse(date).toEpochDay() * 86_400_000L, parse(date), date);
    }
  }

  @Test
  void epochNumbersAgreeWithTheRule() {
    Random random = new Random(99);
    for (int n = 0; n < 10_000; n++) {
      long seconds = (long) (random.nextDouble() * Timestamps.MILLIS_FROM);
      assertEquals(seconds * 1000, parse(Long.toString(seconds)));
      int fraction = random.nextInt(1000);
      assertEquals(seconds * 1000 + fraction, parse(seconds + "." + String.format("%03d", fraction)));
      long millis = randomMillis(random, Timestamps.MILLIS_FROM, Timestamps.MAX_MILLIS);
      assertEquals(millis, parse(Long.toString(millis)));
    }
  }

  /** Mangled timestamps never throw, and whatever parses is in range. */
  @Test
  void neverThrowsOnMangledInput() {
    Random random = new Random(3);
    byte[] alphabet = "0123456789-:T Z+.tz\u00ff".getBytes(StandardCharsets.ISO_8859_1);
    byte[] seed = "2026-01-05T13:04:05.123+02:00".getBytes(StandardCharsets.US_ASCII);
    int parsed = 0;
    for (int n = 0; n < 50_000; n++) {
      byte[] text = java.util.Arrays.copyOf(seed, random.nextInt(seed.length + 3));
      for (int k = text.length == 0 ? 0 : random.nextInt(4); k > 0; k--) {
        text[random.nextInt(text.length)] = alphabet[random.nextInt(alphabet.length)];
      }
      long millis = Timestamps.parse(text, 0, text.length);
      if (millis != INVALID) {
        parsed++;
        assertTrue(millis >= Timestamps.MIN_MILLIS && millis <= Timestamps.MAX_MILLIS);
      }
    }
    assertTrue(parsed > 1000, "the mangling left some timestamps valid: " + parsed);
  }

  private static long randomMillis(Random random, long min, long max) {
    return min + (long) (random.nextDouble() * (max - min));
  }

  private static ZoneOffset randomOffset(Random random) {
    switch (random.nextInt(4)) {
      case 0:
        return ZoneOffset.UTC;
      case 1:
        return ZoneOffset.ofHours(random.nextInt(37) - 18);
      default:
        return ZoneOffset.ofTotalSeconds((random.nextInt(36 * 60 + 1) - 18 * 60) * 60);
    }
  }

  /** The offset in one of the accepted spellings, or nothing for UTC. */
  private static String randomZone(Random random, OffsetDateTime local) {
    ZoneOffset offset = local.getOffset();
    int form = random.nextInt(4);
    if (offset.getTotalSeconds() == 0) {
      return form == 0 ? "" : form == 1 ? "z" : form == 2 ? "+00:00" : "Z";
    }
    if (form == 1) {
      return local.format(DateTimeFormatter.ofPattern("xx"));
    }
    if (form == 2 && offset.getTotalSeconds() % 3600 == 0) {
      return local.format(DateTimeFormatter.ofPattern("x"));
    }
    return offset.getId();
  }

  private static String fraction(int nanos, int digits) {
    return digits == 0 ? "" : "." + String.format("%09d", nanos).substring(0, digits);
  }

  private static int truncate(int nanos, int digits) {
    int unit = (int) Math.pow(10, 9 - digits);
    return nanos / unit * unit;
  }
}
