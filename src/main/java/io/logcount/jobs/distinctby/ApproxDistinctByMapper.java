package io.logcount.jobs.distinctby;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import org.apache.datasketches.cpc.CpcSketch;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Counter;

import io.logcount.jobs.common.LogMapper;
import io.logcount.jobs.common.LogRecord;
import io.logcount.sketch.SketchCounter;
import io.logcount.sketch.SketchKey;
import io.logcount.sketch.Sketches;

/**
 * {@code distinct-by --approx}: one sketch of values (and a count of events) per key, kept in a
 * table whose heap is bounded by {@link #TABLE_BYTES}: when the table's estimated size passes it,
 * every sketch is emitted and the table starts again, so a task's memory stays bounded whatever
 * the number of keys; the combiner and the reducer merge a key's sketches
 * ({@link ApproxDistinctByReducer}). Keys that fit (days, hours, thousands of sites) give one
 * sketch per key and task: the shuffle is bytes to kilobytes per key.
 *
 * <p>The estimate of a sketch's heap is an upper bound measured here (CPC, lgK 15, 500 sketches
 * of n values each, serial GC): 190 bytes at 10 values, 8.3 KB at 1,000, 33 KB at 10,000,
 * 41 KB (1.25 * 2^lgK) at 1,000,000. So {@link #ENTRY_BYTES} per key plus {@link #VALUE_BYTES}
 * per event, at most 1.25 * 2^lgK per sketch: counting events (not distinct values) costs
 * nothing per record and only overestimates.
 */
public class ApproxDistinctByMapper extends LogMapper<Text, KeySketchWritable> {

  /**
   * Heap, in bytes, the sketches of one map task may take (estimated, see above) before they are
   * all emitted. Default {@value #DEFAULT_TABLE_BYTES} (64 MiB): e.g. 1,500 keys of a million
   * values each, or 250,000 keys of one value. A smaller table emits more, smaller sketches.
   */
  public static final String TABLE_BYTES = "logcount.distinct-by.approx.table-bytes";
  /** Default of {@link #TABLE_BYTES}. */
  public static final long DEFAULT_TABLE_BYTES = 64L << 20;

  /** Heap of a key's entry: the copied key, the map entry, an empty sketch. */
  static final int ENTRY_BYTES = 256;
  /** Most heap one more value adds to a sketch (measured at most 12 bytes, at a few values). */
  static final int VALUE_BYTES = 12;

  /** A key's sketch and events so far. */
  private static final class Entry {
    final CpcSketch sketch;
    long events;

    Entry(CpcSketch sketch) {
      this.sketch = sketch;
    }
  }

  private final Map<Text, Entry> table = new HashMap<>();
  private final Text key = new Text();
  private final SketchKey value = new SketchKey();
  private final KeySketchWritable out = new KeySketchWritable();
  private GroupKey groupKey;
  private int lgK;
  private long tableBytes;
  /** Events after which a sketch's heap no longer grows (about 1.25 * 2^lgK bytes). */
  private long fullEvents;
  /** Estimated heap of the table. */
  private long used;
  private Counter sketches;

  /** {@link #TABLE_BYTES}, validated. */
  public static long getTableBytes(Configuration conf) {
    long n = conf.getLong(TABLE_BYTES, DEFAULT_TABLE_BYTES);
    if (n < ENTRY_BYTES) {
      throw new IllegalArgumentException(TABLE_BYTES + " must be at least " + ENTRY_BYTES + ", got " + n);
    }
    return n;
  }

  @Override
  protected int[] columns(Configuration conf) {
    return DistinctByMapper.getColumns(conf);
  }

  @Override
  protected boolean needsTime(Configuration conf) {
    return DistinctByMapper.getBucket(conf) != null;
  }

  @Override
  protected void setup(Context context) throws IOException, InterruptedException {
    Configuration conf = context.getConfiguration();
    groupKey = new GroupKey(conf);
    lgK = Sketches.getLgK(conf);
    tableBytes = getTableBytes(conf);
    fullEvents = ((5L << lgK) / 4) / VALUE_BYTES;
    sketches = context.getCounter(SketchCounter.SKETCHES);
    super.setup(context);
  }

  @Override
  protected boolean record(LogRecord record, Context context) throws IOException, InterruptedException {
    if (!groupKey.set(record, key)) {
      return false;
    }
    Entry entry = table.get(key);
    if (entry == null) {
      entry = new Entry(new CpcSketch(lgK));
      table.put(new Text(key), entry);
      used += ENTRY_BYTES;
    }
    value.update(entry.sketch, record.bytes(), record.start(0), record.fieldLength(0));
    if (entry.events++ < fullEvents) {
      used += VALUE_BYTES;
    }
    if (used > tableBytes) {
      flush(context);
    }
    return true;
  }

  /** Emits every key's sketch and empties the table. */
  private void flush(Context context) throws IOException, InterruptedException {
    for (Map.Entry<Text, Entry> e : table.entrySet()) {
      out.set(e.getValue().events, e.getValue().sketch.toByteArray());
      context.write(e.getKey(), out);
      sketches.increment(1);
    }
    table.clear();
    used = 0;
  }

  @Override
  protected void cleanup(Context context) throws IOException, InterruptedException {
    try {
      flush(context);
    } finally {
      super.cleanup(context);
    }
  }
}
