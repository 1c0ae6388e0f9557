package io.logcount.mapout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import org.apache.hadoop.io.DataOutputBuffer;
import org.apache.hadoop.io.Text;
import org.junit.jupiter.api.Test;

/**
 * {@link RadixSorter} against a plain stable sort by (partition, Text's raw comparator) over the
 * same records: random bytes, shared prefixes longer than 8 bytes, trailing zero bytes, empty keys,
 * large runs of one key, one partition and many.
 */
class RadixSorterTest {

  /** Keys serialized as Text, one after the other, with their starts. */
  private static final class Keys {
    final DataOutputBuffer data = new DataOutputBuffer();
    final List<Integer> starts = new ArrayList<>();
    final List<byte[]> raw = new ArrayList<>();

    void add(byte[] key) throws Exception {
      starts.add(data.getLength());
      new Text(key).write(data);
      raw.add(key);
    }

    int serializedLength(int r) {
      return (r + 1 < starts.size() ? starts.get(r + 1) : data.getLength()) - starts.get(r);
    }

    int compare(int a, int b) {
      return TextKeys.compare(data.getData(), starts.get(a), data.getData(), starts.get(b));
    }
  }

  private static int[] sortBoth(Keys keys, int[] partitionOf, int partitions) {
    int n = keys.raw.size();
    long[] prefixes = new long[n];
    for (int r = 0; r < n; r++) {
      byte[] k = keys.raw.get(r);
      prefixes[r] = TextKeys.prefix(k, 0, k.length);
    }
    int[] order = new int[n];
    int[] bounds = new RadixSorter().sort(n, partitions, partitionOf, prefixes, new long[n], order, new int[n],
        keys::compare);

    Integer[] expected = new Integer[n];
    for (int r = 0; r < n; r++) {
      expected[r] = r;
    }
    Text.Comparator text = new Text.Comparator();
    byte[] data = keys.data.getData();
    Comparator<Integer> byPartitionThenKey = Comparator.<Integer>comparingInt(r -> partitionOf[r])
        .thenComparing((a, b) -> text.compare(data, keys.starts.get(a), keys.serializedLength(a),
            data, keys.starts.get(b), keys.serializedLength(b)));
    Arrays.sort(expected, byPartitionThenKey); // stable: equal keys in collection order
    int[] want = new int[n];
    for (int r = 0; r < n; r++) {
      want[r] = expected[r];
    }
    assertArrayEquals(want, order);
    int at = 0;
    for (int p = 0; p < partitions; p++) {
      assertEquals(at, bounds[p], "start of partition " + p);
      while (at < n && partitionOf[order[at]] == p) {
        at++;
      }
    }
    assertEquals(n, bounds[partitions]);
    return order;
  }

  private static byte[] randomKey(Random random, int maxLength) {
    byte[] key = new byte[random.nextInt(maxLength + 1)];
    random.nextBytes(key);
    return key;
  }

  @Test
  void randomKeysInOnePartition() throws Exception {
    Random random = new Random(1);
    Keys keys = new Keys();
    for (int i = 0; i < 20_000; i++) {
      keys.add(randomKey(random, 12));
    }
    sortBoth(keys, new int[20_000], 1);
  }

  @Test
  void sharedPrefixesTrailingZerosAndEmptyKeysInManyPartitions() throws Exception {
    Random random = new Random(2);
    Keys keys = new Keys();
    byte[] common = "common-prefix-longer-than-8".getBytes("UTF-8");
    int n = 30_000;
    int[] partitionOf = new int[n];
    for (int i = 0; i < n; i++) {
      byte[] key;
      switch (i % 5) {
        case 0:
          key = Arrays.copyOf(common, random.nextInt(common.length + 3)); // prefixes of it, and it plus zeros
          break;
        case 1:
          key = new byte[random.nextInt(11)]; // all zeros: ties on the prefix, ordered by length
          break;
        case 2:
          key = Arrays.copyOf(randomKey(random, 3), random.nextInt(10));
          break;
        default:
          key = randomKey(random, 30);
          break;
      }
      keys.add(key);
      partitionOf[i] = random.nextInt(13) == 0 ? 12 : random.nextInt(6); // partitions 6..11 empty
    }
    sortBoth(keys, partitionOf, 13);
  }

  @Test
  void userIdsWithFewEventsEach() throws Exception {
    Random random = new Random(3);
    Keys keys = new Keys();
    int n = 50_000;
    int[] partitionOf = new int[n];
    for (int i = 0; i < n; i++) {
      String id = String.format("U%012x", (random.nextInt(25_000) * 0x9E3779B97F4A7C15L) >>> 16);
      keys.add(id.getBytes("UTF-8"));
      partitionOf[i] = Math.abs(id.hashCode() % 2);
    }
    sortBoth(keys, partitionOf, 2);
  }

  @Test
  void longRunsOfOneKeyAndOfKeysTiedOnTheirPrefix() throws Exception {
    Random random = new Random(4);
    Keys keys = new Keys();
    int n = 10_000;
    for (int i = 0; i < n; i++) {
      switch (random.nextInt(3)) {
        case 0:
          keys.add("same-key".getBytes("UTF-8"));
          break;
        case 1:
          keys.add(("same-key" + random.nextInt(100)).getBytes("UTF-8")); // ties on 8 bytes, merge-sorted
          break;
        default:
          keys.add(new byte[random.nextInt(3)]); // "", "\0", "\0\0": tie on the prefix
          break;
      }
    }
    sortBoth(keys, new int[n], 1);
  }

  @Test
  void smallPartitionsAreSortedByInsertion() throws Exception {
    Random random = new Random(5);
    Keys keys = new Keys();
    int n = 500;
    int[] partitionOf = new int[n];
    for (int i = 0; i < n; i++) {
      keys.add(randomKey(random, 10));
      partitionOf[i] = random.nextInt(100);
    }
    sortBoth(keys, partitionOf, 100);
    sortBoth(new Keys(), new int[0], 3);
  }
}
