package io.logcount.mapout;

import java.io.IOException;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.io.DataOutputBuffer;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.WritableUtils;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.DefaultCodec;
import org.apache.hadoop.io.serializer.SerializationFactory;
import org.apache.hadoop.io.serializer.Serializer;
import org.apache.hadoop.mapred.Counters;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapred.MapOutputCollector;
import org.apache.hadoop.mapred.MapTask;
import org.apache.hadoop.mapred.Task.CombineOutputCollector;
import org.apache.hadoop.mapred.Task.CombinerRunner;
import org.apache.hadoop.mapred.Task.TaskReporter;
import org.apache.hadoop.mapreduce.MRJobConfig;
import org.apache.hadoop.mapreduce.TaskCounter;
import org.apache.hadoop.util.ReflectionUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The map output collector for {@link Text} keys sorted by their bytes (what
 * {@link CollectorSupport} accepts): records go into a {@link RecordBuffer}; when it is full, and
 * at the end, they are sorted by {@link RadixSorter} and written by {@link SpillWriter}; at the
 * end {@link Spills} makes the task's output. Spills happen in the map's own thread (Hadoop's
 * buffer spills in a second thread while the map goes on: on our 2-core machines both cores run
 * maps already, and most tasks spill once, at the end).
 *
 * <p>Counters as Hadoop's buffer keeps them: {@code MAP_OUTPUT_RECORDS} and
 * {@code MAP_OUTPUT_BYTES} (serialized key and value bytes; added at each spill, not per record),
 * {@code SPILLED_RECORDS} (by the IFile writers and the merge), {@code COMBINE_INPUT_RECORDS} and
 * {@code COMBINE_OUTPUT_RECORDS} (by Hadoop's combiner runner and collector),
 * {@code MAP_OUTPUT_MATERIALIZED_BYTES} (the length of {@code file.out}).
 */
final class TextKeyCollector<K, V> implements MapOutputCollector<K, V> {

  private static final Logger LOG = LoggerFactory.getLogger(TextKeyCollector.class);
  private static final int RECORDS_PER_PROGRESS = 1 << 12;

  private TaskReporter reporter;
  private int partitions;
  private Class<?> valueClass;
  private RecordBuffer buffer;
  private final RadixSorter sorter = new RadixSorter();
  private RadixSorter.KeyOrder keyOrder;
  private SpillWriter writer;
  private Spills spills;
  private RawLocalFileSystem localFs;
  private Serializer<Object> valueSerializer;
  private Counters.Counter outputRecords;
  private Counters.Counter outputBytes;
  private Counters.Counter materializedBytes;
  private Counters.Counter radixSpills;
  /** Records and bytes collected since the counters were last brought up to date. */
  private long pendingRecords;
  private long pendingBytes;

  @Override
  @SuppressWarnings("unchecked")
  public void init(MapOutputCollector.Context context) throws IOException, ClassNotFoundException {
    JobConf job = context.getJobConf();
    reporter = context.getReporter();
    MapTask task = context.getMapTask();
    partitions = job.getNumReduceTasks();
    float spillPercent = job.getFloat(MRJobConfig.MAP_SORT_SPILL_PERCENT, 0.8f);
    if (spillPercent > 1.0f || spillPercent <= 0.0f) {
      throw new IOException("Invalid \"" + MRJobConfig.MAP_SORT_SPILL_PERCENT + "\": " + spillPercent
          + " (a share of the sort buffer, more than 0 and at most 1)");
    }
    int sortMb = job.getInt(MRJobConfig.IO_SORT_MB, MRJobConfig.DEFAULT_IO_SORT_MB);
    if ((sortMb & 0x7FF) != sortMb || sortMb == 0) {
      throw new IOException("Invalid \"" + MRJobConfig.IO_SORT_MB + "\": " + sortMb + " (1 to 2047 MB)");
    }
    valueClass = job.getMapOutputValueClass();
    SerializationFactory serializations = new SerializationFactory(job);
    buffer = new RecordBuffer((long) sortMb << 20, spillPercent, serializations.getSerializer(valueClass));
    valueSerializer = (Serializer<Object>) serializations.getSerializer(valueClass);
    keyOrder = buffer::compareKeys;
    localFs = (RawLocalFileSystem) FileSystem.getLocal(job).getRaw();

    CompressionCodec codec = null;
    if (job.getCompressMapOutput()) {
      codec = ReflectionUtils.newInstance(job.getMapOutputCompressorClass(DefaultCodec.class), job);
    }
    outputRecords = reporter.getCounter(TaskCounter.MAP_OUTPUT_RECORDS);
    outputBytes = reporter.getCounter(TaskCounter.MAP_OUTPUT_BYTES);
    materializedBytes = reporter.getCounter(TaskCounter.MAP_OUTPUT_MATERIALIZED_BYTES);
    radixSpills = reporter.getCounter(MapOutputCounter.RADIX_SPILLS);
    Counters.Counter spilled = reporter.getCounter(TaskCounter.SPILLED_RECORDS);
    CombinerRunner<Object, Object> combiner = CombinerRunner.create(job, task.getTaskID(),
        reporter.getCounter(TaskCounter.COMBINE_INPUT_RECORDS), reporter, null);
    CombineOutputCollector<Object, Object> combineCollector = combiner == null ? null
        : new CombineOutputCollector<>(reporter.getCounter(TaskCounter.COMBINE_OUTPUT_RECORDS), reporter, job);
    Class<Object> keyClass = (Class<Object>) (Class<?>) Text.class;
    Class<Object> values = (Class<Object>) valueClass;
    SegmentFormat format = new SegmentFormat(job, localFs, task.getMapOutputFile(), partitions, keyClass, values,
        codec, spilled, combiner, combineCollector, reporter);
    writer = new SpillWriter(format);
    spills = new Spills(format, task.getTaskID(), task.getSortPhase());
    LOG.info("Radix-sorting map output collector: {} partitions, {} MB budget, spill at {}", partitions, sortMb,
        spillPercent);
  }

  @Override
  public void collect(K key, V value, int partition) throws IOException, InterruptedException {
    if (key.getClass() != Text.class) {
      throw new IOException("Type mismatch in key from map: expected " + Text.class.getName() + ", received "
          + key.getClass().getName());
    }
    if (value.getClass() != valueClass) {
      throw new IOException("Type mismatch in value from map: expected " + valueClass.getName() + ", received "
          + value.getClass().getName());
    }
    if (partition < 0 || partition >= partitions) {
      throw new IOException("Illegal partition for " + key + " (" + partition + ")");
    }
    Text text = (Text) key;
    int size;
    while ((size = buffer.add(text, value, partition)) < 0) {
      if (buffer.canGrow()) {
        buffer.grow(text.getLength() + 16);
      } else if (!buffer.isEmpty()) {
        spill();
      } else {
        spillSingle(text, value, partition);
        return;
      }
    }
    pendingBytes += size;
    if ((++pendingRecords & (RECORDS_PER_PROGRESS - 1)) == 0) {
      reporter.progress();
    }
    if (buffer.full()) {
      spill();
    }
  }

  private void spill() throws IOException, InterruptedException {
    int count = buffer.count();
    int[] bounds = sorter.sort(count, partitions, buffer.partitions(), buffer.prefixes(), buffer.sortKeys(),
        buffer.order(), buffer.orderScratch(), keyOrder);
    try {
      spills.add(writer.writeSorted(buffer, buffer.order(), bounds, spills.next()));
    } catch (ClassNotFoundException e) {
      throw new IOException("the combiner's classes: " + e.getMessage(), e);
    }
    LOG.info("Spill {}: {} records, {} bytes", spills.next() - 1, count, buffer.dataBytes());
    buffer.clear();
    radixSpills.increment(1);
    updateCounters();
  }

  /** A record larger than the buffer can ever hold: a spill of its own, as Hadoop's buffer does. */
  private void spillSingle(Text key, V value, int partition) throws IOException, InterruptedException {
    DataOutputBuffer record = new DataOutputBuffer();
    key.write(record);
    int keyLength = record.getLength();
    valueSerializer.open(record);
    valueSerializer.serialize(value);
    int length = record.getLength();
    LOG.info("Record of {} bytes too large for the sort buffer: spilled alone", length);
    try {
      spills.add(writer.writeSingle(record.getData(), keyLength, length, partition, spills.next()));
    } catch (ClassNotFoundException e) { // the combiner's: never run for one record
      throw new IOException("spilling a record of " + length + " bytes: " + e, e);
    }
    pendingRecords++;
    // Hadoop's buffer counts what its writer wrote for this record: the IFile framing too
    pendingBytes += length + WritableUtils.getVIntSize(keyLength) + WritableUtils.getVIntSize(length - keyLength);
    updateCounters();
  }

  private void updateCounters() {
    outputRecords.increment(pendingRecords);
    outputBytes.increment(pendingBytes);
    pendingRecords = 0;
    pendingBytes = 0;
  }

  @Override
  public void flush() throws IOException, InterruptedException, ClassNotFoundException {
    if (!buffer.isEmpty()) {
      spill();
    }
    updateCounters();
    buffer = null; // free the sort buffer before the merge, as Hadoop does
    Path output = spills.finish();
    materializedBytes.increment(localFs.getFileStatus(output).getLen());
  }

  @Override
  public void close() {
    buffer = null;
  }
}
