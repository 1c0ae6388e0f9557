package io.logcount.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;

import org.apache.hadoop.util.IndexedSortable;
import org.junit.jupiter.api.Test;

class PresortedSorterTest {

  /** An int array as Hadoop sorts map output: by index, through compare and swap. */
  static final class Ints implements IndexedSortable {
    final int[] values;
    int swaps;

    Ints(int... values) {
      this.values = values;
    }

    @Override
    public int compare(int i, int j) {
      return Integer.compare(values[i], values[j]);
    }

    @Override
    public void swap(int i, int j) {
      swaps++;
      int t = values[i];
      values[i] = values[j];
      values[j] = t;
    }
  }

  @Test
  void sortedInputIsLeftAloneWithoutASwap() {
    Ints ints = new Ints(1, 2, 2, 5, 9);
    new PresortedSorter().sort(ints, 0, 5);
    assertEquals(0, ints.swaps);
    assertArrayEquals(new int[] {1, 2, 2, 5, 9}, ints.values);
  }

  @Test
  void descendingInputIsReversedWithHalfAsManySwaps() {
    Ints ints = new Ints(9, 5, 5, 2, 1);
    new PresortedSorter().sort(ints, 0, 5);
    assertEquals(2, ints.swaps);
    assertArrayEquals(new int[] {1, 2, 5, 5, 9}, ints.values);
  }

  @Test
  void anyRecordOutOfOrderSortsTheWholeRange() {
    Random random = new Random(5);
    int[] values = new int[10_000];
    for (int i = 0; i < values.length; i++) {
      values[i] = i;
    }
    values[7_000] = -1; // two sorted runs with a seam, as two flushes in one spill
    Ints ints = new Ints(values.clone());
    new PresortedSorter().sort(ints, 0, values.length, null);
    int[] expected = values.clone();
    Arrays.sort(expected);
    assertArrayEquals(expected, ints.values);

    int[] shuffled = new int[1000];
    for (int i = 0; i < shuffled.length; i++) {
      shuffled[i] = random.nextInt(100);
    }
    Ints more = new Ints(shuffled.clone());
    new PresortedSorter().sort(more, 100, 900);
    int[] middle = Arrays.copyOfRange(shuffled, 100, 900);
    Arrays.sort(middle);
    assertArrayEquals(middle, Arrays.copyOfRange(more.values, 100, 900));
    assertArrayEquals(Arrays.copyOfRange(shuffled, 0, 100), Arrays.copyOfRange(more.values, 0, 100),
        "outside the range nothing moves");
  }
}
