package io.logcount.jobs.common;

import java.io.IOException;
import java.util.Arrays;

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
 * <p><b>Storage.</b> An open-addressing table (linear probing, at most half full) of
 * {@code int} slots, each holding an entry number and 8 bits of the key's hash, so that a probe
 * rarely reads an entry that is not its key. Entries are numbered in insertion order and live in
 * one {@code long[]}, four longs each: hash and length, the key's bytes, the sum. A key of up to
 * {@value #INLINE_KEY_BYTES} bytes (user IDs, sites, days) is held in its entry as two longs;
 * a longer one is copied into fixed-size pages of a byte arena and its entry holds where. No
 * object per key: memory is what the arrays take, which {@link #memoryBytes()} accounts for
 * (array headers included), and the garbage collector sees a handful of arrays. A lookup of a
 * short key seen before reads two cache lines, one after the other (slot, then entry); with the
 * key bytes in the arena it was three, and a table of 245,000 keys took ~35 % longer per record
 * (scripts/bench/aggregation).
 *
 * <p><b>Bounded memory.</b> The arrays start small and grow while the memory they take, counted
 * at its peak during a growth (old and new array alive together), stays within the budget. When
 * a new key finds no room, the table <em>flushes</em>: it emits every entry to the sink and
 * clears, keeping its arrays. So memory never exceeds the budget whatever the number of distinct
 * keys; the cost of a small budget is more entries out, never an error. A key longer than one
 * arena page ({@link #maxKeyLength()}, 64 KiB for budgets of 1 MiB and more) is not held: it
 * goes straight to the sink.
 *
 * <p><b>Flush order.</b> A flush emits entries in the order their keys first arrived since the
 * previous flush (insertion order), so output is deterministic for a given input. After the table
 * switched off, records reach the sink in arrival order, one per {@link #add}. Sums are
 * {@code long} and wrap on overflow, as the reducer's do.
 *
 * <p><b>Keys</b> are any byte strings, compared byte for byte (no decoding), the empty one
 * included: whether an empty field is a valid key is the job's decision, not the table's.
 *
 * <p>Not thread safe. If the sink throws, the exception reaches the caller of {@link #add},
 * {@link #flush} or {@link #close}, and the table must not be used again (some of its entries may
 * have been emitted). Its settings, and the table a task builds from them, are {@link MapAggregationSettings}.
 */
public final class MapSideAggregator {

  /** Receives the aggregated entries. */
  public interface Sink {
    /**
     * One key and its sum. {@code key[offset, offset + length)} is only valid during the call:
     * the table reuses the array (copy it, as {@code Text.set} does, to keep it).
     */
    void emit(byte[] key, int offset, int length, long sum) throws IOException, InterruptedException;
  }

  private static final Logger LOG = LoggerFactory.getLogger(MapSideAggregator.class);

  /** A table that never aggregates: every {@link #add} goes straight to the sink. */
  public static MapSideAggregator passThrough(Sink sink) {
    return new MapSideAggregator(sink);
  }

  /** Smallest budget accepted by the constructor, in bytes. */
  public static final long MIN_BUDGET_BYTES = 4096;

  private static final int ON = 0;
  private static final int OFF = 1;
  private static final int CLOSED = 2;

  /** Keys of up to this many bytes are held in their entry, as two longs; longer ones in the arena. */
  static final int INLINE_KEY_BYTES = 16;
  /** A slot: the hash's top 8 bits, then entry number + 1 in the low 24 (0: empty slot). */
  private static final int TAG_MASK = 0xff000000;
  private static final int ENTRY_MASK = 0x00ffffff;
  /** Longs per entry: hash and length, key bytes 0-7 (or arena position), key bytes 8-15, sum. */
  private static final int ENTRY_LONGS = 4;
  /** Most entries: slots (twice as many) must leave the hash's top 8 bits to the tag. */
  private static final int MAX_ENTRIES = 1 << 23;
  private static final int INITIAL_ENTRIES = 1 << 10;
  /** What the JVM adds to every array, counted generously (a 64-bit JVM uses 16). */
  private static final int ARRAY_HEADER = 16;
  private static final int MAX_PAGE_SHIFT = 16;
  private static final int MIN_PAGE_SHIFT = 8;

  private final Sink sink;
  private final long budget;
  private final double minReduction;
  /** {@link #recordsIn} at which the reduction is measured; -1 once done or never. */
  private long checkAt;
  private int state;

  private int[] slots;
  private int slotMask;
  /**
   * Entry {@code i} (the i-th key added since the last flush) is {@code entries[4i .. 4i + 3]}:
   * {@code hash << 32 | length}; the key's bytes 0-7 and 8-15 as little-endian longs, zero-padded,
   * for keys of up to {@link #INLINE_KEY_BYTES} bytes, or its arena position and 0 for longer
   * ones; the sum. 32 bytes: one cache line, two at most.
   */
  private long[] entries;
  private int capacity;
  private int size;

  /** Arena of the keys longer than {@link #INLINE_KEY_BYTES}: fixed-size pages, never copied. */
  private final int pageShift;
  private final int pageSize;
  private final int pageMask;
  private byte[][] pages;
  private int pagesAllocated;
  private int currentPage;
  private int pagePosition;
  /** Where a flush unpacks inline keys for the sink. */
  private final byte[] scratch = new byte[INLINE_KEY_BYTES];

  private long memory;
  private long peakMemory;

  private long recordsIn;
  private long entriesEmitted;
  private long flushes;
  private boolean switchedOff;
  private double measuredReduction = Double.NaN;

  /**
   * A table that aggregates until its reduction check says otherwise.
   *
   * @param budgetBytes most memory the table takes, at least {@link #MIN_BUDGET_BYTES}
   * @param minReduction see {@link MapAggregationSettings#MIN_REDUCTION}, 0 to 1
   * @param checkInterval see {@link MapAggregationSettings#CHECK_INTERVAL}, at least 1
   * @param sink where entries go
   */
  public MapSideAggregator(long budgetBytes, double minReduction, long checkInterval, Sink sink) {
    if (budgetBytes < MIN_BUDGET_BYTES) {
      throw new IllegalArgumentException("budget must be at least " + MIN_BUDGET_BYTES
          + " bytes, got " + budgetBytes);
    }
    if (!(minReduction >= 0 && minReduction <= 1)) {
      throw new IllegalArgumentException("minReduction must be 0 to 1, got " + minReduction);
    }
    if (checkInterval < 1) {
      throw new IllegalArgumentException("checkInterval must be at least 1, got " + checkInterval);
    }
    if (sink == null) {
      throw new NullPointerException("sink");
    }
    this.sink = sink;
    this.budget = budgetBytes;
    this.minReduction = minReduction;
    this.checkAt = checkInterval;
    this.state = ON;
    // Pages of a sixteenth of the budget, 256 B to 64 KiB, allocated when the first long key comes.
    int shift = 63 - Long.numberOfLeadingZeros(budgetBytes / 16);
    this.pageShift = Math.max(MIN_PAGE_SHIFT, Math.min(MAX_PAGE_SHIFT, shift));
    this.pageSize = 1 << pageShift;
    this.pageMask = pageSize - 1;
    int maxPages = (int) Math.min(Integer.MAX_VALUE >> pageShift, budgetBytes >> pageShift);
    this.pages = new byte[maxPages][];
    account(ARRAY_HEADER + 8L * maxPages);
    int initial = INITIAL_ENTRIES;
    while (initial > 4 && memory + tableBytes(initial) > budgetBytes / 2) {
      initial >>= 1;
    }
    slots = new int[2 * initial];
    slotMask = slots.length - 1;
    entries = new long[ENTRY_LONGS * initial];
    capacity = initial;
    account(tableBytes(initial));
  }

  /** The pass-through table of {@link #passThrough}. */
  private MapSideAggregator(Sink sink) {
    if (sink == null) {
      throw new NullPointerException("sink");
    }
    this.sink = sink;
    this.budget = 0;
    this.minReduction = 0;
    this.checkAt = -1;
    this.state = OFF;
    this.pageShift = MIN_PAGE_SHIFT;
    this.pageSize = 0; // holds no key
    this.pageMask = 0;
  }

  /** Bytes of the slot and entry arrays for {@code entryCapacity} entries. */
  private static long tableBytes(int entryCapacity) {
    return slotBytes(entryCapacity) + entryBytes(entryCapacity);
  }

  private static long slotBytes(int entryCapacity) {
    return ARRAY_HEADER + 4L * 2 * entryCapacity;
  }

  private static long entryBytes(int entryCapacity) {
    return ARRAY_HEADER + 8L * ENTRY_LONGS * entryCapacity;
  }

  private void account(long bytes) {
    memory += bytes;
    peakMemory = Math.max(peakMemory, memory);
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
    if (length <= INLINE_KEY_BYTES) {
      addShort(key, offset, length, delta);
    } else {
      addLong(key, offset, length, delta);
    }
    if (records == checkAt) {
      check();
    }
  }

  /** A key of up to {@link #INLINE_KEY_BYTES}: packed into two longs, compared as two longs. */
  private void addShort(byte[] key, int offset, int length, long delta) throws IOException, InterruptedException {
    long k0 = 0;
    long k1 = 0;
    int i = 0;
    for (int n = Math.min(length, 8); i < n; i++) {
      k0 |= (key[offset + i] & 0xffL) << (i << 3);
    }
    for (; i < length; i++) {
      k1 |= (key[offset + i] & 0xffL) << ((i - 8) << 3);
    }
    int hash = hashInline(k0, k1, length);
    long meta = ((long) hash << 32) | length;
    int tag = hash & TAG_MASK;
    int[] s = slots;
    long[] e = entries;
    int mask = slotMask;
    int slot = hash & mask;
    int value;
    while ((value = s[slot]) != 0) {
      if ((value & TAG_MASK) == tag) {
        int at = ((value & ENTRY_MASK) - 1) * ENTRY_LONGS;
        if (e[at] == meta && e[at + 1] == k0 && e[at + 2] == k1) {
          e[at + 3] += delta;
          return;
        }
      }
      slot = (slot + 1) & mask;
    }
    insert(meta, slot, k0, k1, null, 0, delta);
  }

  /** A key longer than {@link #INLINE_KEY_BYTES}: its bytes live in the arena. */
  private void addLong(byte[] key, int offset, int length, long delta) throws IOException, InterruptedException {
    if (length > pageSize) { // never fits: straight through, as if flushed at once
      entriesEmitted++;
      sink.emit(key, offset, length, delta);
      return;
    }
    int hash = hashBytes(key, offset, length);
    long meta = ((long) hash << 32) | length;
    int tag = hash & TAG_MASK;
    int slot = hash & slotMask;
    int value;
    while ((value = slots[slot]) != 0) {
      if ((value & TAG_MASK) == tag) {
        int at = ((value & ENTRY_MASK) - 1) * ENTRY_LONGS;
        if (entries[at] == meta && sameKey((int) entries[at + 1], key, offset, length)) {
          entries[at + 3] += delta;
          return;
        }
      }
      slot = (slot + 1) & slotMask;
    }
    insert(meta, slot, 0, 0, key, offset, delta);
  }

  /** Off (or closed): one call of the sink per record. */
  private void passOn(byte[] key, int offset, int length, long delta) throws IOException, InterruptedException {
    if (state == CLOSED) {
      throw new IllegalStateException("add after close");
    }
    recordsIn++;
    entriesEmitted++;
    sink.emit(key, offset, length, delta);
  }

  /** Java 8 has no ranged {@code Arrays.equals}. */
  private boolean sameKey(int at, byte[] key, int offset, int length) {
    byte[] page = pages[at >>> pageShift];
    int p = at & pageMask;
    for (int i = 0; i < length; i++) {
      if (page[p + i] != key[offset + i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Adds a new key whose probe ended on the free {@code slot}, growing or flushing first if the
   * table is full. {@code longKey} is null for an inline key ({@code k0}, {@code k1}), else the
   * array holding the key's bytes from {@code offset}.
   */
  private void insert(long meta, int slot, long k0, long k1, byte[] longKey, int offset, long delta)
      throws IOException, InterruptedException {
    int hash = (int) (meta >>> 32);
    boolean reprobe = false;
    if (size == capacity) {
      if (!grow()) {
        flushTable();
      }
      reprobe = true;
    }
    if (longKey != null) {
      int length = (int) meta;
      int at = reserve(length);
      if (at < 0) {
        flushTable();
        reprobe = true;
        at = reserve(length); // an empty arena holds any key of up to a page
      }
      System.arraycopy(longKey, offset, pages[at >>> pageShift], at & pageMask, length);
      k0 = at;
    }
    if (reprobe) {
      slot = freeSlot(hash);
    }
    int entry = size++;
    int at = entry * ENTRY_LONGS;
    entries[at] = meta;
    entries[at + 1] = k0;
    entries[at + 2] = k1;
    entries[at + 3] = delta;
    slots[slot] = (hash & TAG_MASK) | (entry + 1);
  }

  private int freeSlot(int hash) {
    int slot = hash & slotMask;
    while (slots[slot] != 0) {
      slot = (slot + 1) & slotMask;
    }
    return slot;
  }

  /** Where in the arena a key of {@code length} bytes goes, or -1 if the budget has no room. */
  private int reserve(int length) {
    if (pagesAllocated == 0 || pagePosition + length > pageSize) {
      int next = pagesAllocated == 0 ? 0 : currentPage + 1;
      if (next == pagesAllocated) {
        if (next == pages.length || memory + ARRAY_HEADER + pageSize > budget) {
          return -1;
        }
        pages[next] = new byte[pageSize];
        pagesAllocated++;
        account(ARRAY_HEADER + pageSize);
      }
      currentPage = next;
      pagePosition = 0;
    }
    int at = (currentPage << pageShift) | pagePosition;
    pagePosition += length;
    return at;
  }

  /**
   * Doubles the entry capacity if the budget allows it, counting the moment the entries are
   * copied (old and new arrays alive) and the one the slots are rebuilt (old slots dropped first).
   * The entries keep their hashes: no key is hashed again.
   */
  private boolean grow() {
    if (capacity >= MAX_ENTRIES) {
      return false;
    }
    int doubled = 2 * capacity;
    long whileCopying = memory + entryBytes(doubled);
    long afterwards = memory - tableBytes(capacity) + tableBytes(doubled);
    if (Math.max(whileCopying, afterwards) > budget) {
      return false;
    }
    account(entryBytes(doubled));
    long[] grown = Arrays.copyOf(entries, ENTRY_LONGS * doubled);
    memory -= entryBytes(capacity);
    entries = grown;
    memory -= slotBytes(capacity);
    slots = null;
    slots = new int[2 * doubled];
    slotMask = slots.length - 1;
    account(slotBytes(doubled));
    capacity = doubled;
    for (int entry = 0; entry < size; entry++) {
      int hash = (int) (entries[entry * ENTRY_LONGS] >>> 32);
      slots[freeSlot(hash)] = (hash & TAG_MASK) | (entry + 1);
    }
    return true;
  }

  /** Measures the reduction so far and decides, once, whether to go on aggregating. */
  private void check() throws IOException, InterruptedException {
    checkAt = -1;
    long out = entriesEmitted + size;
    measuredReduction = 1.0 - (double) out / recordsIn;
    String figures = String.format("%,d records in, %,d entries out (%,d flushes), reduction %.3f",
        recordsIn, out, flushes, measuredReduction);
    if (measuredReduction < minReduction) {
      LOG.info("Map-side aggregation off for the rest of this task: {}, below {}={}; records now"
          + " go straight to the map output", figures, MapAggregationSettings.MIN_REDUCTION, minReduction);
      flushTable();
      release();
      state = OFF;
      switchedOff = true;
    } else {
      LOG.info("Map-side aggregation stays on: {}, at least {}={}", figures, MapAggregationSettings.MIN_REDUCTION,
          minReduction);
    }
  }

  /** Emits every entry, in insertion order, and clears the table (its arrays are kept). */
  private void flushTable() throws IOException, InterruptedException {
    if (size == 0) {
      return;
    }
    long[] e = entries;
    byte[] inline = scratch;
    for (int at = 0, end = size * ENTRY_LONGS; at < end; at += ENTRY_LONGS) {
      int length = (int) e[at];
      if (length <= INLINE_KEY_BYTES) {
        long k = e[at + 1];
        for (int j = 0; j < length; j++) {
          if (j == 8) {
            k = e[at + 2];
          }
          inline[j] = (byte) k;
          k >>>= 8;
        }
        sink.emit(inline, 0, length, e[at + 3]);
      } else {
        int p = (int) e[at + 1];
        sink.emit(pages[p >>> pageShift], p & pageMask, length, e[at + 3]);
      }
    }
    entriesEmitted += size;
    flushes++;
    Arrays.fill(slots, 0);
    size = 0;
    currentPage = 0;
    pagePosition = 0;
  }

  private void release() {
    pages = null;
    slots = null;
    entries = null;
    pagesAllocated = 0;
    capacity = 0;
    memory = 0;
  }

  /**
   * Emits every entry held (insertion order) and clears the table, which stays usable; nothing
   * when off or closed.
   */
  public void flush() throws IOException, InterruptedException {
    if (state == ON) {
      flushTable();
    }
  }

  /** Emits what is left ({@link #flush}) and frees the memory. A second call does nothing. */
  public void close() throws IOException, InterruptedException {
    if (state == CLOSED) {
      return;
    }
    flush();
    release();
    state = CLOSED;
  }

  /** Records given to {@link #add}. */
  public long recordsIn() {
    return recordsIn;
  }

  /** Entries the sink received: sums flushed plus records passed straight through. */
  public long entriesEmitted() {
    return entriesEmitted;
  }

  /** Times the table emptied at least one entry into the sink (full, switch-off, flush, close). */
  public long flushes() {
    return flushes;
  }

  /** True once the reduction check turned aggregation off (not for a {@link #passThrough} table). */
  public boolean switchedOff() {
    return switchedOff;
  }

  /** True while adds are summed in the table (not off, not closed). */
  public boolean aggregating() {
    return state == ON;
  }

  /** The reduction measured at the check, or NaN before it (and for pass-through tables). */
  public double measuredReduction() {
    return measuredReduction;
  }

  /** Keys currently held. */
  public int size() {
    return size;
  }

  /** The memory budget in bytes (0 for a pass-through table). */
  public long budgetBytes() {
    return budget;
  }

  /** Bytes the table's arrays take now, headers included. */
  public long memoryBytes() {
    return memory;
  }

  /** Most bytes the table's arrays ever took, counting growths (old and new alive at once). */
  public long peakMemoryBytes() {
    return peakMemory;
  }

  /** Longest key held; longer ones go straight to the sink (0 for a pass-through table). */
  public int maxKeyLength() {
    return pageSize;
  }

  /**
   * The hash of a key of up to {@link #INLINE_KEY_BYTES} bytes from its bytes packed as two
   * little-endian longs (the entry stores them so anyway): each times an odd constant, xor the
   * length, then murmur3's 64-bit finalizer, so that the low bits (the slot) and the top 8 (the
   * slot's tag) depend on every key bit. Measured against murmur3_32, FNV-1a and Hadoop's
   * {@code WritableComparator.hashBytes} in scripts/bench/java/AggBench.java.
   */
  static int hashInline(long k0, long k1, int length) {
    long h = k0 * 0x9E3779B97F4A7C15L ^ k1 * 0xC2B2AE3D27D4EB4FL ^ length;
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return (int) h;
  }

  /**
   * FNV-1a, its high half folded into the low, for keys longer than {@link #INLINE_KEY_BYTES}:
   * as well spread as murmur3_32 and faster on short inputs; Hadoop's 31h + b crowds decimal keys
   * into a few slots (20 probes per insert instead of 1.5).
   */
  static int hashBytes(byte[] b, int offset, int length) {
    int h = 0x811c9dc5;
    for (int i = offset, end = offset + length; i < end; i++) {
      h = (h ^ (b[i] & 0xff)) * 0x01000193;
    }
    return h ^ (h >>> 16);
  }
}
