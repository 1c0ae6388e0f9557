package io.logcount.jobs.generate;

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
