package io.logcount.mapout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.VLongWritable;
import org.apache.hadoop.io.serializer.SerializationFactory;
import org.junit.jupiter.api.Test;

/** {@link RecordBuffer}: what it holds, and that it never allocates more than its budget. */
class RecordBufferTest {

  private static RecordBuffer buffer(long budget, Class<?> values) throws Exception {
    return new RecordBuffer(budget, 0.8f, new SerializationFactory(new Configuration()).getSerializer(values));
  }

  /** Adds records until the buffer says to spill, growing as the collector does; returns how many. */
  private static int fill(RecordBuffer buffer, Text key, Object value) throws Exception {
    int added = 0;
    while (!buffer.full()) {
      if (buffer.add(key, value, added % 3) < 0) {
        if (!buffer.canGrow()) {
          break;
        }
        buffer.grow(key.getLength() + 16);
        continue;
      }
      added++;
      assertTrue(buffer.allocatedBytes() <= buffer.budget(), buffer.toString());
    }
    return added;
  }

  @Test
  void holdsKeysValuesAndPartitionsAsHadoopSerializesThem() throws Exception {
    RecordBuffer buffer = buffer(1 << 20, VLongWritable.class);
    assertEquals(15, buffer.add(new Text("U0123456789ab"), new VLongWritable(1), 2));
    byte[] longKey = new byte[300];
    assertEquals(3 + 300 + 3, buffer.add(new Text(longKey), new VLongWritable(300), 0)); // vints of 3 bytes
    assertEquals(2, buffer.count());
    assertEquals(14, buffer.keyLength(0));
    assertEquals(303, buffer.keyLength(1));
    assertEquals(15, buffer.recordEnd(0) - buffer.recordStart(0));
    assertEquals(2, buffer.partitions()[0]);
    assertEquals(TextKeys.prefix("U0123456".getBytes("UTF-8"), 0, 8), buffer.prefixes()[0]);
    assertTrue(buffer.compareKeys(1, 0) < 0, "zero bytes before U");
    buffer.clear();
    assertTrue(buffer.isEmpty());
    assertEquals(0, buffer.dataBytes());
  }

  @Test
  void smallRecordsFillTheBudgetWithoutPassingIt() throws Exception {
    long budget = 8 << 20;
    RecordBuffer buffer = buffer(budget, VLongWritable.class);
    int added = fill(buffer, new Text("U0123456789ab"), new VLongWritable(1));
    assertTrue(buffer.full());
    long used = buffer.dataBytes() + (long) added * RecordBuffer.BYTES_PER_RECORD;
    assertTrue(used >= 0.8 * budget && used <= budget, used + " of " + budget);
    assertTrue(added > 0.8 * budget / (15 + RecordBuffer.BYTES_PER_RECORD) * 0.95, added + " records");
  }

  @Test
  void largeValuesGetMostOfTheBudgetAsData() throws Exception {
    long budget = 4 << 20;
    RecordBuffer buffer = buffer(budget, BytesWritable.class);
    int added = fill(buffer, new Text("k"), new BytesWritable(new byte[20_000]));
    assertTrue(added >= 0.8 * budget / 20_010 * 0.9, added + " records: " + buffer);
  }

  @Test
  void aRecordLargerThanTheBudgetNeverFits() throws Exception {
    RecordBuffer buffer = buffer(1 << 20, BytesWritable.class);
    BytesWritable huge = new BytesWritable(new byte[2 << 20]);
    while (buffer.canGrow()) {
      assertEquals(-1, buffer.add(new Text("k"), huge, 0));
      buffer.grow(16);
    }
    assertEquals(-1, buffer.add(new Text("k"), huge, 0));
    assertTrue(buffer.isEmpty());
    assertEquals(0, buffer.dataBytes(), "the partial record is undone");
    assertFalse(buffer.full());
  }

  @Test
  void budgetsOutsideHadoopsRangeAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> buffer(1000, VLongWritable.class));
  }
}
