package io.logcount.mapout;

import java.io.IOException;

import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.mapred.Counters;
import org.apache.hadoop.mapred.IFile;
import org.apache.hadoop.mapred.IndexRecord;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapred.MapOutputFile;
import org.apache.hadoop.mapred.RawKeyValueIterator;
import org.apache.hadoop.mapred.SpillRecord;
import org.apache.hadoop.mapred.Task.CombineOutputCollector;
import org.apache.hadoop.mapred.Task.CombinerRunner;
import org.apache.hadoop.util.Progressable;

/**
 * How one map task writes its files for the shuffle, spills and final output alike: one IFile
 * segment per partition, in partition order ({@link IFile.Writer}: records as vint key length,
 * vint value length, key, value; an EOF marker; a CRC32 trailer; compressed when map output
 * compression is on), and an index of the segments ({@link SpillRecord}: offset, raw and on-disk
 * length). It holds what every writer needs (the job, the local file system, the task's
 * {@link MapOutputFile}, the classes, the codec, the {@code SPILLED_RECORDS} counter, the combiner).
 */
final class SegmentFormat {

  /** Writes the records of one partition into its segment. */
  interface PartitionWriter {
    void write(int partition, IFile.Writer<Object, Object> segment)
        throws IOException, InterruptedException, ClassNotFoundException;
  }

  final JobConf job;
  final RawLocalFileSystem localFs;
  final MapOutputFile files;
  final int partitions;
  final Class<Object> keyClass;
  final Class<Object> valueClass;
  final CompressionCodec codec;
  final Counters.Counter spilledRecords;
  final Progressable progress;
  private final CombinerRunner<Object, Object> combiner;
  private final CombineOutputCollector<Object, Object> combineCollector;

  /** {@code combiner} and {@code combineCollector} are null without a combiner. */
  SegmentFormat(JobConf job, RawLocalFileSystem localFs, MapOutputFile files, int partitions, Class<Object> keyClass,
      Class<Object> valueClass, CompressionCodec codec, Counters.Counter spilledRecords,
      CombinerRunner<Object, Object> combiner, CombineOutputCollector<Object, Object> combineCollector,
      Progressable progress) {
    this.job = job;
    this.localFs = localFs;
    this.files = files;
    this.partitions = partitions;
    this.keyClass = keyClass;
    this.valueClass = valueClass;
    this.codec = codec;
    this.spilledRecords = spilledRecords;
    this.combiner = combiner;
    this.combineCollector = combineCollector;
    this.progress = progress;
  }

  boolean hasCombiner() {
    return combiner != null;
  }

  /** Runs sorted records through the combiner into {@code segment}. */
  void combine(RawKeyValueIterator records, IFile.Writer<Object, Object> segment)
      throws IOException, InterruptedException, ClassNotFoundException {
    combineCollector.setWriter(segment);
    combiner.combine(records, combineCollector);
  }

  /** Writes {@code file}: one segment per partition, each filled by {@code writer}; returns their index. */
  SpillRecord write(Path file, PartitionWriter writer) throws IOException, InterruptedException, ClassNotFoundException {
    SpillRecord index = new SpillRecord(partitions);
    try (FSDataOutputStream out = localFs.create(file, true, 4096)) {
      for (int p = 0; p < partitions; p++) {
        long segmentStart = out.getPos();
        IFile.Writer<Object, Object> segment = new IFile.Writer<>(job, out, keyClass, valueClass, codec, spilledRecords);
        boolean closed = false;
        try {
          writer.write(p, segment);
          closed = true;
          segment.close();
        } finally {
          if (!closed) {
            closeAfterFailure(segment);
          }
        }
        index.putIndex(new IndexRecord(segmentStart, segment.getRawLength(), segment.getCompressedLength()), p);
      }
    }
    return index;
  }

  /** Returns the writer's compressor, if any, after a failure; the first failure is what counts. */
  private static void closeAfterFailure(IFile.Writer<Object, Object> segment) {
    try {
      segment.close();
    } catch (IOException | RuntimeException suppressed) {
      // the failure that got us here is being thrown
    }
  }
}
