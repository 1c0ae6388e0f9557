package io.logcount.jobs.common;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

class MapSideAggregatorTest {

  /** What the sink received, in order; keys as ISO-8859-1 strings (one char per byte). */
  static final class Recorder implements MapSideAggregator.Sink {
    final List<String> keys = new ArrayList<>();
    final List<Long> sums = new ArrayList<>();
    final Map<String, Long> totals = new HashMap<>();

    @Override
    public void emit(byte[] key, int offset, int length, long sum) {
      String k = new String(key, offset, length, ISO_8859_1);
      keys.add(k);
      sums.add(sum);
      totals.merge(k, sum, Long::sum);
    }

    String last() {
      return keys.get(keys.size() - 1) + "=" + sums.get(sums.size() - 1);
    }
  }

  private static byte[] bytes(String latin1) {
    return latin1.getBytes(ISO_8859_1);
  }

  /** A table that never switches off, so that every path of the table itself runs. */
  private static MapSideAggregator alwaysOn(long budget, Recorder sink) {
    return new MapSideAggregator(budget, 0, MapAggregationSettings.DEFAULT_CHECK_INTERVAL, sink);
  }

  private static void add(MapSideAggregator agg, String key, long delta) throws Exception {
    byte[] b = bytes(key);
    agg.add(b, 0, b.length, delta);
  }

  /**
   * Keys of 0 to 24 arbitrary bytes (any byte value, so invalid UTF-8 too), drawn with a skew
   * (key number floor(keys * r^3)), each copied into a random place of a buffer that is then
   * scribbled over, as a mapper reuses its line buffer: the table must have copied the bytes.
   */
  private static Map<String, Long> feedSkewed(MapSideAggregator agg, int records, int keys, long seed)
      throws Exception {
    Random random = new Random(seed);
    byte[][] keyBytes = new byte[keys][];
    for (int k = 0; k < keys; k++) {
      Random r = new Random(k * 7919L + 1);
      keyBytes[k] = new byte[r.nextInt(25)];
      r.nextBytes(keyBytes[k]);
    }
    Map<String, Long> reference = new HashMap<>();
    byte[] buffer = new byte[64];
    for (int i = 0; i < records; i++) {
      byte[] key = keyBytes[(int) (keys * Math.pow(random.nextDouble(), 3))];
      long delta = random.nextInt(106) - 5; // negative and zero deltas too
      int at = random.nextInt(buffer.length - key.length + 1);
      System.arraycopy(key, 0, buffer, at, key.length);
      agg.add(buffer, at, key.length, delta);
      random.nextBytes(buffer);
      reference.merge(new String(key, ISO_8859_1), delta, Long::sum);
    }
    return reference;
  }

  @Test
  void sumsMatchAHashMapOnSkewedRandomKeys() throws Exception {
    Recorder sink = new Recorder();
    MapSideAggregator agg = alwaysOn(4 << 20, sink);
    Map<String, Long> reference = feedSkewed(agg, 200_000, 30_000, 42);
    agg.close();
    assertEquals(reference, sink.totals);
    assertEquals(200_000, agg.recordsIn());
    assertEquals(sink.keys.size(), agg.entriesEmitted());
    assertEquals(reference.size(), agg.entriesEmitted(), "one flush at close: each key once");
    assertEquals(1, agg.flushes());
    assertFalse(agg.switchedOff());
  }

  @Test
  void tinyBudgetFlushesWhenFullAndTotalsStayExact() throws Exception {
    Recorder sink = new Recorder();
    MapSideAggregator agg = alwaysOn(MapSideAggregator.MIN_BUDGET_BYTES, sink);
    Map<String, Long> reference = feedSkewed(agg, 100_000, 20_000, 7);
    agg.close();
    assertEquals(reference, sink.totals, "each key's total over all flushes");
    assertTrue(agg.flushes() > 10, "flushes: " + agg.flushes());
    assertTrue(agg.entriesEmitted() > reference.size(), "some keys were emitted more than once");
    assertTrue(agg.peakMemoryBytes() <= MapSideAggregator.MIN_BUDGET_BYTES,
        "peak " + agg.peakMemoryBytes());
    assertEquals(0, agg.memoryBytes(), "close frees the arrays");
  }

  @Test
  void boundedMemoryWhileTheTableGrowsAndFlushes() throws Exception {
    long budget = 256 << 10;
    Recorder sink = new Recorder();
    MapSideAggregator agg = alwaysOn(budget, sink);
    long peakSeen = 0;
    byte[] key = new byte[13];
    for (int i = 0; i < 200_000; i++) {
      userId(key, i);
      agg.add(key, 0, key.length, 1);
      peakSeen = Math.max(peakSeen, agg.memoryBytes());
    }
    agg.close();
    assertTrue(agg.peakMemoryBytes() <= budget, "peak " + agg.peakMemoryBytes());
    assertTrue(peakSeen > budget / 2, "the budget is used, not just respected: " + peakSeen);
    assertEquals(200_000, agg.entriesEmitted(), "distinct keys: each emitted once");
    assertTrue(agg.flushes() > 5);
  }

  @Test
  void mostlyDistinctKeysSwitchItOff() throws Exception {
    Recorder sink = new Recorder();
    MapSideAggregator agg = new MapSideAggregator(1 << 20, 0.5, 10_000, sink);
    Random random = new Random(1);
    Map<String, Long> reference = new HashMap<>();
    byte[] key = new byte[13];
    for (int i = 0; i < 10_000; i++) { // ~2 events per key
      userId(key, random.nextInt(10_000));
      agg.add(key, 0, key.length, 1);
      reference.merge(new String(key, ISO_8859_1), 1L, Long::sum);
    }
    assertTrue(agg.switchedOff());
    assertFalse(agg.aggregating());
    assertTrue(agg.measuredReduction() < 0.5, "reduction " + agg.measuredReduction());
    assertEquals(1 - (double) reference.size() / 10_000, agg.measuredReduction(), 1e-9);
    assertEquals(reference, sink.totals, "the switch-off flush emits everything held");
    assertEquals(1, agg.flushes());
    assertEquals(0, agg.memoryBytes(), "switched off, the table frees its arrays");

    add(agg, "straight", 5);
    assertEquals("straight=5", sink.last(), "after the switch, each add reaches the sink at once");
    add(agg, "straight", 6);
    assertEquals("straight=6", sink.last());
    agg.close();
    assertEquals(reference.size() + 2, agg.entriesEmitted());
    assertEquals(10_002, agg.recordsIn());
    assertEquals(1, agg.flushes());
  }

  @Test
  void repetitiveKeysKeepItOn() throws Exception {
    Recorder sink = new Recorder();
    MapSideAggregator agg = new MapSideAggregator(1 << 20, 0.5, 10_000, sink);
    Random random = new Random(2);
    byte[] key = new byte[13];
    for (int i = 0; i < 100_000; i++) { // ~100 events per key
      userId(key, random.nextInt(1_000));
      agg.add(key, 0, key.length, 1);
    }
    assertTrue(agg.aggregating());
    assertFalse(agg.switchedOff());
    assertTrue(agg.measuredReduction() > 0.85, "reduction " + agg.measuredReduction());
    assertEquals(0, agg.entriesEmitted());
    agg.close();
    assertEquals(1_000, agg.entriesEmitted());
    assertEquals(100_000L, sink.totals.values().stream().mapToLong(Long::longValue).sum());
  }

  /**
   * The defaults against generate's user skew (user floor(users * r^3)): the benchmark logs' 5M
   * possible users give ~2 events per user over 4.2M events and must turn the table off; 50,000
   * possible users give ~85 events per user and must keep it on.
   */
  @Test
  void defaultsTurnItOffAtTwoEventsPerUserAndKeepItOnAtAHundred() throws Exception {
    assertTrue(feedGeneratedUsers(5_000_000).switchedOff());
    MapSideAggregator busy = feedGeneratedUsers(50_000);
    assertTrue(busy.aggregating());
    assertTrue(busy.measuredReduction() > 0.6, "reduction " + busy.measuredReduction());
  }

  private static MapSideAggregator feedGeneratedUsers(long users) throws Exception {
    MapSideAggregator agg = MapAggregationSettings.fromConf(new Configuration(false), new Recorder());
    Random random = new Random(users);
    byte[] key = new byte[13];
    for (long i = 0; i < MapAggregationSettings.DEFAULT_CHECK_INTERVAL; i++) {
      userId(key, (long) (users * Math.pow(random.nextDouble(), 3)));
      agg.add(key, 0, key.length, 1);
    }
    return agg;
  }

  @Test
  void minReductionZeroNeverSwitchesOffAndOneAlwaysDoes() throws Exception {
    MapSideAggregator never = new MapSideAggregator(1 << 16, 0, 10, new Recorder());
    MapSideAggregator always = new MapSideAggregator(1 << 16, 1, 10, new Recorder());
    for (int i = 0; i < 20; i++) {
      add(never, "k" + i, 1);
      add(always, "same", 1);
    }
    assertTrue(never.aggregating());
    assertEquals(0.0, never.measuredReduction());
    assertTrue(always.switchedOff());
    assertEquals(0.9, always.measuredReduction(), 1e-9);
  }

  @Test
  void flushEmitsKeysInTheOrderTheyFirstArrived() throws Exception {
    Recorder sink = new Recorder();
    MapSideAggregator agg = alwaysOn(1 << 16, sink);
    for (String k : new String[] {"c", "a", "b", "a", "c", "d", "c"}) {
      add(agg, k, 1);
    }
    agg.flush();
    assertEquals(Arrays.asList("c", "a", "b", "d"), sink.keys);
    assertEquals(Arrays.asList(3L, 2L, 1L, 1L), sink.sums);
    assertTrue(agg.aggregating(), "usable after flush");
    add(agg, "b", 4);
    add(agg, "z", 1);
    add(agg, "b", 1);
    agg.close();
    assertEquals(Arrays.asList("c", "a", "b", "d", "b", "z"), sink.keys);
    assertEquals(Arrays.asList(3L, 2L, 1L, 1L, 5L, 1L), sink.sums);
    assertEquals(2, agg.flushes());
  }

  @Test
  void fullTableFlushesKeepArrivalOrder() throws Exception {
    Recorder sink = new Recorder();
    MapSideAggregator agg = alwaysOn(MapSideAggregator.MIN_BUDGET_BYTES, sink);
    List<String> fed = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      String k = "key-" + i;
      add(agg, k, i);
      fed.add(k);
    }
    agg.close();
    assertTrue(agg.flushes() > 10);
    assertEquals(fed, sink.keys, "distinct keys, fed once each, come out in the same order");
  }

  @Test
  void keysAreRawBytesAndTheEmptyKeyIsAKey() throws Exception {
    Recorder sink = new Recorder();
    MapSideAggregator agg = alwaysOn(1 << 16, sink);
    byte[][] keys = {
        {}, {0}, {0, 0}, {(byte) 0xff, (byte) 0xfe}, {(byte) 0xc3}, // lone UTF-8 lead byte
        "é".getBytes(UTF_8), "é".getBytes(ISO_8859_1), bytes("ab"), bytes("abc"), bytes("ab\tc"),
        // Short keys are packed into zero-padded longs: the length tells "a" from "a\0", and keys
        // of 8, 16 (the longest held inline) and 17 bytes (the arena) sit on the boundaries.
        bytes("a"), bytes("a\0"), bytes("abcdefgh"), bytes("abcdefgh\0"), bytes("0123456789abcdef"),
        bytes("0123456789abcdef\0"), bytes("0123456789abcdefg"), bytes("0123456789abcdefh"),
        new byte[17]};
    for (int round = 1; round <= 3; round++) {
      for (int k = 0; k < keys.length; k++) {
        // The same bytes at another offset of another array are the same key.
        byte[] padded = new byte[keys[k].length + round];
        System.arraycopy(keys[k], 0, padded, round, keys[k].length);
        agg.add(padded, round, keys[k].length, k + 1);
      }
    }
    agg.close();
    assertEquals(keys.length, sink.keys.size(), "no two of these keys are equal");
    assertEquals(16, SumTable.INLINE_KEY_BYTES);
    for (int k = 0; k < keys.length; k++) {
      assertEquals(new String(keys[k], ISO_8859_1), sink.keys.get(k));
      assertEquals(3L * (k + 1), sink.sums.get(k));
    }
    assertEquals("", sink.keys.get(0), "the empty key is held and emitted like any other");
  }

  @Test
  void keyLongerThanAPageGoesStraightThrough() throws Exception {
    Recorder sink = new Recorder();
    MapSideAggregator agg = alwaysOn(MapSideAggregator.MIN_BUDGET_BYTES, sink);
    int max = agg.maxKeyLength();
    assertEquals(256, max);
    byte[] longest = new byte[max];
    Arrays.fill(longest, (byte) 'x');
    byte[] tooLong = new byte[max + 1];
    Arrays.fill(tooLong, (byte) 'y');
    agg.add(longest, 0, max, 1);
    agg.add(longest, 0, max, 1);
    assertEquals(0, sink.keys.size(), "a key of maxKeyLength() bytes is held");
    agg.add(tooLong, 0, tooLong.length, 3);
    assertEquals(new String(tooLong, ISO_8859_1) + "=3", sink.last());
    agg.close();
    assertEquals(new String(longest, ISO_8859_1) + "=2", sink.last());
    assertEquals(2, agg.entriesEmitted());
    assertEquals(64 << 10, alwaysOn(16 << 20, new Recorder()).maxKeyLength());
  }

  @Test
  void closeTwiceIsSafeAndAddAfterCloseFails() throws Exception {
    Recorder sink = new Recorder();
    MapSideAggregator agg = alwaysOn(1 << 16, sink);
    add(agg, "a", 1);
    agg.close();
    agg.close();
    agg.flush();
    assertEquals(Arrays.asList("a"), sink.keys);
    assertEquals(1, agg.flushes());
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> add(agg, "b", 1));
    assertTrue(e.getMessage().contains("close"), e.getMessage());
  }

  @Test
  void passThroughHandsEachRecordOnAtOnce() throws Exception {
    Recorder sink = new Recorder();
    MapSideAggregator agg = MapSideAggregator.passThrough(sink);
    add(agg, "a", 1);
    assertEquals("a=1", sink.last());
    add(agg, "a", 2);
    assertEquals("a=2", sink.last());
    agg.close();
    agg.close();
    assertEquals(2, agg.recordsIn());
    assertEquals(2, agg.entriesEmitted());
    assertEquals(0, agg.flushes());
    assertFalse(agg.aggregating());
    assertFalse(agg.switchedOff(), "off by configuration, not by the check");
    assertEquals(0, agg.peakMemoryBytes());
  }

  @Test
  void constructorRejectsBadArguments() {
    Recorder sink = new Recorder();
    assertThrows(IllegalArgumentException.class, () -> new MapSideAggregator(4095, 0.5, 1, sink));
    assertThrows(IllegalArgumentException.class, () -> new MapSideAggregator(1 << 20, Double.NaN, 1, sink));
    assertThrows(IllegalArgumentException.class, () -> new MapSideAggregator(1 << 20, 1.01, 1, sink));
    assertThrows(IllegalArgumentException.class, () -> new MapSideAggregator(1 << 20, 0.5, 0, sink));
    assertThrows(NullPointerException.class, () -> new MapSideAggregator(1 << 20, 0.5, 1, null));
  }

  // ---- 10^7 distinct keys in a small heap ----

  /**
   * 10^7 distinct 13-byte keys (a HashMap of them would need about 1 GB) through a table with
   * the default 16 MiB budget that never switches off, in a child JVM limited to -Xmx64m: an
   * out-of-memory there would show any allocation the accounting misses, which an assertion on
   * {@link MapSideAggregator#peakMemoryBytes()} alone cannot. A child JVM rather than a
   * surefire setting because surefire's argLine is shared by every test class; 64 MiB rather than
   * 512 MiB because it proves more and the other 448 MiB of a map task belong to the sort buffer
   * and the decoder. The child checks its own figures (every key once, the sum, the peak) and
   * prints them; ~2 s.
   */
  @Test
  void tenMillionDistinctKeysInA64MiBHeap() throws Exception {
    String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
    ProcessBuilder pb = new ProcessBuilder(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
        BoundedMemoryMain.class.getName(), "10000000", Long.toString(16L << 20));
    pb.redirectErrorStream(true);
    Process child = pb.start();
    List<String> output = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        output.add(line);
      }
    }
    assertTrue(child.waitFor(120, TimeUnit.SECONDS), "child still running");
    assertEquals(0, child.exitValue(), String.join("\n", output));
    assertTrue(output.stream().anyMatch(l -> l.startsWith("OK ")), String.join("\n", output));
  }

  /** The child of {@link #tenMillionDistinctKeysInA64MiBHeap}: exit 0 and "OK ..." if all held. */
  public static final class BoundedMemoryMain {
    public static void main(String[] args) throws Exception {
      int keys = Integer.parseInt(args[0]);
      long budget = Long.parseLong(args[1]);
      long[] emitted = new long[2];
      MapSideAggregator agg = new MapSideAggregator(budget, 0, MapAggregationSettings.DEFAULT_CHECK_INTERVAL,
          (key, offset, length, sum) -> {
            emitted[0]++;
            emitted[1] += sum;
          });
      byte[] key = new byte[13];
      long maxMemory = 0;
      for (int i = 0; i < keys; i++) {
        userId(key, i);
        agg.add(key, 0, key.length, 1);
        if ((i & 1023) == 0) {
          maxMemory = Math.max(maxMemory, agg.memoryBytes());
        }
      }
      agg.close();
      String figures = String.format("keys %d emitted %d sum %d flushes %d peak %d budget %d heap %d",
          keys, emitted[0], emitted[1], agg.flushes(), agg.peakMemoryBytes(), budget,
          Runtime.getRuntime().maxMemory());
      if (emitted[0] != keys || emitted[1] != keys || agg.entriesEmitted() != keys
          || agg.peakMemoryBytes() > budget || maxMemory > budget || agg.flushes() < 2) {
        System.out.println("FAILED " + figures);
        System.exit(1);
      }
      System.out.println("OK " + figures);
    }
  }

  /** {@code U} + 12 hex digits of a scrambled {@code n}, as the generated logs' user IDs. */
  static void userId(byte[] b, long n) {
    long id = (n * 0x9E3779B97F4A7C15L) & ((1L << 48) - 1); // odd multiplier: a bijection mod 2^48
    b[0] = 'U';
    for (int i = 12; i >= 1; i--) {
      b[i] = (byte) "0123456789abcdef".charAt((int) (id & 15));
      id >>>= 4;
    }
  }
}
