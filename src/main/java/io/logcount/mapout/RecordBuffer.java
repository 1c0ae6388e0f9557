package io.logcount.mapout;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;

import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.WritableUtils;
import org.apache.hadoop.io.serializer.Serializer;

/**
 * The map outputs of one spill as raw bytes: every record's serialized {@link Text} key (vint
 * length, bytes) and serialized value, one after the other in one byte array, and beside them, per
 * record, its start, its partition and its key's first 8 bytes as a big-endian {@code long} (the
 * radix sort's key, taken while the bytes are still in the cache). The lengths are not stored: a
 * record ends where the next one starts and its key length is the key's own vint.
 *
 * <p><b>Memory.</b> Everything it allocates stays within {@code budget} bytes
 * ({@code mapreduce.task.io.sort.mb}): the data array plus {@link #BYTES_PER_RECORD} per record of
 * capacity, which also pays for the sort's work arrays ({@link #sortKeys()} ...). It starts small
 * (a task with little output never allocates the whole budget, Hadoop's buffer always does) and
 * grows in steps of 4x, each time dividing its step between data and records by the average record
 * size seen so far; while it copies, the old arrays live beside the new ones (at most a quarter of
 * the budget more, once per task). When the last step is full, the collector spills.
 */
final class RecordBuffer {

  /**
   * Bytes of capacity per record: start and partition ({@code int}s), the prefix and the sort's
   * second key array ({@code long}s), the sort's two order arrays ({@code int}s).
   */
  static final int BYTES_PER_RECORD = 4 + 4 + 8 + 8 + 4 + 4;
  /** The first step's size, unless the budget is smaller. */
  static final int FIRST_STEP_BYTES = 1 << 20;
  /** Record size assumed before any record was seen: our jobs' keys are user IDs and the like. */
  private static final int GUESSED_RECORD_BYTES = 24;

  private final long budget;
  private final long softLimit;
  private final Serializer<Object> valueSerializer;
  /** Current step (bytes of data plus record capacity); {@link #budget} at the last step. */
  private long step;

  private byte[] data;
  /** Bytes used in {@link #data}. */
  private int end;
  /** Record starts; {@code starts[count]} is {@link #end}. */
  private int[] starts;
  private int[] partitions;
  private long[] prefixes;
  private int count;
  /** Records ever added and their bytes, for the average that divides the next step. */
  private long seenRecords;
  private long seenBytes;

  // the sort's work arrays, as long as the record arrays, made when first needed
  private long[] sortKeys;
  private int[] order;
  private int[] orderScratch;

  /**
   * @param budget bytes it may allocate in all
   * @param spillPercent share of the budget in use at which {@link #full()} says to spill
   * @param valueSerializer serializer of the values; opened here on this buffer
   */
  @SuppressWarnings("unchecked")
  RecordBuffer(long budget, float spillPercent, Serializer<?> valueSerializer) throws IOException {
    if (budget < 64 * 1024 || budget > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("sort buffer of " + budget + " bytes: between 64 KiB and 2 GiB");
    }
    this.budget = budget;
    this.softLimit = (long) (budget * (double) spillPercent);
    this.valueSerializer = (Serializer<Object>) valueSerializer;
    this.valueSerializer.open(new DataOutputStream(new Appender()));
    step = Math.min(budget, FIRST_STEP_BYTES);
    allocate(step, GUESSED_RECORD_BYTES);
  }

  /** Signals that a record did not fit; the buffer is left as it was before the record. */
  private static final class Full extends IOException {
    Full() {
      super("record buffer full");
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this; // a signal, thrown once per spill: no stack to record
    }
  }

  private static final Full FULL = new Full();

  /** Writes the value serializer's bytes at {@link #end}; throws {@link #FULL} past the array. */
  private final class Appender extends OutputStream {
    @Override
    public void write(int b) throws IOException {
      if (end >= data.length) {
        throw FULL;
      }
      data[end++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      if (len > data.length - end) {
        throw FULL;
      }
      System.arraycopy(b, off, data, end, len);
      end += len;
    }
  }

  /**
   * Adds one record, or returns false, unchanged, when it does not fit (then {@link #grow},
   * or spill and {@link #clear}, and add again).
   *
   * @return the serialized size of key and value, or -1 when it did not fit
   */
  int add(Text key, Object value, int partition) throws IOException {
    if (count == partitions.length) {
      return -1;
    }
    int start = end;
    int length = key.getLength();
    int vintSize = WritableUtils.getVIntSize(length);
    if (vintSize + length > data.length - start) {
      return -1;
    }
    TextKeys.putVInt(data, start, length, vintSize);
    byte[] bytes = key.getBytes();
    System.arraycopy(bytes, 0, data, start + vintSize, length);
    end = start + vintSize + length;
    try {
      valueSerializer.serialize(value);
    } catch (Full e) {
      end = start;
      return -1;
    }
    prefixes[count] = TextKeys.prefix(bytes, 0, length);
    partitions[count] = partition;
    starts[count] = start;
    count++;
    starts[count] = end;
    int size = end - start;
    seenRecords++;
    seenBytes += size;
    return size;
  }

  /** Whether a later step exists. */
  boolean canGrow() {
    return step < budget;
  }

  /**
   * Moves to the next step (4x, or the whole budget), keeping the records: its bytes are divided
   * by the average record size so far, with room for at least {@code pendingBytes} more data.
   */
  void grow(int pendingBytes) {
    long next = Math.min(budget, step * 4);
    long average = seenRecords == 0 ? Math.max(GUESSED_RECORD_BYTES, pendingBytes)
        : Math.max(1, seenBytes / seenRecords);
    byte[] oldData = data;
    int[] oldStarts = starts;
    int[] oldPartitions = partitions;
    long[] oldPrefixes = prefixes;
    sortKeys = null;
    order = null;
    orderScratch = null;
    step = next;
    allocate(next, average, (long) end + pendingBytes, count + 1L);
    System.arraycopy(oldData, 0, data, 0, end);
    System.arraycopy(oldStarts, 0, starts, 0, count + 1);
    System.arraycopy(oldPartitions, 0, partitions, 0, count);
    System.arraycopy(oldPrefixes, 0, prefixes, 0, count);
  }

  private void allocate(long bytes, long averageRecord) {
    allocate(bytes, averageRecord, 0, 1);
  }

  /** Divides {@code bytes} between data and records by {@code averageRecord}, with the minimums given. */
  private void allocate(long bytes, long averageRecord, long minData, long minRecords) {
    long records = bytes / (averageRecord + BYTES_PER_RECORD);
    long dataBytes = bytes - records * BYTES_PER_RECORD;
    if (dataBytes < minData) {
      dataBytes = Math.min(minData, bytes - minRecords * BYTES_PER_RECORD);
      records = (bytes - dataBytes) / BYTES_PER_RECORD;
    } else if (records < minRecords) {
      records = Math.min(minRecords, bytes / BYTES_PER_RECORD);
      dataBytes = bytes - records * BYTES_PER_RECORD;
    }
    records = Math.max(1, Math.min(records, Integer.MAX_VALUE - 8));
    data = new byte[(int) Math.max(0, dataBytes)];
    starts = new int[(int) records + 1];
    partitions = new int[(int) records];
    prefixes = new long[(int) records];
  }

  /** True when the records use the spill share of the whole budget: time to spill. */
  boolean full() {
    return step == budget && end + (long) count * BYTES_PER_RECORD >= softLimit;
  }

  /** Forgets every record (after a spill); the arrays are kept. */
  void clear() {
    end = 0;
    count = 0;
    starts[0] = 0;
  }

  int count() {
    return count;
  }

  boolean isEmpty() {
    return count == 0;
  }

  /** Bytes of data held. */
  int dataBytes() {
    return end;
  }

  // --- what the sort and the spill read: arrays shared within the package, not copied ---

  byte[] data() {
    return data;
  }

  int[] partitions() {
    return partitions;
  }

  /** The records' key prefixes; the sort reorders it in place, so it is valid until the next sort. */
  long[] prefixes() {
    return prefixes;
  }

  long[] sortKeys() {
    if (sortKeys == null) {
      sortKeys = new long[prefixes.length];
    }
    return sortKeys;
  }

  int[] order() {
    if (order == null) {
      order = new int[prefixes.length];
    }
    return order;
  }

  int[] orderScratch() {
    if (orderScratch == null) {
      orderScratch = new int[prefixes.length];
    }
    return orderScratch;
  }

  int recordStart(int record) {
    return starts[record];
  }

  int recordEnd(int record) {
    return starts[record + 1];
  }

  /** Serialized key length (vint and bytes) of a record. */
  int keyLength(int record) {
    int s = starts[record];
    int vintSize = WritableUtils.decodeVIntSize(data[s]);
    return vintSize + TextKeys.textLength(data, s, vintSize);
  }

  /** Orders two records by key as Text's raw comparator does (unsigned bytes, then length). */
  int compareKeys(int a, int b) {
    return TextKeys.compare(data, starts[a], data, starts[b]);
  }

  /** Bytes allocated now (data and record capacity), for tests of the budget. */
  long allocatedBytes() {
    return data.length + (long) prefixes.length * BYTES_PER_RECORD;
  }

  /** The budget. */
  long budget() {
    return budget;
  }

  @Override
  public String toString() {
    return count + " records, " + end + " bytes of " + data.length + ", step " + step + " of " + budget;
  }
}
