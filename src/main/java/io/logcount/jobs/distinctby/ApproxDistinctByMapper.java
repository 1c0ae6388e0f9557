package io.logcount.jobs.distinctby;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

import org.apache.datasketches.cpc.CpcSketch;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Counter;

import io.logcount.jobs.approx.SketchCounter;
import io.logcount.jobs.approx.SketchKey;
import io.logcount.jobs.approx.Sketches;
import io.logcount.jobs.common.LogMapper;
import io.logcount.jobs.common.LogRecord;

/**
 * {@code distinct-by --approx}: one sketch of values (and a count of events) per key, kept in a
 * table of at most {@link #MAX_KEYS} keys. A record of a new key when the table is full first
 * emits every sketch and empties the table, so a task's memory stays bounded whatever the number
 * of keys; the reducer merges a key's sketches ({@link ApproxDistinctByReducer}). Few keys (days,
 * hours, sites) mean one sketch per key and task: the shuffle is kilobytes per key.
 */
public class ApproxDistinctByMapper extends LogMapper<Text, KeySketchWritable> {

  /**
   * Most keys a map task keeps sketches for at once. A sketch of many values takes about
   * 2^lgK bytes of heap (32 KiB at the default lgK 15), a sketch of few values far less: the
   * default {@value #DEFAULT_MAX_KEYS} keys hold at most ~32 MiB. Smaller values emit more sketches.
   */
  public static final String MAX_KEYS = "logcount.distinct-by.approx.max-keys";
  /** Default of {@link #MAX_KEYS}. */
  public static final int DEFAULT_MAX_KEYS = 1000;

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
  private int maxKeys;
  private Counter sketches;

  /** {@link #MAX_KEYS}, validated. */
  public static int getMaxKeys(Configuration conf) {
    int n = conf.getInt(MAX_KEYS, DEFAULT_MAX_KEYS);
    if (n < 1) {
      throw new IllegalArgumentException(MAX_KEYS + " must be at least 1, got " + n);
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
    maxKeys = getMaxKeys(conf);
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
      if (table.size() >= maxKeys) {
        flush(context);
      }
      entry = new Entry(new CpcSketch(lgK));
      table.put(new Text(key), entry);
    }
    value.update(entry.sketch, record.bytes(), record.start(0), record.fieldLength(0));
    entry.events++;
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
