package io.logcount.tools.generate;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class EventGeneratorTest {

  @Test
  void everyUserOccursWhenLinesFarOutnumberUsers() throws Exception {
    EventGenerator generator = new EventGenerator(9, 50, 20000, 3.0);
    Set<String> users = usersIn(write(generator, 20000));
    // The rarest of 50 users gets about 1 - (49/50)^(1/3) = 0.7% of the lines: ~134 of them.
    assertEquals(50, users.size());
    assertEquals(50, generator.distinctUsers());
  }

  @Test
  void distinctUsersMatchesTheText() throws Exception {
    EventGenerator generator = new EventGenerator(4, 100000, 30000, 3.0);
    Set<String> users = usersIn(write(generator, 30000));
    assertEquals(users.size(), generator.distinctUsers());
    assertEquals(30000, generator.linesWritten());
  }

  @Test
  void usersAreNotCountedAboveTheLimit() throws Exception {
    EventGenerator generator = new EventGenerator(4, EventGenerator.MAX_TRACKED_USERS + 1, 10, 3.0);
    write(generator, 10);
    assertEquals(-1, generator.distinctUsers());
  }

  @Test
  void neighbouringUsersGetDistinctUnrelatedIds() {
    Set<String> ids = new HashSet<>();
    for (long u = 0; u < 200000; u++) {
      assertTrue(ids.add(EventGenerator.userId(u)), "user " + u);
    }
    Set<String> top = new HashSet<>();
    for (long u = EventGenerator.MAX_USERS - 1000; u < EventGenerator.MAX_USERS; u++) {
      String id = EventGenerator.userId(u);
      assertEquals(13, id.length());
      assertTrue(top.add(id) && !ids.contains(id), "user " + u);
    }
    // Not a counter in disguise: ids 0 and 1 differ in more than their last digits.
    assertTrue(!EventGenerator.userId(0).substring(0, 9)
        .equals(EventGenerator.userId(1).substring(0, 9)));
  }

  @Test
  void writesInChunksAcrossCalls() throws Exception {
    EventGenerator whole = new EventGenerator(2, 1000, 5000, 3.0);
    EventGenerator pieces = new EventGenerator(2, 1000, 5000, 3.0);
    ByteArrayOutputStream piecewise = new ByteArrayOutputStream();
    pieces.write(piecewise, 1);
    pieces.write(piecewise, 0);
    pieces.write(piecewise, 4999);
    assertEquals(write(whole, 5000), piecewise.toString("US-ASCII"));
    assertEquals(whole.bytesWritten(), pieces.bytesWritten());
    assertTrue(whole.bytesWritten() > 64 * 1024, "more than one buffer's worth");
  }

  @Test
  void rejectsImpossibleArguments() {
    assertThrows(IllegalArgumentException.class, () -> new EventGenerator(1, 0, 10, 3.0));
    assertThrows(IllegalArgumentException.class,
        () -> new EventGenerator(1, EventGenerator.MAX_USERS + 1, 10, 3.0));
    assertThrows(IllegalArgumentException.class, () -> new EventGenerator(1, 10, -1, 3.0));
    assertThrows(IllegalArgumentException.class, () -> new EventGenerator(1, 10, 10, 0.5));
    assertThrows(IllegalArgumentException.class, () -> new EventGenerator(1, 10, 10, Double.NaN));
  }

  @Test
  void timestampsRiseOverOneDayAndStayWithinIt() throws Exception {
    // 200,000 lines: under half a second apart, so the last ones sit in the day's last seconds,
    // where the jitter of up to 3 s once carried them into 2026-01-02.
    long start = 1767225600L; // 2026-01-01T00:00:00Z
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new EventGenerator(3, 1000, 200000, 3.0).write(out, 200000);
    byte[] b = out.toByteArray();
    long lines = 0;
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    int lineStart = 0;
    for (int i = 0; i < b.length; i++) {
      if (b[i] != '\n') {
        continue;
      }
      int field = i;
      while (b[field - 1] != '\t') {
        field--;
      }
      long t = Long.parseLong(new String(b, field, i - field, US_ASCII));
      assertTrue(t >= start && t < start + 86400,
          "timestamp " + t + " outside 2026-01-01: " + new String(b, lineStart, i - lineStart, US_ASCII));
      first = Math.min(first, t);
      last = Math.max(last, t);
      lines++;
      lineStart = i + 1;
    }
    assertEquals(200000, lines);
    assertTrue(first < start + 10, "first " + first);
    assertEquals(start + 86399, last, "the last lines reach the day's last second");
  }

  private static String write(EventGenerator generator, long lines) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    generator.write(out, lines);
    return new String(out.toByteArray(), US_ASCII);
  }

  private static Set<String> usersIn(String text) {
    Set<String> users = new HashSet<>();
    text.lines().forEach(line -> users.add(line.split("\t")[1]));
    return users;
  }
}
