package io.logcount.jobs.common;

import java.io.IOException;
import java.util.Arrays;

/**
 * Sums per byte-string key in bounded memory: the storage of {@link MapSideAggregator}, which
 * decides whether a task uses it at all.
 *
 * <p><b>Layout.</b> An open-addressing table (linear probing, at most half full) of
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
 * previous flush (insertion order), so output is deterministic for a given input. Sums are
 * {@code long} and wrap on overflow, as the reducer's do. Keys are any byte strings, compared
 * byte for byte, the empty one included.
 *
 * <p>Not thread safe. If the sink throws, the table must not be used again.
 */
final class SumTable {

  /** Receives the table's entries. */
  interface Sink {
    /**
     * One key and its sum. {@code key[offset, offset + length)} is only valid during the call:
     * the table reuses the array (copy it, as {@code Text.set} does, to keep it).
     */
    void emit(byte[] key, int offset, int length, long sum) throws IOException, InterruptedException;
  }

  /** Smallest budget accepted, in bytes. */
  static final long MIN_BUDGET_BYTES = 4096;
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
  private long entriesEmitted;
  private long flushes;

  /**
   * @param budgetBytes most memory the table takes, at least {@link #MIN_BUDGET_BYTES}
   * @param sink where entries go
   */
  SumTable(long budgetBytes, Sink sink) {
    if (budgetBytes < MIN_BUDGET_BYTES) {
      throw new IllegalArgumentException("budget must be at least " + MIN_BUDGET_BYTES
          + " bytes, got " + budgetBytes);
    }
    if (sink == null) {
      throw new NullPointerException("sink");
    }
    this.sink = sink;
    this.budget = budgetBytes;
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
   * Adds {@code delta} to the sum of the key {@code key[offset, offset + length)}, flushing first
   * if a new key finds no room. The bytes are copied: the caller may reuse its array at once.
   */
  void add(byte[] key, int offset, int length, long delta) throws IOException, InterruptedException {
    if (length <= INLINE_KEY_BYTES) {
      addShort(key, offset, length, delta);
    } else {
      addLong(key, offset, length, delta);
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
        flush();
      }
      reprobe = true;
    }
    if (longKey != null) {
      int length = (int) meta;
      int at = reserve(length);
      if (at < 0) {
        flush();
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

  /** Emits every entry, in insertion order, and clears the table (its arrays are kept). */
  void flush() throws IOException, InterruptedException {
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

  /** Frees the arrays; the table holds nothing and must not be added to again. */
  void release() {
    pages = null;
    slots = null;
    entries = null;
    pagesAllocated = 0;
    capacity = 0;
    size = 0;
    memory = 0;
  }

  /** Keys currently held. */
  int size() {
    return size;
  }

  /** Entries the sink received: sums flushed plus keys too long to hold. */
  long entriesEmitted() {
    return entriesEmitted;
  }

  /** Times the table emptied at least one entry into the sink. */
  long flushes() {
    return flushes;
  }

  long budgetBytes() {
    return budget;
  }

  /** Bytes the arrays take now, headers included. */
  long memoryBytes() {
    return memory;
  }

  /** Most bytes the arrays ever took, counting growths (old and new alive at once). */
  long peakMemoryBytes() {
    return peakMemory;
  }

  /** Longest key held; longer ones go straight to the sink. */
  int maxKeyLength() {
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
