package io.logcount.mapred;

import java.io.IOException;
import java.io.InterruptedIOException;

import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapred.RecordReader;
import org.apache.hadoop.mapred.Reporter;
import org.apache.hadoop.mapreduce.Counter;
import org.apache.hadoop.mapreduce.MRJobConfig;
import org.apache.hadoop.mapreduce.StatusReporter;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.counters.GenericCounter;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormatCounter;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;
import org.apache.hadoop.util.ReflectionUtils;

/**
 * The old-API face of a new-API record reader: {@link #createKey()} and {@link #createValue()}
 * return the reader's own (reused) key and value objects, so {@link #next} passes records on
 * without copying them. That is why the first record is read when this reader is made: most
 * new-API readers have no key or value object before their first record. A caller that passes
 * other objects (allowed by the old API, rare) gets copies, through serialization.
 *
 * <p>Counters the wrapped reader increments go to the task's {@link Reporter}, except "File
 * Input Format Counters: Bytes Read", which the framework fills itself for a FileSplit (see
 * {@link MapredSplit}). Under a {@code Reporter} without counters ({@link Reporter#NULL}, as
 * Spark passes) they are dropped.
 */
final class MapredRecordReader<K, V> implements RecordReader<K, V> {

  private final MapredInputFormatWrapper<K, V> format;
  private final org.apache.hadoop.mapreduce.RecordReader<K, V> reader;
  private final TaskAttemptContext context;
  private final JobConf job;
  private final long length;
  private K key;
  private V value;
  /** True while the record read ahead (in the constructor) has not been handed out. */
  private boolean pending;
  /** True once the wrapped reader said it has no more records: it is not asked again. */
  private boolean eof;
  private boolean closed;

  MapredRecordReader(MapredInputFormatWrapper<K, V> format, org.apache.hadoop.mapreduce.InputFormat<K, V> newFormat,
      MapredSplit split, JobConf job, Reporter reporter) throws IOException {
    this.format = format;
    this.job = job;
    this.length = split.getLength();
    this.context = new TaskAttemptContextImpl(job, taskAttemptId(job), new ReporterAdapter(reporter));
    org.apache.hadoop.mapreduce.RecordReader<K, V> created = null;
    try {
      created = newFormat.createRecordReader(split.getWrapped(), context);
      created.initialize(split.getWrapped(), context);
      this.reader = created;
      pending = advance();
      key = reader.getCurrentKey();
      value = reader.getCurrentValue();
    } catch (InterruptedException e) {
      closeQuietly(created);
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted opening " + split);
    } catch (IOException | RuntimeException | Error e) {
      closeQuietly(created);
      throw e;
    }
  }

  private static TaskAttemptID taskAttemptId(JobConf job) {
    String id = job.get(MRJobConfig.TASK_ATTEMPT_ID);
    try {
      TaskAttemptID parsed = id == null ? null : TaskAttemptID.forName(id);
      return parsed != null ? parsed : new TaskAttemptID();
    } catch (IllegalArgumentException e) {
      return new TaskAttemptID(); // Spark and others may set an ID of their own form
    }
  }

  private static void closeQuietly(org.apache.hadoop.mapreduce.RecordReader<?, ?> reader) {
    if (reader == null) {
      return;
    }
    try {
      reader.close();
    } catch (IOException | RuntimeException e) {
      // the failure being thrown is the one to report
    }
  }

  /** Moves the wrapped reader to its next accepted record; false at the end. */
  private boolean advance() throws IOException, InterruptedException {
    while (!eof && reader.nextKeyValue()) {
      if (format.accept(reader.getCurrentKey(), reader.getCurrentValue(), context)) {
        return true;
      }
    }
    eof = true;
    return false;
  }

  @Override
  public boolean next(K callerKey, V callerValue) throws IOException {
    K current;
    V currentValue;
    try {
      if (pending) {
        pending = false;
      } else if (!advance()) {
        return false;
      }
      current = reader.getCurrentKey();
      currentValue = reader.getCurrentValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted reading " + reader);
    }
    if (callerKey != current && callerKey != null) {
      ReflectionUtils.copy(job, current, callerKey);
    }
    if (callerValue != currentValue && callerValue != null) {
      ReflectionUtils.copy(job, currentValue, callerValue);
    }
    return true;
  }

  @Override
  public K createKey() {
    return key;
  }

  @Override
  public V createValue() {
    return value;
  }

  /** The split's bytes times the progress: the old API's position, for display only. */
  @Override
  public long getPos() throws IOException {
    return (long) (length * getProgress());
  }

  @Override
  public float getProgress() throws IOException {
    try {
      return reader.getProgress();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted asking the progress of " + reader);
    }
  }

  /** Closes the wrapped reader; safe to call twice. */
  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      reader.close();
    }
  }

  /** The old-API reporter seen as the new API's {@link StatusReporter}. */
  private static final class ReporterAdapter extends StatusReporter {
    private final Reporter reporter;

    ReporterAdapter(Reporter reporter) {
      this.reporter = reporter == null ? Reporter.NULL : reporter;
    }

    @Override
    public Counter getCounter(Enum<?> name) {
      if (name == FileInputFormatCounter.BYTES_READ) {
        return new GenericCounter(); // the framework counts it for a FileSplit
      }
      Counter counter = reporter.getCounter(name);
      return counter != null ? counter : new GenericCounter();
    }

    @Override
    public Counter getCounter(String group, String name) {
      Counter counter = reporter.getCounter(group, name);
      return counter != null ? counter : new GenericCounter();
    }

    @Override
    public void progress() {
      reporter.progress();
    }

    @Override
    public float getProgress() {
      return reporter.getProgress();
    }

    @Override
    public void setStatus(String status) {
      reporter.setStatus(status);
    }
  }
}
