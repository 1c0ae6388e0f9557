import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import io.logcount.jobs.common.MapAggregationSettings;
import io.logcount.jobs.common.MapSideAggregator;

/**
 * What {@link MapSideAggregator} costs per record, warm, against handing every record straight
 * to the sink: nanoseconds per {@code add} over N 13-byte user IDs ({@code U} + 12 hex digits,
 * as {@code logcount generate} writes them), with ~2, ~10 and ~100 events per key, uniform and
 * with generate's skew (user {@code floor(users * r^3)}). Every case runs PASSES times in one JVM
 * and prints the median, best and worst of the passes after the first (the JIT's warm-up), in
 * thread CPU time (on a loaded machine the best pass is the figure closest to an idle one); the
 * sink adds its arguments into a checksum so that nothing is optimized away. Then the candidate
 * hash functions alone: ns per key, mean linear-probe length in a half-full power-of-two table,
 * and how evenly the top 8 bits (the table's slot tag) spread.
 * Run by scripts/bench/aggregation.
 */
public final class AggBench {

  static final int KEY = 13;
  static long blackhole;

  static final MapSideAggregator.Sink SINK = (key, offset, length, sum) -> {
    blackhole += sum + length + key[offset];
  };

  /** One data set: N keys back to back, KEY bytes each. */
  static final class Data {
    final String name;
    final byte[] keys;
    final int n;
    final int distinct;

    Data(String name, long users, double skew, int n, long seed) {
      this.name = name;
      this.n = n;
      this.keys = new byte[n * KEY];
      long state = seed;
      long[] numbers = new long[n];
      for (int i = 0; i < n; i++) {
        state += 0x9E3779B97F4A7C15L;
        double r = (mix(state) >>> 11) * 0x1.0p-53;
        long u = (long) (users * Math.pow(r, skew));
        numbers[i] = Math.min(u, users - 1);
        putId(keys, i * KEY, numbers[i]);
      }
      long[] sorted = numbers.clone();
      Arrays.sort(sorted);
      int d = n == 0 ? 0 : 1;
      for (int i = 1; i < n; i++) {
        if (sorted[i] != sorted[i - 1]) {
          d++;
        }
      }
      this.distinct = d;
    }
  }

  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  static void putId(byte[] b, int at, long user) {
    long id = mix(user + 1) & ((1L << 48) - 1);
    b[at] = 'U';
    for (int i = 12; i >= 1; i--) {
      b[at + i] = (byte) "0123456789abcdef".charAt((int) (id & 15));
      id >>>= 4;
    }
  }

  interface Case {
    /** Runs once over the data; returns a one-line note (figures of the run). */
    String run(Data data) throws Exception;
  }

  static String table(Data data, long budget, double minReduction) throws Exception {
    MapSideAggregator agg = new MapSideAggregator(budget, minReduction,
        MapAggregationSettings.DEFAULT_CHECK_INTERVAL, SINK);
    byte[] keys = data.keys;
    for (int i = 0, at = 0; i < data.n; i++, at += KEY) {
      agg.add(keys, at, KEY, 1);
    }
    agg.close();
    return String.format(Locale.ROOT, "%s, reduction at check %.3f, out/in %.3f, flushes %d, peak %.1f MB",
        agg.switchedOff() ? "switched off" : "on", agg.measuredReduction(),
        (double) agg.entriesEmitted() / agg.recordsIn(), agg.flushes(), agg.peakMemoryBytes() / 1e6);
  }

  static String passThrough(Data data) throws Exception {
    MapSideAggregator agg = MapSideAggregator.passThrough(SINK);
    byte[] keys = data.keys;
    for (int i = 0, at = 0; i < data.n; i++, at += KEY) {
      agg.add(keys, at, KEY, 1);
    }
    agg.close();
    return "";
  }

  static String direct(Data data) throws Exception {
    MapSideAggregator.Sink sink = SINK;
    byte[] keys = data.keys;
    for (int i = 0, at = 0; i < data.n; i++, at += KEY) {
      sink.emit(keys, at, KEY, 1);
    }
    return "";
  }

  /**
   * This thread's CPU time: the machine is shared (other builds), and wall time would count the
   * slices the scheduler gave to them.
   */
  static long cpuNanos() {
    return THREADS.getCurrentThreadCpuTime();
  }

  static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

  static double median(List<Double> xs) {
    double[] a = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
  }

  static void time(String label, Data data, Case c, int passes) throws Exception {
    List<Double> ns = new ArrayList<>();
    String note = "";
    for (int p = 0; p < passes; p++) {
      long t0 = cpuNanos();
      note = c.run(data);
      double perRecord = (double) (cpuNanos() - t0) / data.n;
      if (p > 0 || passes == 1) {
        ns.add(perRecord);
      }
    }
    double[] sorted = ns.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    System.out.printf(Locale.ROOT, "  %-31s %6.1f ns/record, best %6.1f, worst %6.1f  %s%n", label,
        median(ns), sorted[0], sorted[sorted.length - 1], note);
  }

  // ---- hash candidates, each in its own loop (one call target per loop: all inlined) ----

  static int murmur3(byte[] b, int offset, int length) {
    int h = 0;
    int i = offset;
    for (int end = offset + (length & ~3); i < end; i += 4) {
      int k = (b[i] & 0xff) | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff) << 16 | b[i + 3] << 24;
      k *= 0xcc9e2d51;
      k = Integer.rotateLeft(k, 15);
      k *= 0x1b873593;
      h ^= k;
      h = Integer.rotateLeft(h, 13);
      h = h * 5 + 0xe6546b64;
    }
    int tail = length & 3;
    if (tail != 0) {
      int k = b[i] & 0xff;
      if (tail > 1) {
        k |= (b[i + 1] & 0xff) << 8;
      }
      if (tail > 2) {
        k |= (b[i + 2] & 0xff) << 16;
      }
      k *= 0xcc9e2d51;
      k = Integer.rotateLeft(k, 15);
      k *= 0x1b873593;
      h ^= k;
    }
    return fmix(h ^ length);
  }

  /** Hadoop's WritableComparator.hashBytes (what Text.hashCode returns). */
  static int hadoop(byte[] b, int off, int len) {
    int h = 1;
    for (int i = off, end = off + len; i < end; i++) {
      h = 31 * h + b[i];
    }
    return h;
  }

  static int fmix(int h) {
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    return h ^ (h >>> 16);
  }

  static int fnv1a(byte[] b, int off, int len) {
    int h = 0x811c9dc5;
    for (int i = off, end = off + len; i < end; i++) {
      h = (h ^ (b[i] & 0xff)) * 0x01000193;
    }
    return h ^ (h >>> 16);
  }

  /**
   * The table's hash of keys of up to 16 bytes: the bytes packed into two little-endian longs
   * (which the table needs anyway, to hold and compare the key), each times an odd constant, xor
   * the length, then murmur3's 64-bit finalizer; longer keys fall back to FNV-1a, as in the table.
   */
  static int packed(byte[] key, int offset, int length) {
    if (length > 16) {
      return fnv1a(key, offset, length);
    }
    long k0 = 0;
    long k1 = 0;
    int i = 0;
    for (int n = Math.min(length, 8); i < n; i++) {
      k0 |= (key[offset + i] & 0xffL) << (i << 3);
    }
    for (; i < length; i++) {
      k1 |= (key[offset + i] & 0xffL) << ((i - 8) << 3);
    }
    long h = k0 * 0x9E3779B97F4A7C15L ^ k1 * 0xC2B2AE3D27D4EB4FL ^ length;
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return (int) h;
  }

  static final String[] HASHES = {"murmur3_32", "FNV-1a, h ^ h>>>16 (table, > 16 B)",
      "Hadoop hashBytes (31h+b)", "Hadoop hashBytes + murmur fmix", "packed 2 longs + fmix64 (table)"};

  static int hashOne(int which, byte[] b, int o, int l) {
    switch (which) {
      case 0: return murmur3(b, o, l);
      case 1: return fnv1a(b, o, l);
      case 2: return hadoop(b, o, l);
      case 3: return fmix(hadoop(b, o, l));
      default: return packed(b, o, l);
    }
  }

  static int loop0(byte[] k, int[] o, int[] l) {
    int acc = 0;
    for (int i = 0; i < o.length; i++) {
      acc += murmur3(k, o[i], l[i]);
    }
    return acc;
  }

  static int loop1(byte[] k, int[] o, int[] l) {
    int acc = 0;
    for (int i = 0; i < o.length; i++) {
      acc += fnv1a(k, o[i], l[i]);
    }
    return acc;
  }

  static int loop2(byte[] k, int[] o, int[] l) {
    int acc = 0;
    for (int i = 0; i < o.length; i++) {
      acc += hadoop(k, o[i], l[i]);
    }
    return acc;
  }

  static int loop3(byte[] k, int[] o, int[] l) {
    int acc = 0;
    for (int i = 0; i < o.length; i++) {
      acc += fmix(hadoop(k, o[i], l[i]));
    }
    return acc;
  }

  static int loop4(byte[] k, int[] o, int[] l) {
    int acc = 0;
    for (int i = 0; i < o.length; i++) {
      acc += packed(k, o[i], l[i]);
    }
    return acc;
  }

  static void hashes(byte[] keys, int[] offsets, int[] lengths, String name, int passes) {
    int n = offsets.length;
    System.out.printf(Locale.ROOT, "hashes over %s (%,d distinct keys):%n", name, n);
    for (int k = 0; k < HASHES.length; k++) {
      List<Double> ns = new ArrayList<>();
      for (int p = 0; p < passes; p++) {
        long t0 = cpuNanos();
        int acc;
        switch (k) {
          case 0: acc = loop0(keys, offsets, lengths); break;
          case 1: acc = loop1(keys, offsets, lengths); break;
          case 2: acc = loop2(keys, offsets, lengths); break;
          case 3: acc = loop3(keys, offsets, lengths); break;
          default: acc = loop4(keys, offsets, lengths); break;
        }
        blackhole += acc;
        if (p > 0) {
          ns.add((double) (cpuNanos() - t0) / n);
        }
      }
      // Linear probing on the low bits, table at most half full, as the aggregator's; and how
      // evenly the top 8 bits (the aggregator's slot tag) spread: max/mean bucket count.
      int slots = Integer.highestOneBit(Math.max(2 * n - 1, 1)) << 1;
      boolean[] used = new boolean[slots];
      long probes = 0;
      int[] tags = new int[256];
      for (int i = 0; i < n; i++) {
        int h = hashOne(k, keys, offsets[i], lengths[i]);
        tags[h >>> 24]++;
        int s = h & (slots - 1);
        probes++;
        while (used[s]) {
          s = (s + 1) & (slots - 1);
          probes++;
        }
        used[s] = true;
      }
      int maxTag = Arrays.stream(tags).max().getAsInt();
      System.out.printf(Locale.ROOT, "  %-34s %6.1f ns/key, %.2f probes per insert (load %.2f), top-8-bit buckets max/mean %.2f%n",
          HASHES[k], median(ns), (double) probes / n, (double) n / slots, maxTag / (n / 256.0));
    }
  }

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 4_000_000;
    int passes = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    String what = args.length > 2 ? args[2] : "all";
    System.out.printf(Locale.ROOT, "AggBench: %,d records of %d-byte keys, %d passes per case (median of passes 2..%d)%n",
        n, KEY, passes, passes);
    Data[] sets = {
        new Data("~2 events/key, uniform", n / 2, 1, n, 1),
        new Data("~2 events/key, skew 3 (as scripts/bench/run: 5M users)", 5_000_000, 3, n, 2),
        new Data("~10 events/key, skew 3", n / 8, 3, n, 5),
        new Data("~100 events/key, uniform", n / 100, 1, n, 3),
        new Data("~100 events/key, skew 3", n / 80, 3, n, 4)};
    for (Data d : what.equals("hashes") ? new Data[0] : sets) {
      System.out.printf(Locale.ROOT, "%s: %,d records, %,d distinct keys, %.1f events/key%n", d.name, d.n,
          d.distinct, (double) d.n / d.distinct);
      time("sink called directly", d, AggBench::direct, passes);
      time("pass-through (table disabled)", d, AggBench::passThrough, passes);
      time(String.format(Locale.ROOT, "table, defaults (%d MiB, %.2f)", MapAggregationSettings.DEFAULT_MEMORY_MB,
          MapAggregationSettings.DEFAULT_MIN_REDUCTION), d,
          x -> table(x, (long) MapAggregationSettings.DEFAULT_MEMORY_MB << 20, MapAggregationSettings.DEFAULT_MIN_REDUCTION),
          passes);
      time("table forced on, 4 MiB", d, x -> table(x, 4L << 20, 0), passes);
      time("table forced on, 16 MiB", d, x -> table(x, 16L << 20, 0), passes);
      time("table forced on, 64 MiB", d, x -> table(x, 64L << 20, 0), passes);
    }
    if (what.equals("tables")) {
      System.out.println("(checksum " + blackhole + ")");
      return;
    }
    // Distinct keys for the hash comparison: generated user IDs, and sequential decimal keys
    // (site numbers, days), where weak hashes show.
    int m = Math.min(n, 1 << 20);
    byte[] ids = new byte[m * KEY];
    int[] off = new int[m];
    int[] len = new int[m];
    for (int i = 0; i < m; i++) {
      putId(ids, i * KEY, i);
      off[i] = i * KEY;
      len[i] = KEY;
    }
    hashes(ids, off, len, "user IDs", passes);
    byte[] dec = new byte[m * 8];
    int at = 0;
    for (int i = 0; i < m; i++) {
      byte[] s = Integer.toString(10_000 + i).getBytes("US-ASCII");
      System.arraycopy(s, 0, dec, at, s.length);
      off[i] = at;
      len[i] = s.length;
      at += s.length;
    }
    hashes(dec, off, len, "decimal numbers 10000..", passes);
    System.out.println("(checksum " + blackhole + ")");
  }
}
