package io.logcount.jobs.distinctby;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

import org.apache.hadoop.io.Writable;
import org.apache.hadoop.io.WritableUtils;

/**
 * A key's sketch of distinct values, serialized, and its events, on their way from
 * {@code distinct-by --approx}'s mappers to its reducers: {@code events} (vlong), the sketch's
 * length (vint), the sketch. Reused: {@link #readFields} keeps its buffer when it is large enough.
 */
public class KeySketchWritable implements Writable {

  private long events;
  private byte[] sketch = new byte[0];
  private int length;

  /** Sets the events and the serialized sketch (kept, not copied). */
  public void set(long events, byte[] sketch) {
    this.events = events;
    this.sketch = sketch;
    this.length = sketch.length;
  }

  /** Events of the key counted into this sketch. */
  public long events() {
    return events;
  }

  /** The serialized sketch, valid up to {@link #length()}. */
  public byte[] sketch() {
    return sketch;
  }

  /** Length of the serialized sketch. */
  public int length() {
    return length;
  }

  @Override
  public void write(DataOutput out) throws IOException {
    WritableUtils.writeVLong(out, events);
    WritableUtils.writeVInt(out, length);
    out.write(sketch, 0, length);
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    events = WritableUtils.readVLong(in);
    length = WritableUtils.readVInt(in);
    if (length < 0) {
      throw new IOException("corrupt sketch record: length " + length);
    }
    if (sketch.length < length) {
      sketch = new byte[length];
    }
    in.readFully(sketch, 0, length);
  }

  @Override
  public String toString() {
    return events + " events, sketch of " + length + " bytes";
  }
}
