package io.logcount.mapout;

import java.io.DataOutputStream;
import java.io.IOException;

import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.DataInputBuffer;
import org.apache.hadoop.io.WritableUtils;
import org.apache.hadoop.mapred.IFile;
import org.apache.hadoop.mapred.SpillRecord;

/**
 * Writes one spill file from the sorted buffer ({@link SegmentFormat}). Hadoop's own IFile writer
 * makes every byte, so the segments are what Hadoop's buffer writes for the same records in the
 * same order; only the records are handed over in blocks ({@link IFile.Writer#getOutputStream},
 * with {@link IFile.Writer#updateCountersForExternalAppend} per record) rather than one call each,
 * which wrote each vint a byte at a time through the checksum. With a combiner, each partition's
 * sorted records go through it instead, as in Hadoop.
 */
final class SpillWriter {

  /** Hadoop's allowance per partition for the IFile framing when it asks a local disk for space. */
  static final int APPROX_HEADER_LENGTH = 150;
  /** Records are copied here and written to the IFile stream in blocks of this size. */
  private static final int BATCH_BYTES = 64 * 1024;
  private static final int RECORDS_PER_PROGRESS = 1 << 14;

  private final SegmentFormat format;
  private final byte[] batch = new byte[BATCH_BYTES];

  SpillWriter(SegmentFormat format) {
    this.format = format;
  }

  /**
   * Writes spill number {@code spill} from the sorted buffer.
   *
   * @param order the records in order; partition {@code p} is {@code order[bounds[p], bounds[p + 1])}
   */
  SpillRecord writeSorted(RecordBuffer buffer, int[] order, int[] bounds, int spill)
      throws IOException, InterruptedException, ClassNotFoundException {
    Path file = format.files.getSpillFileForWrite(spill,
        buffer.dataBytes() + (long) format.partitions * APPROX_HEADER_LENGTH);
    return format.write(file, (p, segment) -> {
      if (!format.hasCombiner()) {
        appendRaw(segment, buffer, order, bounds[p], bounds[p + 1]);
      } else if (bounds[p] < bounds[p + 1]) {
        format.combine(new SortedRunIterator(buffer, order, bounds[p], bounds[p + 1]), segment);
      }
    });
  }

  /**
   * Writes spill number {@code spill} holding one record only, one too large for the buffer
   * (Hadoop's "spillSingleRecord"; no combiner for one record).
   */
  SpillRecord writeSingle(byte[] record, int keyLength, int recordLength, int partition, int spill)
      throws IOException, InterruptedException, ClassNotFoundException {
    Path file = format.files.getSpillFileForWrite(spill, recordLength + (long) format.partitions * APPROX_HEADER_LENGTH);
    try (DataInputBuffer key = new DataInputBuffer(); DataInputBuffer value = new DataInputBuffer()) {
      key.reset(record, 0, keyLength);
      value.reset(record, keyLength, recordLength - keyLength);
      return format.write(file, (p, segment) -> {
        if (p == partition) {
          segment.append(key, value);
        }
      });
    }
  }

  /** The records {@code order[lo, hi)} in IFile's record format, through the writer's own stream. */
  private void appendRaw(IFile.Writer<Object, Object> writer, RecordBuffer buffer, int[] order, int lo, int hi)
      throws IOException {
    DataOutputStream out = writer.getOutputStream();
    byte[] data = buffer.data();
    byte[] block = batch;
    int fill = 0;
    for (int i = lo; i < hi; i++) {
      int record = order[i];
      int start = buffer.recordStart(record);
      int length = buffer.recordEnd(record) - start;
      int keyLength = buffer.keyLength(record);
      int valueLength = length - keyLength;
      int keyVInt = WritableUtils.getVIntSize(keyLength);
      int valueVInt = WritableUtils.getVIntSize(valueLength);
      int total = keyVInt + valueVInt + length;
      if (total > block.length - fill) {
        out.write(block, 0, fill);
        fill = 0;
      }
      TextKeys.putVInt(block, fill, keyLength, keyVInt);
      TextKeys.putVInt(block, fill + keyVInt, valueLength, valueVInt);
      fill += keyVInt + valueVInt;
      if (length > block.length - fill) { // a record larger than the block: straight through
        out.write(block, 0, fill);
        fill = 0;
        out.write(data, start, length);
      } else {
        System.arraycopy(data, start, block, fill, length);
        fill += length;
      }
      writer.updateCountersForExternalAppend(total);
      if ((i & (RECORDS_PER_PROGRESS - 1)) == 0) {
        format.progress.progress();
      }
    }
    out.write(block, 0, fill);
  }
}
