package io.logcount.mapout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;

import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.VLongWritable;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapred.MapOutputCollector;
import org.apache.hadoop.mapreduce.TaskCounter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.logcount.mapout.CollectorHarness.Output;

/**
 * Ten million distinct user IDs through Hadoop's buffer and through ours, with Hadoop's default
 * 100 MB sort buffer (both spill several times and merge): {@code file.out} (by digest) and
 * {@code file.out.index} byte-identical, and the same counters. Prints both times.
 */
class LargeMapOutputIT {

  private static final int RECORDS = 10_000_000;
  private static final int PARTITIONS = 4;
  private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  @TempDir
  File dir;

  /** User IDs as the generator writes them: U and 12 hex digits of a permuted number (all distinct). */
  private static void feed(MapOutputCollector<Object, Object> collector) throws Exception {
    Text key = new Text();
    VLongWritable one = new VLongWritable(1);
    byte[] id = new byte[13];
    id[0] = 'U';
    for (long i = 0; i < RECORDS; i++) {
      long n = (i * 0x9E3779B97F4A7C15L) >>> 16; // odd multiplier: a bijection on 64 bits, distinct in the top 48
      for (int d = 12; d >= 1; d--) {
        id[d] = HEX[(int) (n & 0xf)];
        n >>>= 4;
      }
      key.set(id, 0, id.length);
      collector.collect(key, one, (int) ((i ^ (i >>> 3)) % PARTITIONS));
    }
  }

  @Test
  void tenMillionRecordsGiveHadoopsBytes() throws Exception {
    JobConf conf = CollectorHarness.conf(dir, PARTITIONS, VLongWritable.class, 100);
    long t0 = System.nanoTime();
    Output hadoop = CollectorHarness.run(CollectorHarness.hadoops(), conf, LargeMapOutputIT::feed, false);
    long t1 = System.nanoTime();
    Output ours = CollectorHarness.run(CollectorHarness.ours(), conf, LargeMapOutputIT::feed, false);
    long t2 = System.nanoTime();
    System.out.printf("10^7 records: Hadoop's MapOutputBuffer %.1f s, RadixMapOutputCollector %.1f s%n",
        (t1 - t0) / 1e9, (t2 - t1) / 1e9);
    assertEquals(RECORDS, ours.counter(TaskCounter.MAP_OUTPUT_RECORDS));
    assertTrue(ours.counter(MapOutputCounter.RADIX_SPILLS) > 1, "spilled several times");
    assertEquals(hadoop.fileLength, ours.fileLength);
    assertArrayEquals(hadoop.index, ours.index, "file.out.index");
    assertEquals(hadoop.fileDigest, ours.fileDigest, "file.out");
    for (TaskCounter c : new TaskCounter[] {TaskCounter.MAP_OUTPUT_RECORDS, TaskCounter.MAP_OUTPUT_BYTES,
        TaskCounter.MAP_OUTPUT_MATERIALIZED_BYTES, TaskCounter.SPILLED_RECORDS}) {
      assertEquals(hadoop.counter(c), ours.counter(c), c.name());
    }
  }
}
