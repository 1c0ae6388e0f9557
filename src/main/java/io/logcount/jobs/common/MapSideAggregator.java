package io.logcount.jobs.common;

import java.io.IOException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In-mapper sums per key, in bounded memory, that turn themselves off where they do not pay:
 * what Hive's map-side hash aggregation does ({@code hive.map.aggr.hash.min.reduction},
 * {@code hive.groupby.mapaggr.checkinterval}), for the counting jobs (events per user, per
 * site, per day).
 *
 * <p><b>Why adaptive.</b> A map output record costs about 1 us of CPU after the mapper (collect,
 * sort, spill, merge, reduce: docs/performance.md); a lookup here 50 to 400 ns, more as the table
 * outgrows the caches or shares them with the decoder and other tasks (scripts/bench/aggregation). Summing
 * in the mapper therefore pays only when it removes enough records: on the benchmark logs (about
 * 2 events per user) an earlier always-on table was no faster, on logs with ~100 events per user
 * it removes 99 % of the map output. So the table watches the first
 * {@link MapAggregationSettings#CHECK_INTERVAL} records: if the entries it would emit for them are
 * not at least {@link MapAggregationSettings#MIN_REDUCTION} fewer
 * than the records, it flushes, frees its memory and from then on hands every record straight to
 * the sink, for one branch and a call per record.
 *
 * <p><b>Parts.</b> This class is the policy: the reduction check, the switch to pass-through,
 * the counts a task reports. The sums live in a {@link SumTable} (its layout, memory bound and
 * flush order are described there); {@link MapAggregationSettings} holds the settings and builds
 * the aggregator a task's configuration asks for.
 *
 * <p><b>Order.</b> A flush emits entries in the order their keys first arrived since the
 * previous flush, so output is deterministic for a given input. After the table switched off,
 * records reach the sink in arrival order, one per {@link #add}.
 *
 * <p>Not thread safe. If the sink throws, the exception reaches the caller of {@link #add},
 * {@link #flush} or {@link #close}, and the aggregator must not be used again (some of its entries
 * may have been emitted).
 */
public final class MapSideAggregator {

  /** Receives the aggregated entries; see {@link SumTable.Sink#emit}. */
  public interface Sink extends SumTable.Sink {
  }

  private static final Logger LOG = LoggerFactory.getLogger(MapSideAggregator.class);

  /** An aggregator that never aggregates: every {@link #add} goes straight to the sink. */
  public static MapSideAggregator passThrough(Sink sink) {
    return new MapSideAggregator(sink);
  }

  /** Smallest budget accepted by the constructor, in bytes. */
  public static final long MIN_BUDGET_BYTES = SumTable.MIN_BUDGET_BYTES;

  private static final int ON = 0;
  private static final int OFF = 1;
  private static final int CLOSED = 2;

  private final Sink sink;
  /** Null for a pass-through aggregator. */
  private final SumTable table;
  private final double minReduction;
  /** {@link #recordsIn} at which the reduction is measured; -1 once done or never. */
  private long checkAt;
  private int state;

  private long recordsIn;
  /** Records handed on one by one while off. */
  private long passedOn;
  private boolean switchedOff;
  private double measuredReduction = Double.NaN;

  /**
   * An aggregator that sums until its reduction check says otherwise.
   *
   * @param budgetBytes most memory the table takes, at least {@link #MIN_BUDGET_BYTES}
   * @param minReduction see {@link MapAggregationSettings#MIN_REDUCTION}, 0 to 1
   * @param checkInterval see {@link MapAggregationSettings#CHECK_INTERVAL}, at least 1
   * @param sink where entries go
   */
  public MapSideAggregator(long budgetBytes, double minReduction, long checkInterval, Sink sink) {
    if (!(minReduction >= 0 && minReduction <= 1)) {
      throw new IllegalArgumentException("minReduction must be 0 to 1, got " + minReduction);
    }
    if (checkInterval < 1) {
      throw new IllegalArgumentException("checkInterval must be at least 1, got " + checkInterval);
    }
    this.table = new SumTable(budgetBytes, sink);
    this.sink = sink;
    this.minReduction = minReduction;
    this.checkAt = checkInterval;
    this.state = ON;
  }

  /** The pass-through aggregator of {@link #passThrough}. */
  private MapSideAggregator(Sink sink) {
    if (sink == null) {
      throw new NullPointerException("sink");
    }
    this.sink = sink;
    this.table = null;
    this.minReduction = 0;
    this.checkAt = -1;
    this.state = OFF;
  }

  /**
   * Adds {@code delta} to the sum of the key {@code key[offset, offset + length)}. The bytes are
   * copied: the caller may reuse its array as soon as this returns.
   *
   * @throws IllegalStateException after {@link #close}
   */
  public void add(byte[] key, int offset, int length, long delta) throws IOException, InterruptedException {
    // Small enough for the JIT to inline into the caller, so that when off, a record costs this
    // branch and the sink's call.
    if (state == ON) {
      aggregate(key, offset, length, delta);
    } else {
      passOn(key, offset, length, delta);
    }
  }

  private void aggregate(byte[] key, int offset, int length, long delta) throws IOException, InterruptedException {
    long records = ++recordsIn;
    table.add(key, offset, length, delta);
    if (records == checkAt) {
      check();
    }
  }

  /** Off (or closed): one call of the sink per record. */
  private void passOn(byte[] key, int offset, int length, long delta) throws IOException, InterruptedException {
    if (state == CLOSED) {
      throw new IllegalStateException("add after close");
    }
    recordsIn++;
    passedOn++;
    sink.emit(key, offset, length, delta);
  }

  /** Measures the reduction so far and decides, once, whether to go on aggregating. */
  private void check() throws IOException, InterruptedException {
    checkAt = -1;
    long out = table.entriesEmitted() + table.size();
    measuredReduction = 1.0 - (double) out / recordsIn;
    String figures = String.format("%,d records in, %,d entries out (%,d flushes), reduction %.3f",
        recordsIn, out, table.flushes(), measuredReduction);
    if (measuredReduction < minReduction) {
      LOG.info("Map-side aggregation off for the rest of this task: {}, below {}={}; records now"
          + " go straight to the map output", figures, MapAggregationSettings.MIN_REDUCTION, minReduction);
      table.flush();
      table.release();
      state = OFF;
      switchedOff = true;
    } else {
      LOG.info("Map-side aggregation stays on: {}, at least {}={}", figures, MapAggregationSettings.MIN_REDUCTION,
          minReduction);
    }
  }

  /**
   * Emits every entry held (insertion order) and clears the table, which stays usable; nothing
   * when off or closed.
   */
  public void flush() throws IOException, InterruptedException {
    if (state == ON) {
      table.flush();
    }
  }

  /** Emits what is left ({@link #flush}) and frees the memory. A second call does nothing. */
  public void close() throws IOException, InterruptedException {
    if (state == CLOSED) {
      return;
    }
    flush();
    if (table != null) {
      table.release();
    }
    state = CLOSED;
  }

  /** Records given to {@link #add}. */
  public long recordsIn() {
    return recordsIn;
  }

  /** Entries the sink received: sums flushed plus records passed straight through. */
  public long entriesEmitted() {
    return passedOn + (table == null ? 0 : table.entriesEmitted());
  }

  /** Times the table emptied at least one entry into the sink (full, switch-off, flush, close). */
  public long flushes() {
    return table == null ? 0 : table.flushes();
  }

  /** True once the reduction check turned aggregation off (not for a {@link #passThrough} aggregator). */
  public boolean switchedOff() {
    return switchedOff;
  }

  /** True while adds are summed in the table (not off, not closed). */
  public boolean aggregating() {
    return state == ON;
  }

  /** The reduction measured at the check, or NaN before it (and for pass-through aggregators). */
  public double measuredReduction() {
    return measuredReduction;
  }

  /** Keys currently held. */
  public int size() {
    return table == null ? 0 : table.size();
  }

  /** The memory budget in bytes (0 for a pass-through aggregator). */
  public long budgetBytes() {
    return table == null ? 0 : table.budgetBytes();
  }

  /** Bytes the table's arrays take now, headers included. */
  public long memoryBytes() {
    return table == null ? 0 : table.memoryBytes();
  }

  /** Most bytes the table's arrays ever took, counting growths (old and new alive at once). */
  public long peakMemoryBytes() {
    return table == null ? 0 : table.peakMemoryBytes();
  }

  /** Longest key held; longer ones go straight to the sink (0 for a pass-through aggregator). */
  public int maxKeyLength() {
    return table == null ? 0 : table.maxKeyLength();
  }
}
