package io.logcount.jobs.uniqueusers;

import java.util.Arrays;

/**
 * Events per user ID, keyed by the ID's raw bytes, in bounded memory: the in-mapper
 * aggregation of {@code unique-users}.
 *
 * <p>An open-addressing hash table (linear probing) whose keys live back to back in one byte
 * arena: no object per key, no {@code String}, no UTF-8 decoding. A slot holds the key's hash
 * beside the user's number, and a user's key position and count sit side by side, so adding an
 * event touches three cache lines (slot, user, key bytes) however large the table. It grows as
 * users arrive, up to {@code maxUsers} users and {@code maxKeyBytes} bytes of IDs; {@link #add}
 * then returns false instead of growing further, and the caller flushes and adds again. A
 * flush reads the users in the order {@link #sort} puts them, with {@link #keyBytes},
 * {@link #keyOffset}, {@link #keyLength} and {@link #count}, then {@link #clear}s. At its
 * largest it takes about {@code 60 * maxUsers + maxKeyBytes} bytes: 32 per user for the table,
 * 28 for the sort, and the IDs.
 *
 * <p>Not thread safe. No Hadoop types, so it is testable alone.
 */
final class UserCounts {

  /** Users held before the first growth; tiny inputs (tests, fixtures) stay tiny. */
  static final int INITIAL_USERS = 1 << 12;
  /** Below this many users a run of equal sort prefixes is sorted by insertion. */
  private static final int INSERTION_SORT_BELOW = 16;

  private final int maxUsers;
  private final int maxKeyBytes;
  private byte[] arena;
  /** Slot: key hash in the high 32 bits, user number + 1 in the low ones; 0 is empty. */
  private long[] slots;
  private int mask;
  /** User u: {@code [2u]} key offset in the high 32 bits and key length in the low ones,
   * {@code [2u + 1]} the count. */
  private long[] users;
  private int size;
  private int arenaUsed;

  // The sort's arrays, allocated by the first sort and kept.
  private int[] partitions;
  private int[] order;
  private int[] orderSwap;
  private long[] prefixes;
  private long[] prefixesSwap;

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
    int initial = Math.min(maxUsers, INITIAL_USERS);
    this.arena = new byte[Math.min(maxKeyBytes, initial * 16)];
    this.users = new long[2 * initial];
    rehash();
  }

  /** Users the arrays hold now. */
  private int userCapacity() {
    return users.length >> 1;
  }

  /** A slot table of at least twice the user capacity (load factor at most 1/2), refilled. */
  private void rehash() {
    int capacity = Integer.highestOneBit(Math.max(2 * userCapacity() - 1, 1)) << 1;
    slots = new long[capacity];
    mask = capacity - 1;
    for (int user = 0; user < size; user++) {
      int hash = hash(arena, keyOffset(user), keyLength(user));
      slots[freeSlot(hash)] = slot(hash, user);
    }
  }

  private int freeSlot(int hash) {
    int slot = hash & mask;
    while (slots[slot] != 0) {
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  private static long slot(int hash, int user) {
    return ((long) hash << 32) | (user + 1);
  }

  /**
   * Adds {@code n} events of the user whose ID is {@code bytes[offset, offset + length)}.
   *
   * @return false, changing no count, if the user is new and the table is full (users or
   *     bytes): flush and add again. A key longer than {@code maxKeyBytes} never fits: the
   *     caller passes it on unaggregated.
   */
  boolean add(byte[] bytes, int offset, int length, long n) {
    int hash = hash(bytes, offset, length);
    int slot = hash & mask;
    long entry;
    while ((entry = slots[slot]) != 0) {
      if ((int) (entry >>> 32) == hash) {
        int user = (int) entry - 1;
        long key = users[2 * user];
        if ((int) key == length && sameBytes((int) (key >>> 32), bytes, offset, length)) {
          users[2 * user + 1] += n;
          return true;
        }
      }
      slot = (slot + 1) & mask;
    }
    if (length > arena.length - arenaUsed && !growArena(length)) {
      return false;
    }
    if (size == userCapacity()) {
      if (size == maxUsers) {
        return false;
      }
      users = Arrays.copyOf(users, 2 * (int) Math.min(maxUsers, 2L * size));
      rehash();
      slot = freeSlot(hash);
    }
    int user = size++;
    System.arraycopy(bytes, offset, arena, arenaUsed, length);
    users[2 * user] = ((long) arenaUsed << 32) | length;
    users[2 * user + 1] = n;
    arenaUsed += length;
    slots[slot] = slot(hash, user);
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
    return (int) (users[2 * user] >>> 32);
  }

  /** Length of user {@code user}'s ID. */
  int keyLength(int user) {
    return (int) users[2 * user];
  }

  /** Events added for user {@code user}. */
  long count(int user) {
    return users[2 * user + 1];
  }

  /**
   * The array in which the caller stores each user's partition before {@link #sort}
   * ({@code partitions()[u]} for users {@code 0 .. size() - 1}); call it after the last add.
   */
  int[] partitions() {
    if (partitions == null || partitions.length < size) {
      partitions = new int[userCapacity()];
    }
    return partitions;
  }

  /**
   * The users in the order a MapReduce sort would put their records: by the partition the
   * caller stored in {@link #partitions} if {@code partitioned}, then by ID bytes compared
   * unsigned, a shorter ID before a longer one it begins (the order of Hadoop's
   * {@code Text.Comparator}). Emitted in this order, the map output needs no sorting.
   *
   * <p>A radix sort on the IDs' first 8 bytes (passes over bytes that are the same in every
   * ID are skipped), then on the partition, then a comparison sort of the rare runs of users
   * whose first 8 bytes agree: linear in the users, with sequential memory access.
   *
   * @return user numbers, the first {@link #size} valid; owned by this table
   */
  int[] sort(boolean partitioned) {
    int n = size;
    if (order == null || order.length < n) {
      int capacity = userCapacity();
      order = new int[capacity];
      orderSwap = new int[capacity];
      prefixes = new long[capacity];
      prefixesSwap = new long[capacity];
    }
    for (int user = 0; user < n; user++) {
      order[user] = user;
      prefixes[user] = prefix(user);
    }
    int[] counts = new int[256];
    for (int shift = 0; shift < 64; shift += 8) {
      Arrays.fill(counts, 0);
      for (int i = 0; i < n; i++) {
        counts[(int) (prefixes[i] >>> shift) & 0xff]++;
      }
      if (n == 0 || counts[(int) (prefixes[0] >>> shift) & 0xff] == n) {
        continue; // every ID has this byte: the pass would move nothing
      }
      for (int b = 0, sum = 0; b < 256; b++) {
        int c = counts[b];
        counts[b] = sum;
        sum += c;
      }
      for (int i = 0; i < n; i++) {
        long p = prefixes[i];
        int to = counts[(int) (p >>> shift) & 0xff]++;
        prefixesSwap[to] = p;
        orderSwap[to] = order[i];
      }
      swapSortArrays();
    }
    if (partitioned) {
      sortByPartition(n);
    }
    for (int start = 0; start < n; ) {
      int end = start + 1;
      while (end < n && prefixes[end] == prefixes[start]
          && (!partitioned || partitions[order[end]] == partitions[order[start]])) {
        end++;
      }
      if (end - start > 1) {
        sortRun(start, end);
      }
      start = end;
    }
    return order;
  }

  private void swapSortArrays() {
    int[] o = order;
    order = orderSwap;
    orderSwap = o;
    long[] p = prefixes;
    prefixes = prefixesSwap;
    prefixesSwap = p;
  }

  /** A stable counting sort by partition, keeping the prefix order within each partition. */
  private void sortByPartition(int n) {
    int max = 0;
    for (int i = 0; i < n; i++) {
      int p = partitions[i];
      if (p < 0) {
        throw new IllegalArgumentException("negative partition " + p + " for user " + i);
      }
      max = Math.max(max, p);
    }
    if (max == 0) {
      return;
    }
    int[] starts = new int[max + 2];
    for (int i = 0; i < n; i++) {
      starts[partitions[order[i]] + 1]++;
    }
    for (int p = 1; p < starts.length; p++) {
      starts[p] += starts[p - 1];
    }
    for (int i = 0; i < n; i++) {
      int to = starts[partitions[order[i]]]++;
      orderSwap[to] = order[i];
      prefixesSwap[to] = prefixes[i];
    }
    swapSortArrays();
  }

  /** The first 8 bytes of a user's ID, big endian, zero-padded. */
  private long prefix(int user) {
    int at = keyOffset(user);
    int n = Math.min(8, keyLength(user));
    long prefix = 0;
    for (int i = 0; i < 8; i++) {
      prefix = (prefix << 8) | (i < n ? arena[at + i] & 0xff : 0);
    }
    return prefix;
  }

  /** Sorts {@code order[from, to)}, users whose prefixes (and partitions) are equal, by ID. */
  private void sortRun(int from, int to) {
    if (to - from < INSERTION_SORT_BELOW) {
      for (int i = from + 1; i < to; i++) {
        int v = order[i];
        int j = i - 1;
        while (j >= from && compareKeys(order[j], v) > 0) {
          order[j + 1] = order[j];
          j--;
        }
        order[j + 1] = v;
      }
      return;
    }
    // Rare (IDs sharing their first 8 bytes): a boxed sort is simple and O(n log n).
    Integer[] run = new Integer[to - from];
    for (int i = from; i < to; i++) {
      run[i - from] = order[i];
    }
    Arrays.sort(run, this::compareKeys);
    for (int i = from; i < to; i++) {
      order[i] = run[i - from];
    }
  }

  /** Unsigned lexicographic order of two users' IDs, the shorter first on a common prefix. */
  private int compareKeys(int a, int b) {
    int oa = keyOffset(a);
    int ob = keyOffset(b);
    int la = keyLength(a);
    int lb = keyLength(b);
    for (int i = 0, n = Math.min(la, lb); i < n; i++) {
      int x = arena[oa + i] & 0xff;
      int y = arena[ob + i] & 0xff;
      if (x != y) {
        return x - y;
      }
    }
    return la - lb;
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
