package io.logcount.jobs.uniqueusers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

class UserCountsTest {

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** The table's content, in the order the users were first added. */
  private static Map<String, Long> contents(UserCounts t) {
    Map<String, Long> m = new LinkedHashMap<>();
    for (int i = 0; i < t.size(); i++) {
      m.put(new String(t.keyBytes(), t.keyOffset(i), t.keyLength(i), StandardCharsets.ISO_8859_1),
          t.count(i));
    }
    return m;
  }

  @Test
  void sumsPerUserInFirstSeenOrder() {
    UserCounts t = new UserCounts(8, 64);
    for (String u : new String[] {"U2", "U1", "U2", "U3", "U2", "U1"}) {
      assertTrue(t.add(b(u), 0, u.length(), 1));
    }
    Map<String, Long> expected = new LinkedHashMap<>();
    expected.put("U2", 3L);
    expected.put("U1", 2L);
    expected.put("U3", 1L);
    assertEquals(expected, contents(t));
  }

  @Test
  void keysAreTheBytesInsideALargerArray() {
    UserCounts t = new UserCounts(4, 64);
    byte[] line = b("a\tU1\tz");
    byte[] other = b("xxU1yy");
    assertTrue(t.add(line, 2, 2, 1));
    assertTrue(t.add(other, 2, 2, 5));
    assertTrue(t.add(b("U12"), 0, 3, 1)); // a longer key with the same prefix is another user
    assertEquals(2, t.size());
    assertEquals(6, t.count(0));
  }

  @Test
  void fullOnUsersRefusesNewOnesButStillCountsKnownOnes() {
    UserCounts t = new UserCounts(2, 64);
    assertTrue(t.add(b("a"), 0, 1, 1));
    assertTrue(t.add(b("b"), 0, 1, 1));
    assertFalse(t.add(b("c"), 0, 1, 1));
    assertTrue(t.add(b("a"), 0, 1, 1));
    assertEquals(2, t.size());
    t.clear();
    assertEquals(0, t.size());
    assertTrue(t.add(b("c"), 0, 1, 1));
    assertEquals(1, contents(t).get("c"));
  }

  @Test
  void fullOnKeyBytesRefusesNewUsers() {
    UserCounts t = new UserCounts(100, 5);
    assertTrue(t.add(b("abc"), 0, 3, 1));
    assertFalse(t.add(b("def"), 0, 3, 1));
    assertTrue(t.add(b("de"), 0, 2, 1));
    assertFalse(t.add(b("123456"), 0, 6, 1));
    t.clear();
    assertFalse(t.add(b("123456"), 0, 6, 1), "a key longer than the arena never fits");
  }

  @Test
  void emptyKeyIsAKeyToo() {
    UserCounts t = new UserCounts(4, 4);
    assertTrue(t.add(new byte[0], 0, 0, 2));
    assertTrue(t.add(new byte[0], 0, 0, 3));
    assertEquals(1, t.size());
    assertEquals(5, t.count(0));
  }

  @Test
  void manyRandomKeysAgreeWithAHashMapAcrossFlushes() {
    Random random = new Random(7);
    UserCounts t = new UserCounts(1000, 16000);
    Map<String, Long> expected = new HashMap<>();
    Map<String, Long> flushed = new HashMap<>();
    for (int i = 0; i < 200_000; i++) {
      byte[] key = new byte[1 + random.nextInt(12)];
      // Few distinct lengths and bytes: many collisions of hash and prefix.
      for (int j = 0; j < key.length; j++) {
        key[j] = (byte) ('a' + random.nextInt(3));
      }
      String s = new String(key, StandardCharsets.ISO_8859_1);
      expected.merge(s, 1L, Long::sum);
      if (!t.add(key, 0, key.length, 1)) {
        contents(t).forEach((k, v) -> flushed.merge(k, v, Long::sum));
        t.clear();
        assertTrue(t.add(key, 0, key.length, 1));
      }
    }
    contents(t).forEach((k, v) -> flushed.merge(k, v, Long::sum));
    assertEquals(expected, flushed);
  }

  @Test
  void growsFromSmallToTheLimit() {
    UserCounts t = new UserCounts(3 * UserCounts.INITIAL_USERS, 1 << 20);
    for (int i = 0; i < 3 * UserCounts.INITIAL_USERS; i++) {
      byte[] id = b("U" + i);
      assertTrue(t.add(id, 0, id.length, i), "user " + i);
    }
    assertFalse(t.add(b("one more"), 0, 8, 1));
    for (int i = 0; i < 3 * UserCounts.INITIAL_USERS; i += 97) {
      byte[] id = b("U" + i);
      assertTrue(t.add(id, 0, id.length, 1), "a known user still counts");
      assertEquals(i + 1, t.count(i));
    }
  }

  /** Keys with NULs, shared prefixes longer than 8 bytes and prefixes of each other. */
  private static byte[] trickyKey(Random random) {
    String[] stems = {"", "U", "user-000000", "user-0000001", "\u0000", "\u00ff\u00fe"};
    StringBuilder s = new StringBuilder(stems[random.nextInt(stems.length)]);
    int extra = random.nextInt(6);
    for (int i = 0; i < extra; i++) {
      s.append((char) (random.nextBoolean() ? '0' + random.nextInt(3) : random.nextInt(256)));
    }
    return s.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void sortsByPartitionThenUnsignedBytesLikeTextComparator() {
    Random random = new Random(3);
    for (int round = 0; round < 20; round++) {
      UserCounts t = new UserCounts(100_000, 1 << 22);
      int users = 1 + random.nextInt(round < 10 ? 40 : 20_000);
      for (int i = 0; i < users; i++) {
        byte[] key = trickyKey(random);
        t.add(key, 0, key.length, 1);
      }
      int[] partitions = t.partitions();
      boolean partitioned = round % 2 == 1;
      for (int i = 0; i < t.size(); i++) {
        partitions[i] = random.nextInt(3);
      }
      int[] order = t.sort(partitioned);
      org.apache.hadoop.io.Text.Comparator text = new org.apache.hadoop.io.Text.Comparator();
      for (int k = 1; k < t.size(); k++) {
        int a = order[k - 1];
        int c = order[k];
        int byPartition = partitioned ? Integer.compare(partitions[a], partitions[c]) : 0;
        org.apache.hadoop.io.Text ta = new org.apache.hadoop.io.Text();
        ta.set(t.keyBytes(), t.keyOffset(a), t.keyLength(a));
        org.apache.hadoop.io.Text tc = new org.apache.hadoop.io.Text();
        tc.set(t.keyBytes(), t.keyOffset(c), t.keyLength(c));
        assertTrue(byPartition < 0 || byPartition == 0 && text.compare(ta, tc) < 0,
            "round " + round + ": " + ta + " before " + tc);
      }
      int[] seen = Arrays.copyOf(order, t.size());
      Arrays.sort(seen);
      for (int i = 0; i < seen.length; i++) {
        assertEquals(i, seen[i], "every user exactly once");
      }
    }
  }

  @Test
  void sortsAdversarialOrdersInNLogN() {
    // Already sorted, reversed and all-equal-prefix inputs: the depth limit keeps them fast.
    UserCounts t = new UserCounts(300_000, 1 << 23);
    for (int i = 0; i < 300_000; i++) {
      byte[] id = b(String.format("same-prefix-%08d", 300_000 - i));
      t.add(id, 0, id.length, 1);
    }
    long start = System.nanoTime();
    int[] order = t.sort(false);
    assertTrue(System.nanoTime() - start < 5_000_000_000L, "sorted in under 5 s");
    assertEquals("same-prefix-00000001",
        new String(t.keyBytes(), t.keyOffset(order[0]), t.keyLength(order[0]), StandardCharsets.ISO_8859_1));
  }

  @Test
  void hashSpreadsLowBits() {
    int[] buckets = new int[16];
    for (int i = 0; i < 16000; i++) {
      byte[] id = b(String.format("U%012x", i * 4096L));
      buckets[UserCounts.hash(id, 0, id.length) & 15]++;
    }
    assertTrue(Arrays.stream(buckets).allMatch(n -> n > 800 && n < 1200), Arrays.toString(buckets));
  }

  @Test
  void refusesSillySizes() {
    assertThrows(IllegalArgumentException.class, () -> new UserCounts(0, 10));
    assertThrows(IllegalArgumentException.class, () -> new UserCounts(10, 0));
  }
}
