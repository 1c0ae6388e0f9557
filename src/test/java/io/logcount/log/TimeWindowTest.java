package io.logcount.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;

import org.junit.jupiter.api.Test;

class TimeWindowTest {

  private static long millis(String isoInstant) {
    return Instant.parse(isoInstant).toEpochMilli();
  }

  @Test
  void halfOpenDayWindow() {
    TimeWindow window = TimeWindow.parse("2026-01-05", "2026-01-06");
    assertTrue(window.contains(millis("2026-01-05T00:00:00Z")));
    assertTrue(window.contains(millis("2026-01-05T23:59:59.999Z")));
    assertFalse(window.contains(millis("2026-01-06T00:00:00Z")), "to is excluded");
    assertFalse(window.contains(millis("2026-01-04T23:59:59.999Z")));
    assertFalse(window.isUnbounded());
    assertEquals("[2026-01-05T00:00:00Z, 2026-01-06T00:00:00Z)", window.toString());
  }

  @Test
  void consecutiveWindowsCountEachInstantOnce() {
    TimeWindow first = TimeWindow.parse("2026-01-05", "2026-01-05T12:00");
    TimeWindow second = TimeWindow.parse("2026-01-05T12:00", "2026-01-06");
    for (long t = millis("2026-01-05T11:59:59.990Z"); t < millis("2026-01-05T12:00:00.010Z"); t++) {
      assertTrue(first.contains(t) ^ second.contains(t), "instant " + t);
    }
  }

  @Test
  void instantBoundsWithOffsetAndEpoch() {
    TimeWindow window = TimeWindow.parse("2026-01-05T12:00:00+02:00", "1767625200");
    assertEquals(millis("2026-01-05T10:00:00Z"), window.fromMillis());
    assertEquals(1_767_625_200_000L, window.toMillis());
    assertTrue(window.contains(millis("2026-01-05T10:00:00Z")));
    assertFalse(window.contains(millis("2026-01-05T09:59:59.999Z")));
  }

  @Test
  void onlyFrom() {
    TimeWindow window = TimeWindow.parse("2026-01-05", null);
    assertFalse(window.contains(millis("2026-01-04T23:59:59.999Z")));
    assertTrue(window.contains(millis("2026-01-05T00:00:00Z")));
    assertTrue(window.contains(Timestamps.MAX_MILLIS));
    assertEquals("[2026-01-05T00:00:00Z, unbounded)", window.toString());
  }

  @Test
  void onlyTo() {
    TimeWindow window = TimeWindow.parse("  ", "2026-01-05");
    assertTrue(window.contains(Timestamps.MIN_MILLIS));
    assertTrue(window.contains(-1));
    assertTrue(window.contains(millis("2026-01-04T23:59:59.999Z")));
    assertFalse(window.contains(millis("2026-01-05T00:00:00Z")));
  }

  @Test
  void unbounded() {
    TimeWindow window = TimeWindow.parse(null, "");
    assertTrue(window.isUnbounded());
    assertTrue(TimeWindow.ALL.isUnbounded());
    assertTrue(window.contains(Timestamps.MIN_MILLIS));
    assertTrue(window.contains(0));
    assertTrue(window.contains(Timestamps.MAX_MILLIS));
    assertEquals("[unbounded, unbounded)", window.toString());
  }

  @Test
  void invalidTimestampNeverContained() {
    assertFalse(TimeWindow.ALL.contains(Timestamps.INVALID));
    assertFalse(TimeWindow.parse(null, "2026-01-05").contains(Timestamps.INVALID));
  }

  @Test
  void badBoundNamesValueAndForms() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TimeWindow.parse("2026-13-01", null));
    assertTrue(e.getMessage().startsWith("cannot parse time window bound from '2026-13-01': expected an ISO date"),
        e.getMessage());
    assertTrue(e.getMessage().contains("epoch seconds/milliseconds"), e.getMessage());
    IllegalArgumentException to = assertThrows(IllegalArgumentException.class,
        () -> TimeWindow.parse("2026-01-01", "yesterday"));
    assertTrue(to.getMessage().contains("bound to 'yesterday'"), to.getMessage());
  }

  @Test
  void emptyWindowRejected() {
    IllegalArgumentException same = assertThrows(IllegalArgumentException.class,
        () -> TimeWindow.parse("2026-01-05", "2026-01-05T00:00Z"));
    assertTrue(same.getMessage().startsWith("empty time window: from 2026-01-05 is not before to 2026-01-05T00:00Z"),
        same.getMessage());
    assertThrows(IllegalArgumentException.class, () -> TimeWindow.parse("2026-01-06", "2026-01-05"));
  }
}
