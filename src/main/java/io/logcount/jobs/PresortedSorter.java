package io.logcount.jobs;

import org.apache.hadoop.util.IndexedSortable;
import org.apache.hadoop.util.IndexedSorter;
import org.apache.hadoop.util.Progressable;
import org.apache.hadoop.util.QuickSort;

/**
 * The map-side sorter ({@code map.sort.class}) for mappers that emit their records already in
 * sort order: one pass of comparisons checks the order, and only records out of order pay for
 * Hadoop's {@link QuickSort}. Records in descending order are reversed with {@code n / 2}
 * swaps: Hadoop's {@code MapOutputBuffer} numbers its records backwards (its metadata grows
 * down from the buffer's equator), so a mapper writing in ascending order hands this sorter
 * a descending range.
 *
 * <p>{@code unique-users} sums its events per user in the mapper and writes each batch sorted
 * by (partition, user ID), the order {@code MapOutputBuffer} sorts by; the sort of a spill
 * was then the largest cost after decoding (13.7% of the CPU on 1 GB of logs,
 * docs/performance.md). When a spill holds the end of one batch and the start of the next, the
 * check fails at the seam and the whole spill is sorted as before: never wrong, at worst
 * {@code n} comparisons slower than QuickSort alone.
 */
public final class PresortedSorter implements IndexedSorter {

  private final QuickSort fallback = new QuickSort();

  @Override
  public void sort(IndexedSortable s, int l, int r) {
    sort(s, l, r, null);
  }

  @Override
  public void sort(IndexedSortable s, int l, int r, Progressable rep) {
    if (r - l < 2 || inOrder(s, l, r, 1)) {
      return;
    }
    if (inOrder(s, l, r, -1)) {
      for (int i = l, j = r - 1; i < j; i++, j--) {
        s.swap(i, j);
      }
      return;
    }
    fallback.sort(s, l, r, rep);
  }

  /** True if no record compares {@code direction} against its successor's opposite way. */
  private static boolean inOrder(IndexedSortable s, int l, int r, int direction) {
    for (int i = l + 1; i < r; i++) {
      if (s.compare(i - 1, i) * direction > 0) {
        return false;
      }
    }
    return true;
  }
}
