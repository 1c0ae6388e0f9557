package io.logcount.jobs.uniqueusers;

import java.util.Arrays;

/**
 * Events per user ID, keyed by the ID's raw bytes, in bounded memory: the in-mapper
 * aggregation of {@code unique-users}.
 *
 * <p>An open-addressing hash table (linear probing) whose keys live back to back in one byte
 * arena: no object per key, no {@code String}, no UTF-8 decoding, so adding an event costs a
 * hash of its bytes and, for a user seen before, one comparison. It grows as users arrive, up
 * to {@code maxUsers} users and {@code maxKeyBytes} bytes of IDs; {@link #add} then returns
 * false instead of growing further, and the caller flushes and adds again. A flush reads the
 * users in the order {@link #sort} puts them, with {@link #keyBytes}, {@link #keyOffset},
 * {@link #keyLength} and {@link #count}, then {@link #clear}s. At its largest it takes about
 * {@code 32 * maxUsers + maxKeyBytes} bytes.
 *
 * <p>Not thread safe. No Hadoop types, so it is testable alone.
 */
final class UserCounts {

  /** Users held before the first growth; tiny inputs (tests, fixtures) stay tiny. */
  static final int INITIAL_USERS = 1 << 12;
  /** Below this many users a range is sorted by insertion. */
  private static final int INSERTION_SORT_BELOW = 16;

  private final int maxUsers;
  private final int maxKeyBytes;
  private byte[] arena;
  /** Slot -> user number + 1; 0 is an empty slot. A power of two, at least twice the users. */
  private int[] slots;
  private int mask;
  private int[] hashes;
  private int[] offsets;
  private int[] lengths;
  private long[] counts;
  /** Filled by {@link #sort}: partition, then the key's first 8 bytes, big endian. */
  private int[] partitions;
  private long[] prefixes;
  private int[] order;
  private int size;
  private int arenaUsed;

  /**
   * @param maxUsers most distinct users held before {@link #add} refuses one, 1 to 2^28
   * @param maxKeyBytes most bytes of user IDs held, at least 1
   */
  UserCounts(int maxUsers, int maxKeyBytes) {
    if (maxUsers < 1 || maxUsers > (1 << 28)) {
      throw new IllegalArgumentException("maxUsers must be 1 to 2^28, got " + maxUsers);
    }
    if (maxKeyBytes < 1) {
      throw new IllegalArgumentException("maxKeyBytes must be at least 1, got " + maxKeyBytes);
    }
    this.maxUsers = maxUsers;
    this.maxKeyBytes = maxKeyBytes;
    int users = Math.min(maxUsers, INITIAL_USERS);
    this.arena = new byte[Math.min(maxKeyBytes, users * 16)];
    allocate(users);
  }

  private void allocate(int users) {
    int capacity = Integer.highestOneBit(Math.max(users, 1)) << 2; // load factor at most 1/2
    slots = new int[capacity];
    mask = capacity - 1;
    hashes = hashes == null ? new int[users] : Arrays.copyOf(hashes, users);
    offsets = offsets == null ? new int[users] : Arrays.copyOf(offsets, users);
    lengths = lengths == null ? new int[users] : Arrays.copyOf(lengths, users);
    counts = counts == null ? new long[users] : Arrays.copyOf(counts, users);
    for (int user = 0; user < size; user++) {
      int slot = hashes[user] & mask;
      while (slots[slot] != 0) {
        slot = (slot + 1) & mask;
      }
      slots[slot] = user + 1;
    }
  }

  /**
   * Adds {@code n} events of the user whose ID is {@code bytes[offset, offset + length)}.
   *
   * @return false, changing nothing, if the user is new and the table is full (users or bytes):
   *     flush and add again. A key longer than {@code maxKeyBytes} never fits: the caller
   *     passes it on unaggregated.
   */
  boolean add(byte[] bytes, int offset, int length, long n) {
    int hash = hash(bytes, offset, length);
    int slot = hash & mask;
    while (true) {
      int entry = slots[slot];
      if (entry == 0) {
        break;
      }
      int user = entry - 1;
      if (hashes[user] == hash && lengths[user] == length
          && sameBytes(offsets[user], bytes, offset, length)) {
        counts[user] += n;
        return true;
      }
      slot = (slot + 1) & mask;
    }
    if (length > arena.length - arenaUsed && !growArena(length)) {
      return false;
    }
    if (size == counts.length) {
      if (size == maxUsers) {
        return false;
      }
      allocate((int) Math.min(maxUsers, 2L * size));
      slot = hash & mask;
      while (slots[slot] != 0) {
        slot = (slot + 1) & mask;
      }
    }
    int user = size++;
    System.arraycopy(bytes, offset, arena, arenaUsed, length);
    hashes[user] = hash;
    offsets[user] = arenaUsed;
    lengths[user] = length;
    counts[user] = n;
    arenaUsed += length;
    slots[slot] = user + 1;
    return true;
  }

  private boolean growArena(int length) {
    long needed = (long) arenaUsed + length;
    if (needed > maxKeyBytes) {
      return false;
    }
    arena = Arrays.copyOf(arena, (int) Math.min(maxKeyBytes, Math.max(needed, 2L * arena.length)));
    return true;
  }

  /** Java 8 has no ranged Arrays.equals. */
  private boolean sameBytes(int at, byte[] bytes, int offset, int length) {
    for (int i = 0; i < length; i++) {
      if (arena[at + i] != bytes[offset + i]) {
        return false;
      }
    }
    return true;
  }

  /** Users held. */
  int size() {
    return size;
  }

  /** The array holding every user's ID bytes. */
  byte[] keyBytes() {
    return arena;
  }

  /** Where user {@code user}'s ID starts in {@link #keyBytes}. */
  int keyOffset(int user) {
    return offsets[user];
  }

  /** Length of user {@code user}'s ID. */
  int keyLength(int user) {
    return lengths[user];
  }

  /** Events added for user {@code user}. */
  long count(int user) {
    return counts[user];
  }

  /** The array {@link #sort} fills with each user's partition; {@link #size} of them count. */
  int[] partitions() {
    if (partitions == null || partitions.length < size) {
      partitions = new int[counts.length];
    }
    return partitions;
  }

  /**
   * The users in the order a MapReduce sort would put their records: by the partition the
   * caller stored in {@link #partitions} (all 0 when it stored none), then by ID bytes compared
   * unsigned, a shorter ID before a longer one it begins (the order of Hadoop's
   * {@code Text.Comparator}). Emitted in this order, the map output needs no sorting.
   *
   * @return user numbers, the first {@link #size} valid; owned by this table
   */
  int[] sort(boolean partitioned) {
    if (order == null || order.length < size) {
      order = new int[counts.length];
      prefixes = new long[counts.length];
    }
    if (!partitioned) {
      int[] p = partitions();
      Arrays.fill(p, 0, size, 0);
    }
    for (int user = 0; user < size; user++) {
      order[user] = user;
      long prefix = 0;
      int at = offsets[user];
      int n = Math.min(8, lengths[user]);
      for (int i = 0; i < 8; i++) {
        prefix = (prefix << 8) | (i < n ? arena[at + i] & 0xff : 0);
      }
      prefixes[user] = prefix;
    }
    introSort(order, 0, size, 2 * (32 - Integer.numberOfLeadingZeros(Math.max(size, 1))));
    return order;
  }

  private int compare(int a, int b) {
    int pa = partitions[a];
    int pb = partitions[b];
    if (pa != pb) {
      return pa < pb ? -1 : 1;
    }
    int c = Long.compareUnsigned(prefixes[a], prefixes[b]);
    if (c != 0) {
      return c;
    }
    int la = lengths[a];
    int lb = lengths[b];
    int oa = offsets[a];
    int ob = offsets[b];
    for (int i = 8, n = Math.min(la, lb); i < n; i++) {
      int x = arena[oa + i] & 0xff;
      int y = arena[ob + i] & 0xff;
      if (x != y) {
        return x - y;
      }
    }
    return la - lb; // equal up to the shorter one: the shorter first (zero padding ties above)
  }

  /** Quicksort (median of three), insertion sort for short ranges, heapsort past the depth. */
  private void introSort(int[] a, int from, int to, int depth) {
    while (to - from > INSERTION_SORT_BELOW) {
      if (depth-- == 0) {
        heapSort(a, from, to);
        return;
      }
      int mid = (from + to) >>> 1;
      int last = to - 1;
      if (compare(a[mid], a[from]) < 0) {
        swap(a, mid, from);
      }
      if (compare(a[last], a[mid]) < 0) {
        swap(a, last, mid);
        if (compare(a[mid], a[from]) < 0) {
          swap(a, mid, from);
        }
      }
      int pivot = a[mid];
      int i = from;
      int j = last;
      while (i <= j) {
        while (compare(a[i], pivot) < 0) {
          i++;
        }
        while (compare(a[j], pivot) > 0) {
          j--;
        }
        if (i <= j) {
          swap(a, i++, j--);
        }
      }
      // Recurse into the smaller side, loop on the larger: stack depth stays logarithmic.
      if (j + 1 - from < to - i) {
        introSort(a, from, j + 1, depth);
        from = i;
      } else {
        introSort(a, i, to, depth);
        to = j + 1;
      }
    }
    for (int i = from + 1; i < to; i++) {
      int v = a[i];
      int j = i - 1;
      while (j >= from && compare(a[j], v) > 0) {
        a[j + 1] = a[j];
        j--;
      }
      a[j + 1] = v;
    }
  }

  private void heapSort(int[] a, int from, int to) {
    int n = to - from;
    for (int i = n / 2 - 1; i >= 0; i--) {
      siftDown(a, from, i, n);
    }
    for (int end = n - 1; end > 0; end--) {
      swap(a, from, from + end);
      siftDown(a, from, 0, end);
    }
  }

  private void siftDown(int[] a, int base, int i, int n) {
    while (true) {
      int child = 2 * i + 1;
      if (child >= n) {
        return;
      }
      if (child + 1 < n && compare(a[base + child + 1], a[base + child]) > 0) {
        child++;
      }
      if (compare(a[base + i], a[base + child]) >= 0) {
        return;
      }
      swap(a, base + i, base + child);
      i = child;
    }
  }

  private static void swap(int[] a, int i, int j) {
    int t = a[i];
    a[i] = a[j];
    a[j] = t;
  }

  /** Forgets every user; the memory is kept for reuse. */
  void clear() {
    if (size == 0) {
      return;
    }
    Arrays.fill(slots, 0);
    size = 0;
    arenaUsed = 0;
  }

  /** FNV-1a over the bytes, then mixed so that the low bits used as slot index are spread. */
  static int hash(byte[] bytes, int offset, int length) {
    int h = 0x811c9dc5;
    for (int i = offset, end = offset + length; i < end; i++) {
      h = (h ^ (bytes[i] & 0xff)) * 0x01000193;
    }
    return h ^ (h >>> 16);
  }
}
