package io.logcount.jobs.common;

import org.apache.hadoop.conf.Configuration;

/**
 * The settings of the map-side aggregation ({@link MapSideAggregator}): its configuration keys,
 * their defaults and typed getters, and the table a map task builds from them. Kept apart from
 * the table so that the table's class holds only its storage and its on/off policy.
 */
public final class MapAggregationSettings {

  private MapAggregationSettings() {
  }

  /** Prefix of the map-side aggregation keys. */
  public static final String PREFIX = "logcount.map-aggregation.";

  /** Whether mappers sum their records per key before the map output. Default true. */
  public static final String ENABLED = PREFIX + "enabled";
  /** Default of {@link #ENABLED}: on (it turns itself off where it does not pay). */
  public static final boolean DEFAULT_ENABLED = true;

  /**
   * Memory budget of one table, in MiB: key bytes and every array, counted at their peak. A map
   * task needs it on top of its sort buffer ({@code mapreduce.task.io.sort.mb}) and the 7z
   * decoder; {@link #fromConf} refuses a budget above a quarter of the task's heap. 1 to
   * {@value #MAX_MEMORY_MB}.
   */
  public static final String MEMORY_MB = PREFIX + "memory-mb";
  /**
   * Default of {@link #MEMORY_MB}: 16 MiB, room for 262,144 keys of up to 16 bytes before a flush
   * (10 MiB of arrays, 13 MiB while they last grow). Safe next to a 100 MiB sort
   * buffer in {@code -Xmx512m}, even with two map tasks in one local runner JVM. A larger table
   * removes more records where a split has more keys than that, but each lookup misses the caches
   * more often (scripts/bench/aggregation, docs/performance.md); raise it where the heap allows.
   */
  public static final int DEFAULT_MEMORY_MB = 16;
  /** Largest {@link #MEMORY_MB}: a table holds at most 2^23 entries anyway. */
  public static final int MAX_MEMORY_MB = 1024;

  /**
   * Smallest share of records the table must remove over the first {@link #CHECK_INTERVAL}
   * records to stay on: reduction = 1 - (entries it would emit) / (records it took). Below it,
   * the table flushes and passes records straight through for the rest of the task. 0 keeps it
   * on whatever the data; 1 turns it off at the check. 0 to 1.
   */
  public static final String MIN_REDUCTION = PREFIX + "min-reduction";
  /**
   * Default of {@link #MIN_REDUCTION}: 0.3, about where summing starts to pay: a lookup costs up to
   * ~0.3 us in a 16 MiB table on a busy node, a record removed saves ~1 us, and a whole table
   * removes at least the share its first records showed (more keys repeat as it fills). Measured
   * at the check: the benchmark logs (~2 events per user) 0.09, off (a full 16 MiB table would
   * have removed only 16 %); ~100 events per user 0.63 to 0.80, on (it removes 99 %); ~8 events
   * per key 0.37 with 245,000 keys, on (removes 88 %), and 0.27 with 489,000 keys, off (forced on,
   * it removed 55 % for ~0.29 us per record: a gain forgone, the price of the margin). Hive's old
   * default, 0.5, would turn off both ~8 cases.
   * See scripts/bench/aggregation and docs/performance.md.
   */
  public static final double DEFAULT_MIN_REDUCTION = 0.3;

  /** Records after which the table measures its reduction and decides, once. At least 1. */
  public static final String CHECK_INTERVAL = PREFIX + "check-interval";
  /**
   * Default of {@link #CHECK_INTERVAL}: 100,000 records (Hive's), ~30 ms of work when the table
   * then turns off and a tenth of a 250 MB split; fewer gives a noisier, lower figure on skewed
   * data.
   */
  public static final long DEFAULT_CHECK_INTERVAL = 100_000;

  /** Sets {@link #ENABLED}. */
  public static void setEnabled(Configuration conf, boolean enabled) {
    conf.setBoolean(ENABLED, enabled);
  }

  /** {@link #ENABLED}. */
  public static boolean getEnabled(Configuration conf) {
    String value = conf.getTrimmed(ENABLED);
    if (value == null) {
      return DEFAULT_ENABLED;
    }
    if ("true".equalsIgnoreCase(value) || "false".equalsIgnoreCase(value)) {
      return Boolean.parseBoolean(value);
    }
    throw new IllegalArgumentException(ENABLED + " must be true or false, got '" + value + "'");
  }

  /** Sets {@link #MEMORY_MB}. */
  public static void setMemoryMb(Configuration conf, int mb) {
    conf.setInt(MEMORY_MB, mb);
  }

  /** {@link #MEMORY_MB}, validated. */
  public static int getMemoryMb(Configuration conf) {
    long mb = getWholeNumber(conf, MEMORY_MB, DEFAULT_MEMORY_MB);
    if (mb < 1 || mb > MAX_MEMORY_MB) {
      throw new IllegalArgumentException(MEMORY_MB + " must be 1 to " + MAX_MEMORY_MB
          + " (MiB per map task), got " + mb);
    }
    return (int) mb;
  }

  /** Sets {@link #MIN_REDUCTION}. */
  public static void setMinReduction(Configuration conf, double reduction) {
    conf.setDouble(MIN_REDUCTION, reduction);
  }

  /** {@link #MIN_REDUCTION}, validated. */
  public static double getMinReduction(Configuration conf) {
    String value = conf.getTrimmed(MIN_REDUCTION);
    if (value == null) {
      return DEFAULT_MIN_REDUCTION;
    }
    double reduction;
    try {
      reduction = Double.parseDouble(value);
    } catch (NumberFormatException e) {
      reduction = Double.NaN;
    }
    if (!(reduction >= 0 && reduction <= 1)) { // NaN fails too
      throw new IllegalArgumentException(MIN_REDUCTION + " must be a number from 0 (always"
          + " aggregate) to 1 (never), e.g. " + DEFAULT_MIN_REDUCTION + ", got '" + value + "'");
    }
    return reduction;
  }

  /** Sets {@link #CHECK_INTERVAL}. */
  public static void setCheckInterval(Configuration conf, long records) {
    conf.setLong(CHECK_INTERVAL, records);
  }

  /** {@link #CHECK_INTERVAL}, validated. */
  public static long getCheckInterval(Configuration conf) {
    long records = getWholeNumber(conf, CHECK_INTERVAL, DEFAULT_CHECK_INTERVAL);
    if (records < 1) {
      throw new IllegalArgumentException(CHECK_INTERVAL + " must be at least 1 (records), got "
          + records);
    }
    return records;
  }

  /**
   * Checks every key of this class at submission, so that a bad {@code -D} value fails the
   * driver with the key's message rather than every map task.
   *
   * @throws IllegalArgumentException naming the first invalid key and its valid values
   */
  public static void validate(Configuration conf) {
    getEnabled(conf);
    getMemoryMb(conf);
    getMinReduction(conf);
    getCheckInterval(conf);
  }

  private static long getWholeNumber(Configuration conf, String key, long defaultValue) {
    String value = conf.getTrimmed(key);
    if (value == null) {
      return defaultValue;
    }
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a whole number, e.g. " + defaultValue
          + ", got '" + value + "'", e);
    }
  }

  /**
   * The table a map task uses, from {@link #ENABLED}, {@link #MEMORY_MB},
   * {@link #MIN_REDUCTION} and {@link #CHECK_INTERVAL}: a pass-through one when disabled.
   *
   * @throws IllegalArgumentException if a key is invalid, or the budget is more than a quarter of
   *     this JVM's heap (the message says which key to lower)
   */
  public static MapSideAggregator fromConf(Configuration conf, MapSideAggregator.Sink sink) {
    return fromConf(conf, sink, Runtime.getRuntime().maxMemory());
  }

  /** {@link #fromConf(Configuration, MapSideAggregator.Sink)} for a JVM whose heap is {@code heap} bytes (tests). */
  static MapSideAggregator fromConf(Configuration conf, MapSideAggregator.Sink sink, long heap) {
    if (!getEnabled(conf)) {
      return MapSideAggregator.passThrough(sink);
    }
    int mb = getMemoryMb(conf);
    double minReduction = getMinReduction(conf);
    long checkInterval = getCheckInterval(conf);
    if (heap != Long.MAX_VALUE && ((long) mb << 20) > heap / 4) {
      throw new IllegalArgumentException(MEMORY_MB + "=" + mb + " is more than a quarter of this"
          + " task's heap (" + (heap >> 20) + " MiB): lower " + MEMORY_MB + ", raise the map heap"
          + " (-Xmx in mapreduce.map.java.opts), or set " + ENABLED + "=false");
    }
    return new MapSideAggregator((long) mb << 20, minReduction, checkInterval, sink);
  }
}
