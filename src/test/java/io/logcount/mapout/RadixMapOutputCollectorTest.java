package io.logcount.mapout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.VLongWritable;
import org.apache.hadoop.io.WritableComparator;
import org.apache.hadoop.io.WritableUtils;
import org.apache.hadoop.io.compress.DefaultCodec;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapred.MapTask;
import org.apache.hadoop.mapreduce.MRJobConfig;
import org.apache.hadoop.mapreduce.Reducer;
import org.apache.hadoop.mapreduce.TaskCounter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.logcount.jobs.common.CountSumCombiner;
import io.logcount.mapout.CollectorHarness.Output;
import io.logcount.mapout.CollectorHarness.RawRecord;

/**
 * {@link RadixMapOutputCollector} against Hadoop's {@link MapTask.MapOutputBuffer} on the same
 * records: {@code file.out} and {@code file.out.index} byte for byte where the order is fully
 * determined (distinct keys, or one spill with the combiner), else per partition the same key
 * order and the same multiset of records (Hadoop's QuickSort puts equal keys in any order); and
 * the counters Hadoop keeps.
 */
class RadixMapOutputCollectorTest {

  private static final TaskCounter[] COUNTERS = {TaskCounter.MAP_OUTPUT_RECORDS, TaskCounter.MAP_OUTPUT_BYTES,
      TaskCounter.MAP_OUTPUT_MATERIALIZED_BYTES, TaskCounter.SPILLED_RECORDS, TaskCounter.COMBINE_INPUT_RECORDS,
      TaskCounter.COMBINE_OUTPUT_RECORDS};

  @TempDir
  File dir;

  /** Records of one test: keys, values, partitions, written in this order. */
  private static final class Records implements CollectorHarness.Feeder {
    final List<byte[]> keys = new ArrayList<>();
    final List<Long> values = new ArrayList<>();
    final List<Integer> partitions = new ArrayList<>();

    void add(byte[] key, long value, int partition) {
      keys.add(key);
      values.add(value);
      partitions.add(partition);
    }

    @Override
    public void feed(org.apache.hadoop.mapred.MapOutputCollector<Object, Object> collector) throws Exception {
      Text key = new Text();
      VLongWritable value = new VLongWritable();
      for (int i = 0; i < keys.size(); i++) {
        key.set(keys.get(i));
        value.set(values.get(i));
        collector.collect(key, value, partitions.get(i));
      }
    }
  }

  /** {@code count} distinct random keys of 0 to {@code maxLength} bytes (any byte value), random partitions but the skipped ones. */
  private static Records distinctKeys(long seed, int count, int maxLength, int partitions, Set<Integer> empty) {
    Random random = new Random(seed);
    Records records = new Records();
    Set<String> seen = new HashSet<>();
    while (records.keys.size() < count) {
      byte[] key = new byte[random.nextInt(maxLength + 1)];
      random.nextBytes(key);
      if (random.nextInt(4) == 0 && key.length > 0) {
        key[key.length - 1] = 0; // trailing zeros: a prefix tie with the shorter key
      }
      if (!seen.add(Arrays.toString(key))) {
        continue;
      }
      int partition;
      do {
        partition = random.nextInt(partitions);
      } while (empty.contains(partition));
      records.add(key, random.nextInt(1000) - 10, partition);
    }
    return records;
  }

  private Output[] both(JobConf conf, CollectorHarness.Feeder records) throws Exception {
    Output hadoop = CollectorHarness.run(CollectorHarness.hadoops(), conf, records, true);
    Output ours = CollectorHarness.run(CollectorHarness.ours(), conf, records, true);
    return new Output[] {hadoop, ours};
  }

  private static void assertSameBytes(Output hadoop, Output ours) {
    assertEquals(hadoop.partitions.size(), ours.partitions.size(), "partitions");
    for (int p = 0; p < hadoop.partitions.size(); p++) {
      assertEquals(hadoop.partitions.get(p), ours.partitions.get(p), "records of partition " + p);
    }
    assertArrayEquals(hadoop.index, ours.index, "file.out.index");
    assertArrayEquals(hadoop.file, ours.file, "file.out");
  }

  private static void assertSameCounters(Output hadoop, Output ours, TaskCounter... counters) {
    for (TaskCounter c : counters) {
      assertEquals(hadoop.counter(c), ours.counter(c), c.name());
    }
  }

  /** Keys in Text's order within every partition, and for each key the same multiset of values. */
  private static void assertSameRecordsPerKey(Output hadoop, Output ours) {
    assertEquals(hadoop.partitions.size(), ours.partitions.size(), "partitions");
    for (int p = 0; p < hadoop.partitions.size(); p++) {
      assertSorted(ours.partitions.get(p), p);
      assertEquals(valuesByKey(hadoop.partitions.get(p)), valuesByKey(ours.partitions.get(p)), "partition " + p);
      assertEquals(keys(hadoop.partitions.get(p)), keys(ours.partitions.get(p)), "key order of partition " + p);
    }
  }

  private static void assertSorted(List<RawRecord> records, int partition) {
    for (int i = 1; i < records.size(); i++) {
      byte[] a = records.get(i - 1).key;
      byte[] b = records.get(i).key;
      assertTrue(new Text.Comparator().compare(a, 0, a.length, b, 0, b.length) <= 0,
          "partition " + partition + " out of order at " + i);
    }
  }

  private static List<String> keys(List<RawRecord> records) {
    List<String> keys = new ArrayList<>();
    for (RawRecord r : records) {
      keys.add(Arrays.toString(r.key));
    }
    return keys;
  }

  private static Map<String, List<String>> valuesByKey(List<RawRecord> records) {
    Map<String, List<String>> values = new TreeMap<>();
    for (RawRecord r : records) {
      values.computeIfAbsent(Arrays.toString(r.key), k -> new ArrayList<>()).add(Arrays.toString(r.value));
    }
    for (List<String> v : values.values()) {
      v.sort(null);
    }
    return values;
  }

  @Test
  void distinctKeysInOneSpillGiveHadoopsBytes() throws Exception {
    JobConf conf = CollectorHarness.conf(dir, 7, VLongWritable.class, 16);
    Output[] out = both(conf, distinctKeys(1, 20_000, 40, 7, new HashSet<>(Arrays.asList(3, 5))));
    assertSameBytes(out[0], out[1]);
    assertSameCounters(out[0], out[1], COUNTERS);
    assertTrue(out[1].partitions.get(3).isEmpty() && out[1].partitions.get(5).isEmpty());
    assertEquals(20_000, out[1].counter(TaskCounter.SPILLED_RECORDS), "one spill, renamed into place");
    assertEquals(1, out[1].counter(MapOutputCounter.RADIX_SPILLS));
    assertEquals(0, out[0].counter(MapOutputCounter.RADIX_SPILLS));
  }

  @Test
  void distinctKeysInManySpillsGiveHadoopsBytes() throws Exception {
    JobConf conf = CollectorHarness.conf(dir, 5, VLongWritable.class, 1);
    Output[] out = both(conf, distinctKeys(2, 80_000, 24, 5, new HashSet<>(Arrays.asList(0))));
    assertSameBytes(out[0], out[1]);
    assertSameCounters(out[0], out[1], COUNTERS);
    assertEquals(2 * 80_000, out[1].counter(TaskCounter.SPILLED_RECORDS), "spilled, then merged");
    assertTrue(out[1].counter(MapOutputCounter.RADIX_SPILLS) > 2, "several spills");
  }

  @Test
  void manyPartitionsMostOfThemEmpty() throws Exception {
    JobConf conf = CollectorHarness.conf(dir, 300, VLongWritable.class, 1);
    Set<Integer> empty = new HashSet<>();
    for (int p = 0; p < 300; p++) {
      if (p % 7 != 0) {
        empty.add(p);
      }
    }
    Output[] out = both(conf, distinctKeys(3, 60_000, 16, 300, empty));
    assertSameBytes(out[0], out[1]);
    assertSameCounters(out[0], out[1], COUNTERS);
  }

  @Test
  void noRecordsGiveEmptySegments() throws Exception {
    JobConf conf = CollectorHarness.conf(dir, 4, VLongWritable.class, 1);
    Output[] out = both(conf, new Records());
    assertSameBytes(out[0], out[1]);
    assertSameCounters(out[0], out[1], COUNTERS);
  }

  @Test
  void keysOfZeroToAHundredThousandBytesAndRecordsLargerThanTheBuffer() throws Exception {
    Random random = new Random(4);
    Records records = new Records();
    Set<String> seen = new HashSet<>();
    int[] lengths = {0, 1, 7, 8, 9, 15, 16, 17, 127, 128, 1000, 32_767, 32_768, 100_000};
    for (int i = 0; i < 600; i++) {
      byte[] key = new byte[lengths[i % lengths.length]];
      random.nextBytes(key);
      if (key.length > 0 && seen.add(Arrays.toString(key))) {
        records.add(key, i, random.nextInt(3));
      } else if (key.length == 0 && seen.add("")) {
        records.add(key, i, 1);
      }
    }
    byte[] huge = new byte[3 << 20]; // more than the whole 1 MB buffer: spilled alone by both
    random.nextBytes(huge);
    records.add(huge, 7, 2);
    byte[] sameStart = Arrays.copyOf(huge, 100_000);
    records.add(sameStart, 8, 2);
    JobConf conf = CollectorHarness.conf(dir, 3, VLongWritable.class, 1);
    Output[] out = both(conf, records);
    assertSameBytes(out[0], out[1]);
    assertSameCounters(out[0], out[1], COUNTERS);
  }

  @Test
  void equalKeysWithOtherValuesInManySpills() throws Exception {
    Random random = new Random(5);
    Records records = new Records();
    String[] users = new String[5000];
    for (int i = 0; i < users.length; i++) {
      users[i] = "U" + Long.toHexString(random.nextLong() & 0xffffffffffffL);
    }
    for (int i = 0; i < 100_000; i++) {
      String user = users[(int) (users.length * Math.pow(random.nextDouble(), 3))];
      records.add(user.getBytes(StandardCharsets.UTF_8), random.nextInt(300), Math.abs(user.hashCode() % 3));
    }
    JobConf conf = CollectorHarness.conf(dir, 3, VLongWritable.class, 1);
    Output[] out = both(conf, records);
    assertSameRecordsPerKey(out[0], out[1]);
    assertSameCounters(out[0], out[1], COUNTERS);
  }

  @Test
  void theCombinerInOneSpillGivesHadoopsBytesAndCounters() throws Exception {
    JobConf conf = CollectorHarness.conf(dir, 3, VLongWritable.class, 16);
    conf.setClass(MRJobConfig.COMBINE_CLASS_ATTR, CountSumCombiner.class, Reducer.class);
    Records records = repeatedUsers(6, 50_000, 4000);
    Output[] out = both(conf, records);
    assertSameBytes(out[0], out[1]);
    assertSameCounters(out[0], out[1], COUNTERS);
    assertEquals(50_000, out[1].counter(TaskCounter.COMBINE_INPUT_RECORDS));
    assertTrue(out[1].counter(TaskCounter.COMBINE_OUTPUT_RECORDS) <= 4000);
  }

  @Test
  void theCombinerInManySpillsGivesTheSameSums() throws Exception {
    JobConf conf = CollectorHarness.conf(dir, 3, VLongWritable.class, 1);
    conf.setClass(MRJobConfig.COMBINE_CLASS_ATTR, CountSumCombiner.class, Reducer.class);
    Records records = repeatedUsers(7, 100_000, 30_000);
    Output[] out = both(conf, records);
    for (int p = 0; p < 3; p++) {
      assertSorted(out[1].partitions.get(p), p);
      assertEquals(sums(out[0].partitions.get(p)), sums(out[1].partitions.get(p)), "partition " + p);
    }
    assertSameCounters(out[0], out[1], TaskCounter.MAP_OUTPUT_RECORDS, TaskCounter.MAP_OUTPUT_BYTES);
    assertTrue(out[1].counter(TaskCounter.COMBINE_INPUT_RECORDS) >= 100_000);
    assertTrue(out[1].counter(MapOutputCounter.RADIX_SPILLS) >= 3, "merged through the combiner");
  }

  private static Records repeatedUsers(long seed, int count, int users) {
    Random random = new Random(seed);
    Records records = new Records();
    for (int i = 0; i < count; i++) {
      String user = String.format("U%012x", (random.nextInt(users) * 0x9E3779B97F4A7C15L) >>> 16);
      records.add(user.getBytes(StandardCharsets.UTF_8), 1 + random.nextInt(3), Math.abs(user.hashCode() % 3));
    }
    return records;
  }

  /** Sum of the values per key, decoded. */
  private static Map<String, Long> sums(List<RawRecord> records) throws Exception {
    Map<String, Long> sums = new HashMap<>();
    for (RawRecord r : records) {
      long v = WritableComparator.readVLong(r.value, 0);
      sums.merge(Arrays.toString(r.key), v, Long::sum);
    }
    return sums;
  }

  @Test
  void compressedMapOutputGivesHadoopsRecords() throws Exception {
    JobConf conf = CollectorHarness.conf(dir, 4, VLongWritable.class, 1);
    conf.setCompressMapOutput(true);
    conf.setMapOutputCompressorClass(DefaultCodec.class);
    Output[] out = both(conf, distinctKeys(8, 80_000, 20, 4, new HashSet<>()));
    assertSameBytes(out[0], out[1]);
    assertSameCounters(out[0], out[1], TaskCounter.MAP_OUTPUT_RECORDS, TaskCounter.MAP_OUTPUT_BYTES,
        TaskCounter.SPILLED_RECORDS, TaskCounter.MAP_OUTPUT_MATERIALIZED_BYTES);
  }

  @Test
  void otherKeyClassesAndComparatorsGoToHadoopsBuffer() throws Exception {
    JobConf nullKeys = CollectorHarness.conf(dir, 1, VLongWritable.class, 1);
    nullKeys.setMapOutputKeyClass(NullWritable.class);
    RadixMapOutputCollector<Object, Object> collector = new RadixMapOutputCollector<>();
    CollectorHarness.run(collector, nullKeys, c -> c.collect(NullWritable.get(), new VLongWritable(3), 0), false);
    assertInstanceOf(MapTask.MapOutputBuffer.class, collector.delegate());

    JobConf reversed = CollectorHarness.conf(dir, 1, VLongWritable.class, 1);
    reversed.setOutputKeyComparatorClass(Text.Comparator.class);
    assertEquals("a sort comparator is set (" + MRJobConfig.KEY_COMPARATOR + ")", CollectorSupport.whyNot(reversed));
    JobConf encrypted = CollectorHarness.conf(dir, 1, VLongWritable.class, 1);
    encrypted.setBoolean(MRJobConfig.MR_ENCRYPTED_INTERMEDIATE_DATA, true);
    assertTrue(CollectorSupport.whyNot(encrypted).startsWith("intermediate data is encrypted"));

    JobConf text = CollectorHarness.conf(dir, 1, VLongWritable.class, 1);
    RadixMapOutputCollector<Object, Object> ours = new RadixMapOutputCollector<>();
    CollectorHarness.run(ours, text, c -> c.collect(new Text("u"), new VLongWritable(3), 0), false);
    assertInstanceOf(TextKeyCollector.class, ours.delegate());
  }

  @Test
  void configureNamesTheCollectorOnlyWhenEnabledAndNoneIsChosen() {
    JobConf defaults = new JobConf(); // mapred-default.xml names MapOutputBuffer: not a choice
    assertEquals(MapTask.MapOutputBuffer.class.getName(), defaults.get(MRJobConfig.MAP_OUTPUT_COLLECTOR_CLASS_ATTR));
    RadixMapOutputCollector.setEnabled(defaults, true);
    RadixMapOutputCollector.configure(defaults);
    assertEquals(RadixMapOutputCollector.class.getName(), defaults.get(MRJobConfig.MAP_OUTPUT_COLLECTOR_CLASS_ATTR));
    JobConf conf = new JobConf(false);
    RadixMapOutputCollector.setEnabled(conf, false);
    RadixMapOutputCollector.configure(conf);
    assertEquals(null, conf.get(MRJobConfig.MAP_OUTPUT_COLLECTOR_CLASS_ATTR));
    assertTrue(RadixMapOutputCollector.isEnabled(new JobConf(false)), "on by default");
    RadixMapOutputCollector.setEnabled(conf, true);
    RadixMapOutputCollector.configure(conf);
    assertEquals(RadixMapOutputCollector.class.getName(), conf.get(MRJobConfig.MAP_OUTPUT_COLLECTOR_CLASS_ATTR));
    JobConf chosen = new JobConf(false);
    RadixMapOutputCollector.setEnabled(chosen, true);
    chosen.set(MRJobConfig.MAP_OUTPUT_COLLECTOR_CLASS_ATTR, "some.Other");
    RadixMapOutputCollector.configure(chosen);
    assertEquals("some.Other", chosen.get(MRJobConfig.MAP_OUTPUT_COLLECTOR_CLASS_ATTR));
    assertEquals(2, WritableUtils.getVIntSize(128)); // the vint sizes the buffer relies on
  }
}
