package io.logcount.jobs.common;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.Text;

import io.logcount.log.FieldsLocator;
import io.logcount.log.LineKind;
import io.logcount.log.LogSchema;
import io.logcount.log.TimeWindow;
import io.logcount.log.Timestamps;
import io.logcount.log.TsvFieldLocator;

/**
 * One valid line as a job sees it: its bytes, where each column the job asked for lies in
 * them, and its time when the job needs it. Reused for every line of a task; nothing is copied
 * (a job that keeps a field copies it, e.g. into a reused {@link Text}).
 *
 * <p>All needed columns are found in one pass ({@link FieldsLocator}); a job needing one column
 * and no time keeps the one-column fast path ({@link TsvFieldLocator}).
 */
public final class LogRecord {

  /** What {@link #classify} made of a line. */
  enum Verdict {
    RECORD, BLANK, MALFORMED, BAD_TIMESTAMP, OUT_OF_WINDOW
  }

  private int[] columns;
  private TsvFieldLocator single;
  private FieldsLocator several;
  private boolean timed;
  private int timeColumn;
  private TimeWindow window;
  private byte[] bytes;
  private int length;
  private long time = Timestamps.INVALID;

  /**
   * @param columns the 0-based columns the job reads, in the order it refers to them
   * @param needsTime whether the job reads the event time; also true whenever a time window is set
   */
  void configure(Configuration conf, int[] columns, boolean needsTime) {
    if (columns.length == 0) {
      throw new IllegalArgumentException("a job needs at least one column");
    }
    LogSchema schema = LogSettings.schema(conf);
    this.columns = columns.clone();
    this.window = LogSettings.window(conf);
    this.timed = needsTime || !window.isUnbounded();
    if (!timed && columns.length == 1) {
      single = new TsvFieldLocator(columns[0], schema.delimiter());
      return;
    }
    int[] all = columns;
    if (timed) {
      timeColumn = LogSettings.timeColumn(conf);
      all = java.util.Arrays.copyOf(columns, columns.length + 1);
      all[columns.length] = timeColumn;
    }
    several = new FieldsLocator(schema.delimiter(), all);
  }

  Verdict classify(Text line) {
    bytes = line.getBytes();
    length = line.getLength();
    LineKind kind = single != null ? single.locate(bytes, 0, length) : several.locate(bytes, 0, length);
    if (kind == LineKind.BLANK) {
      return Verdict.BLANK;
    }
    if (kind == LineKind.MALFORMED) {
      return Verdict.MALFORMED;
    }
    if (timed) {
      time = Timestamps.parse(bytes, several.start(timeColumn), several.length(timeColumn));
      if (time == Timestamps.INVALID) {
        return Verdict.BAD_TIMESTAMP;
      }
      if (!window.contains(time)) {
        return Verdict.OUT_OF_WINDOW;
      }
    }
    return Verdict.RECORD;
  }

  /** The line's bytes (valid up to {@link #length()}). */
  public byte[] bytes() {
    return bytes;
  }

  /** The line's length in bytes. */
  public int length() {
    return length;
  }

  /** Start offset in {@link #bytes()} of the {@code i}-th column the job asked for. */
  public int start(int i) {
    return single != null ? single.start() : several.start(columns[i]);
  }

  /** Length of the {@code i}-th column the job asked for. */
  public int fieldLength(int i) {
    return single != null ? single.length() : several.length(columns[i]);
  }

  /** Copies the {@code i}-th column the job asked for into {@code into}. */
  public void copyField(int i, Text into) {
    into.set(bytes, start(i), fieldLength(i));
  }

  /** The event time, epoch milliseconds UTC; only for a job that asked for the time. */
  public long time() {
    if (!timed) {
      throw new IllegalStateException("the job did not ask for the time (LogMapper.needsTime)");
    }
    return time;
  }
}
