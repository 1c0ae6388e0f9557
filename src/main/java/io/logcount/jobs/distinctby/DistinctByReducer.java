package io.logcount.jobs.distinctby;

import java.io.IOException;

import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.VLongWritable;
import org.apache.hadoop.mapreduce.Counter;
import org.apache.hadoop.mapreduce.Reducer;

/**
 * Counts the distinct values of each key. Pairs arrive sorted, so a key's pairs are
 * consecutive and each distinct pair is one distinct value: the reducer keeps only the current
 * key and two counts, whatever the number of values. Writes {@code key<TAB>values<TAB>events}.
 */
public class DistinctByReducer extends Reducer<Text, VLongWritable, Text, Text> {

  /** Figures only the final reduce knows. */
  public enum DistinctByCounter {
    /** Keys written. */
    KEYS,
    /** Distinct (key, value) pairs: the sum of every key's distinct values. */
    PAIRS
  }

  private final Text key = new Text();
  private final Text figures = new Text();
  private boolean open;
  private long values;
  private long events;
  private Counter keys;
  private Counter pairs;

  @Override
  protected void setup(Context context) {
    keys = context.getCounter(DistinctByCounter.KEYS);
    pairs = context.getCounter(DistinctByCounter.PAIRS);
  }

  @Override
  protected void reduce(Text pair, Iterable<VLongWritable> counts, Context context)
      throws IOException, InterruptedException {
    byte[] bytes = pair.getBytes();
    int keyLength = KeyPartitioner.keyLength(bytes, pair.getLength());
    if (!open || !sameKey(bytes, keyLength)) {
      emit(context);
      key.set(bytes, 0, keyLength);
      open = true;
    }
    values++;
    pairs.increment(1);
    for (VLongWritable c : counts) {
      events += c.get();
    }
  }

  private boolean sameKey(byte[] bytes, int keyLength) {
    if (keyLength != key.getLength()) {
      return false;
    }
    byte[] current = key.getBytes();
    for (int i = 0; i < keyLength; i++) {
      if (bytes[i] != current[i]) {
        return false;
      }
    }
    return true;
  }

  private void emit(Context context) throws IOException, InterruptedException {
    if (!open) {
      return;
    }
    figures.set(values + "\t" + events);
    context.write(key, figures);
    keys.increment(1);
    values = 0;
    events = 0;
    open = false;
  }

  @Override
  protected void cleanup(Context context) throws IOException, InterruptedException {
    emit(context);
  }
}
