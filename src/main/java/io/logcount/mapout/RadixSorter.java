package io.logcount.mapout;

import java.util.Arrays;

/**
 * Sorts a spill's records by partition, then key, without comparing records one against another
 * for most of the work: a counting pass groups them by partition, then each partition is sorted by
 * its keys' first 8 bytes (the prefixes) with a least-significant-digit radix sort, one pass per
 * byte that is not the same in every record of the partition (user IDs that all start with
 * {@code U} skip that byte). Records whose prefixes tie are then put in order by whole keys
 * ({@link KeyOrder}): usually pairs (the same key twice), so a comparison or two each.
 *
 * <p>Stable: records with equal keys keep the order they were collected in. The sort works on
 * {@code (prefix, record)} pairs in the arrays it is handed (the buffer's), allocating only its
 * histograms.
 */
final class RadixSorter {

  /** Partitions (and runs of tied prefixes) at most this long are sorted by insertion instead. */
  static final int SMALL_RANGE = 32;

  /** The whole-key order of two records, for prefixes that tie. */
  interface KeyOrder {
    int compare(int recordA, int recordB);
  }

  private final int[][] histograms = new int[8][256];
  private final int[] offsets = new int[256];

  /**
   * Sorts records {@code 0..count-1}.
   *
   * @param partitionOf each record's partition, in {@code [0, partitionCount)}
   * @param prefixes each record's key prefix ({@link TextKeys#prefix}); overwritten (work array)
   * @param keyScratch a work array at least {@code count} long
   * @param order receives the records in order
   * @param orderScratch a work array at least {@code count} long
   * @return where each partition starts in {@code order}, and at {@code [partitionCount]} the count
   */
  int[] sort(int count, int partitionCount, int[] partitionOf, long[] prefixes, long[] keyScratch, int[] order,
      int[] orderScratch, KeyOrder keys) {
    int[] bounds = new int[partitionCount + 1];
    for (int r = 0; r < count; r++) {
      bounds[partitionOf[r] + 1]++;
    }
    boolean onePartition = false;
    for (int p = 0; p < partitionCount; p++) {
      onePartition |= bounds[p + 1] == count;
      bounds[p + 1] += bounds[p];
    }
    long[] sortedKeys;
    long[] otherKeys;
    if (onePartition || count == 0) {
      for (int r = 0; r < count; r++) {
        order[r] = r;
      }
      sortedKeys = prefixes;
      otherKeys = keyScratch;
    } else {
      int[] next = new int[partitionCount];
      System.arraycopy(bounds, 0, next, 0, partitionCount);
      for (int r = 0; r < count; r++) {
        int at = next[partitionOf[r]]++;
        keyScratch[at] = prefixes[r];
        order[at] = r;
      }
      sortedKeys = keyScratch;
      otherKeys = prefixes;
    }
    for (int p = 0; p < partitionCount; p++) {
      sortRange(sortedKeys, order, otherKeys, orderScratch, bounds[p], bounds[p + 1], keys);
    }
    return bounds;
  }

  /** Sorts {@code [lo, hi)} of ({@code k}, {@code o}), leaving the result there. */
  private void sortRange(long[] k, int[] o, long[] k2, int[] o2, int lo, int hi, KeyOrder keys) {
    int n = hi - lo;
    if (n <= SMALL_RANGE) {
      insertionSort(k, o, lo, hi, keys);
      return;
    }
    int[][] h = histograms;
    for (int[] digit : h) {
      Arrays.fill(digit, 0);
    }
    for (int i = lo; i < hi; i++) {
      long v = k[i];
      h[0][(int) v & 0xff]++;
      h[1][(int) (v >>> 8) & 0xff]++;
      h[2][(int) (v >>> 16) & 0xff]++;
      h[3][(int) (v >>> 24) & 0xff]++;
      h[4][(int) (v >>> 32) & 0xff]++;
      h[5][(int) (v >>> 40) & 0xff]++;
      h[6][(int) (v >>> 48) & 0xff]++;
      h[7][(int) (v >>> 56) & 0xff]++;
    }
    long[] srcK = k;
    int[] srcO = o;
    long[] dstK = k2;
    int[] dstO = o2;
    int[] offsets = this.offsets;
    for (int d = 0; d < 8; d++) {
      int shift = 8 * d;
      int[] counts = h[d];
      if (counts[(int) (srcK[lo] >>> shift) & 0xff] == n) {
        continue; // every record has this byte: the pass would change nothing
      }
      int at = lo;
      for (int b = 0; b < 256; b++) {
        offsets[b] = at;
        at += counts[b];
      }
      for (int i = lo; i < hi; i++) {
        long v = srcK[i];
        int to = offsets[(int) (v >>> shift) & 0xff]++;
        dstK[to] = v;
        dstO[to] = srcO[i];
      }
      long[] tk = srcK;
      srcK = dstK;
      dstK = tk;
      int[] to = srcO;
      srcO = dstO;
      dstO = to;
    }
    if (srcK != k) {
      System.arraycopy(srcK, lo, k, lo, n);
      System.arraycopy(srcO, lo, o, lo, n);
    }
    int runStart = lo;
    for (int i = lo + 1; i <= hi; i++) {
      if (i == hi || k[i] != k[runStart]) {
        if (i - runStart > 1) {
          orderTies(o, o2, runStart, i, keys);
        }
        runStart = i;
      }
    }
  }

  /** Insertion sort by prefix (unsigned), then whole key; stable. */
  private static void insertionSort(long[] k, int[] o, int lo, int hi, KeyOrder keys) {
    for (int i = lo + 1; i < hi; i++) {
      long v = k[i];
      int r = o[i];
      int j = i - 1;
      while (j >= lo && greater(k[j], o[j], v, r, keys)) {
        k[j + 1] = k[j];
        o[j + 1] = o[j];
        j--;
      }
      k[j + 1] = v;
      o[j + 1] = r;
    }
  }

  private static boolean greater(long prefixA, int recordA, long prefixB, int recordB, KeyOrder keys) {
    int c = Long.compareUnsigned(prefixA, prefixB);
    return c > 0 || (c == 0 && keys.compare(recordA, recordB) > 0);
  }

  /** Orders a run of records whose prefixes tie by whole keys; stable. */
  private static void orderTies(int[] o, int[] scratch, int lo, int hi, KeyOrder keys) {
    boolean sorted = true;
    for (int i = lo + 1; i < hi && sorted; i++) {
      sorted = keys.compare(o[i - 1], o[i]) <= 0;
    }
    if (sorted) {
      return; // the usual case: the same key, collected more than once
    }
    if (hi - lo <= SMALL_RANGE) {
      for (int i = lo + 1; i < hi; i++) {
        int r = o[i];
        int j = i - 1;
        while (j >= lo && keys.compare(o[j], r) > 0) {
          o[j + 1] = o[j];
          j--;
        }
        o[j + 1] = r;
      }
      return;
    }
    mergeSort(o, scratch, lo, hi, keys);
  }

  /** Bottom-up merge sort of {@code o[lo, hi)} through {@code scratch}; stable. */
  private static void mergeSort(int[] o, int[] scratch, int lo, int hi, KeyOrder keys) {
    int[] src = o;
    int[] dst = scratch;
    for (int width = 1; width < hi - lo; width *= 2) {
      for (int left = lo; left < hi; left += 2 * width) {
        int mid = Math.min(left + width, hi);
        int right = Math.min(left + 2 * width, hi);
        int i = left;
        int j = mid;
        int t = left;
        while (i < mid && j < right) {
          dst[t++] = keys.compare(src[j], src[i]) < 0 ? src[j++] : src[i++];
        }
        while (i < mid) {
          dst[t++] = src[i++];
        }
        while (j < right) {
          dst[t++] = src[j++];
        }
      }
      int[] swap = src;
      src = dst;
      dst = swap;
    }
    if (src != o) {
      System.arraycopy(src, lo, o, lo, hi - lo);
    }
  }
}
