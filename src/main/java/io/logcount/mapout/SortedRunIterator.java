package io.logcount.mapout;

import org.apache.hadoop.io.DataInputBuffer;
import org.apache.hadoop.mapred.RawKeyValueIterator;
import org.apache.hadoop.util.Progress;

/**
 * One partition of a sorted spill as the combiner reads it: the raw key and value of each record,
 * in order, straight from the buffer (no copy), as Hadoop's buffer hands its own to the combiner.
 */
final class SortedRunIterator implements RawKeyValueIterator {

  private final RecordBuffer buffer;
  private final int[] order;
  private final int end;
  private int current;
  private final DataInputBuffer key = new DataInputBuffer();
  private final DataInputBuffer value = new DataInputBuffer();

  /** Records {@code order[start, end)} of {@code buffer}. */
  SortedRunIterator(RecordBuffer buffer, int[] order, int start, int end) {
    this.buffer = buffer;
    this.order = order;
    this.end = end;
    this.current = start - 1;
  }

  @Override
  public boolean next() {
    if (current + 1 >= end) {
      current = end;
      return false;
    }
    current++;
    int record = order[current];
    int start = buffer.recordStart(record);
    int keyLength = buffer.keyLength(record);
    key.reset(buffer.data(), start, keyLength);
    value.reset(buffer.data(), start + keyLength, buffer.recordEnd(record) - start - keyLength);
    return true;
  }

  @Override
  public DataInputBuffer getKey() {
    return key;
  }

  @Override
  public DataInputBuffer getValue() {
    return value;
  }

  @Override
  public Progress getProgress() {
    return null; // as Hadoop's own in-memory iterator: a spill's progress is not tracked
  }

  @Override
  public void close() {
  }
}
