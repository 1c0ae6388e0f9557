package io.logcount.mapout;

import java.io.DataOutputStream;
import java.io.IOException;

import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.DataInputBuffer;
import org.apache.hadoop.io.WritableUtils;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.mapred.Counters;
import org.apache.hadoop.mapred.IFile;
import org.apache.hadoop.mapred.IndexRecord;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapred.MapOutputFile;
import org.apache.hadoop.mapred.SpillRecord;
import org.apache.hadoop.mapred.Task.CombineOutputCollector;
import org.apache.hadoop.mapred.Task.CombinerRunner;
import org.apache.hadoop.util.Progressable;

/**
 * Writes one spill file in the shuffle's format: for each partition in turn an IFile segment
 * ({@link IFile.Writer}: records as vint key length, vint value length, key, value; an EOF
 * marker; a CRC32 trailer; compressed when map output compression is on), and the spill's index
 * ({@link SpillRecord}: offset, raw and on-disk length of each segment). Hadoop's own writer makes
 * every byte, so the segments are what Hadoop's buffer writes for the same records in the same
 * order; only the records are handed over in batches ({@link IFile.Writer#getOutputStream}, with
 * {@link IFile.Writer#updateCountersForExternalAppend} per record) rather than one call each.
 * With a combiner, each partition's sorted records go through it instead, as in Hadoop.
 */
final class SpillWriter {

  /** Hadoop's allowance per partition for the IFile framing when it asks a local disk for space. */
  private static final int APPROX_HEADER_LENGTH = 150;
  /** Records are copied here and written to the IFile stream in blocks of this size. */
  private static final int BATCH_BYTES = 64 * 1024;
  private static final int RECORDS_PER_PROGRESS = 1 << 14;

  private final JobConf job;
  private final FileSystem localFs;
  private final MapOutputFile files;
  private final Class<Object> keyClass;
  private final Class<Object> valueClass;
  private final CompressionCodec codec;
  private final Counters.Counter spilledRecords;
  private final CombinerRunner<Object, Object> combiner;
  private final CombineOutputCollector<Object, Object> combineCollector;
  private final Progressable progress;
  private final byte[] batch = new byte[BATCH_BYTES];

  /** {@code combiner} and {@code combineCollector} are null without a combiner. */
  SpillWriter(JobConf job, FileSystem localFs, MapOutputFile files, Class<Object> keyClass, Class<Object> valueClass,
      CompressionCodec codec, Counters.Counter spilledRecords, CombinerRunner<Object, Object> combiner,
      CombineOutputCollector<Object, Object> combineCollector, Progressable progress) {
    this.job = job;
    this.localFs = localFs;
    this.files = files;
    this.keyClass = keyClass;
    this.valueClass = valueClass;
    this.codec = codec;
    this.spilledRecords = spilledRecords;
    this.combiner = combiner;
    this.combineCollector = combineCollector;
    this.progress = progress;
  }

  /**
   * Writes spill number {@code spill} from the sorted buffer.
   *
   * @param order the records in order; partition {@code p} is {@code order[bounds[p], bounds[p + 1])}
   */
  SpillRecord writeSorted(RecordBuffer buffer, int[] order, int[] bounds, int spill)
      throws IOException, InterruptedException, ClassNotFoundException {
    int partitions = bounds.length - 1;
    Path file = files.getSpillFileForWrite(spill, buffer.dataBytes() + (long) partitions * APPROX_HEADER_LENGTH);
    SpillRecord index = new SpillRecord(partitions);
    try (FSDataOutputStream out = localFs.create(file)) {
      for (int p = 0; p < partitions; p++) {
        long segmentStart = out.getPos();
        IFile.Writer<Object, Object> writer = newWriter(out);
        boolean closed = false;
        try {
          if (combiner == null) {
            appendRaw(writer, buffer, order, bounds[p], bounds[p + 1]);
          } else if (bounds[p] < bounds[p + 1]) {
            combineCollector.setWriter(writer);
            combiner.combine(new SortedRunIterator(buffer, order, bounds[p], bounds[p + 1]), combineCollector);
          }
          closed = true;
          writer.close();
        } finally {
          if (!closed) {
            closeAfterFailure(writer);
          }
        }
        index.putIndex(new IndexRecord(segmentStart, writer.getRawLength(), writer.getCompressedLength()), p);
      }
    }
    return index;
  }

  /**
   * Writes spill number {@code spill} holding one record only, one too large for the buffer
   * (Hadoop's "spillSingleRecord"; no combiner for one record).
   *
   * @return the spill's index
   */
  SpillRecord writeSingle(byte[] record, int keyLength, int recordLength, int partition, int partitions, int spill)
      throws IOException {
    Path file = files.getSpillFileForWrite(spill, recordLength + (long) partitions * APPROX_HEADER_LENGTH);
    SpillRecord index = new SpillRecord(partitions);
    DataInputBuffer key = new DataInputBuffer();
    DataInputBuffer value = new DataInputBuffer();
    key.reset(record, 0, keyLength);
    value.reset(record, keyLength, recordLength - keyLength);
    try (FSDataOutputStream out = localFs.create(file)) {
      for (int p = 0; p < partitions; p++) {
        long segmentStart = out.getPos();
        IFile.Writer<Object, Object> writer = newWriter(out);
        boolean closed = false;
        try {
          if (p == partition) {
            writer.append(key, value);
          }
          closed = true;
          writer.close();
        } finally {
          if (!closed) {
            closeAfterFailure(writer);
          }
        }
        index.putIndex(new IndexRecord(segmentStart, writer.getRawLength(), writer.getCompressedLength()), p);
      }
    }
    return index;
  }

  private IFile.Writer<Object, Object> newWriter(FSDataOutputStream out) throws IOException {
    return new IFile.Writer<>(job, out, keyClass, valueClass, codec, spilledRecords);
  }

  /** Returns the writer's compressor, if any, after a failure; the first failure is what counts. */
  private static void closeAfterFailure(IFile.Writer<Object, Object> writer) {
    try {
      writer.close();
    } catch (IOException | RuntimeException suppressed) {
      // the failure that got us here is being thrown
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
        progress.progress();
      }
    }
    out.write(block, 0, fill);
  }
}
