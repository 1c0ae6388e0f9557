package io.logcount.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

class TimeBucketTest {

  private static final DateTimeFormatter DAY_LABEL = DateTimeFormatter.ofPattern("uuuu-MM-dd").withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter HOUR_LABEL =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH").withZone(ZoneOffset.UTC);

  private static long millis(String isoInstant) {
    return Instant.parse(isoInstant).toEpochMilli();
  }

  @Test
  void dayAndHourOfAnInstant() {
    long t = millis("2026-01-05T13:04:05.123Z");
    assertEquals(millis("2026-01-05T00:00:00Z"), TimeBucket.DAY.bucketStart(t));
    assertEquals(millis("2026-01-05T13:00:00Z"), TimeBucket.HOUR.bucketStart(t));
    assertEquals("2026-01-05", TimeBucket.DAY.label(t));
    assertEquals("2026-01-05T13", TimeBucket.HOUR.label(t));
  }

  @Test
  void beforeNineteenSeventyRoundsDown() {
    assertEquals(-86_400_000L, TimeBucket.DAY.bucketStart(-1));
    assertEquals(-3_600_000L, TimeBucket.HOUR.bucketStart(-1));
    assertEquals("1969-12-31", TimeBucket.DAY.label(-1));
    assertEquals("1969-12-31T23", TimeBucket.HOUR.label(-1));
    assertEquals("1970-01-01T00", TimeBucket.HOUR.label(0));
  }

  @Test
  void leapDay() {
    assertEquals("2024-02-29T23", TimeBucket.HOUR.label(millis("2024-02-29T23:59:59.999Z")));
    assertEquals("2024-03-01", TimeBucket.DAY.label(millis("2024-03-01T00:00:00Z")));
    assertEquals("2000-02-29", TimeBucket.DAY.label(millis("2000-02-29T12:00:00Z")));
    assertEquals("1900-03-01", TimeBucket.DAY.label(millis("1900-02-28T00:00:00Z") + 86_400_000L));
  }

  @Test
  void firstAndLastYears() {
    assertEquals("0000-01-01T00", TimeBucket.HOUR.label(Timestamps.MIN_MILLIS));
    assertEquals("9999-12-31T23", TimeBucket.HOUR.label(Timestamps.MAX_MILLIS));
  }

  @Test
  void writesOnlyTheLabelAtTheOffset() {
    byte[] buffer = new byte[20];
    Arrays.fill(buffer, (byte) 'x');
    assertEquals(13, TimeBucket.HOUR.writeLabel(millis("2026-01-05T13:04:05Z"), buffer, 3));
    assertEquals("xxx2026-01-05T13xxxx", new String(buffer, StandardCharsets.US_ASCII));
    assertEquals(10, TimeBucket.DAY.writeLabel(millis("2026-01-05T13:04:05Z"), buffer, 10));
    assertEquals("xxx2026-012026-01-05", new String(buffer, StandardCharsets.US_ASCII));
  }

  @Test
  void outOfRangeOrNoRoomRejected() {
    byte[] buffer = new byte[13];
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TimeBucket.DAY.writeLabel(Timestamps.MAX_MILLIS + 1, buffer, 0));
    assertTrue(e.getMessage().contains("outside years 0000-9999"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> TimeBucket.DAY.writeLabel(Timestamps.INVALID, buffer, 0));
    assertThrows(IllegalArgumentException.class, () -> TimeBucket.HOUR.writeLabel(Timestamps.MIN_MILLIS - 1, buffer, 0));
    IllegalArgumentException room = assertThrows(IllegalArgumentException.class,
        () -> TimeBucket.HOUR.writeLabel(0, buffer, 1));
    assertTrue(room.getMessage().contains("no room for a 13-byte label at offset 1"), room.getMessage());
  }

  @Test
  void labelParsesBackToBucketStart() {
    long t = millis("2026-01-05T13:04:05.123Z");
    for (TimeBucket bucket : TimeBucket.values()) {
      assertEquals(bucket.bucketStart(t), Timestamps.parse(bucket.label(t)), bucket.name());
    }
  }

  @Test
  void parseNames() {
    assertEquals(TimeBucket.DAY, TimeBucket.parse("day"));
    assertEquals(TimeBucket.HOUR, TimeBucket.parse(" HOUR "));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TimeBucket.parse("week"));
    assertEquals("unknown time bucket 'week'; use day or hour", e.getMessage());
  }

  /** Random instants over years 0 to 9999, and around 1970 and leap days, against java.time. */
  @Test
  void agreesWithJavaTime() {
    Random random = new Random(1970);
    long[] leapDays = {millis("2024-02-29T00:00:00Z"), millis("1600-02-29T00:00:00Z"), millis("1896-02-29T00:00:00Z")};
    byte[] buffer = new byte[13];
    for (int n = 0; n < 50_000; n++) {
      long t;
      switch (n % 3) {
        case 0:
          t = Timestamps.MIN_MILLIS + (long) (random.nextDouble() * (Timestamps.MAX_MILLIS - Timestamps.MIN_MILLIS));
          break;
        case 1:
          t = (long) ((random.nextDouble() - 0.5) * 4 * 86_400_000L * 365);
          break;
        default:
          t = leapDays[random.nextInt(leapDays.length)] + (long) ((random.nextDouble() - 0.5) * 4 * 86_400_000L);
      }
      Instant instant = Instant.ofEpochMilli(t);
      assertEquals(instant.truncatedTo(ChronoUnit.DAYS).toEpochMilli(), TimeBucket.DAY.bucketStart(t));
      assertEquals(instant.truncatedTo(ChronoUnit.HOURS).toEpochMilli(), TimeBucket.HOUR.bucketStart(t));
      TimeBucket.DAY.writeLabel(t, buffer, 0);
      assertEquals(DAY_LABEL.format(instant), new String(buffer, 0, 10, StandardCharsets.US_ASCII), instant.toString());
      TimeBucket.HOUR.writeLabel(t, buffer, 0);
      assertEquals(HOUR_LABEL.format(instant), new String(buffer, StandardCharsets.US_ASCII), instant.toString());
    }
  }
}
