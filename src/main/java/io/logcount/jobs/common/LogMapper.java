package io.logcount.jobs.common;

import java.io.IOException;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Counter;
import org.apache.hadoop.mapreduce.Mapper;

import io.logcount.input.LineOrigin;
import io.logcount.log.LineKind;

/**
 * The mapper every log job extends. It owns what all of them do with a line before it is a
 * record: skipped-folder reports go to {@code skipped/} and are never counted as lines or
 * records; over-long lines, blank lines and lines missing a column the job needs are counted
 * ({@link RecordCounter}) and the malformed ones written with their origin to
 * {@code malformed/}. A job implements only {@link #record}: what it does with a valid record.
 *
 * <p>So every line a reader delivers lands in exactly one of RECORDS, MALFORMED or BLANK_LINES,
 * whatever the job.
 */
public abstract class LogMapper<KEYOUT, VALUEOUT> extends Mapper<LineOrigin, Text, KEYOUT, VALUEOUT> {

  private final LogRecord record = new LogRecord();
  private MalformedLines malformed;
  private Counter records;
  private Counter malformedLines;
  private Counter blankLines;
  private Counter tooLong;

  /**
   * The 0-based columns this job needs, read from the job's settings; a line missing any of
   * them, or with one empty, is malformed. {@link LogRecord#start(int)} and friends take the
   * position in this array.
   */
  protected abstract int[] columns(Configuration conf);

  /** What the job does with one valid record. */
  protected abstract void record(LogRecord record, Context context) throws IOException, InterruptedException;

  @Override
  protected void setup(Context context) throws IOException, InterruptedException {
    record.configure(columns(context.getConfiguration()));
    malformed = new MalformedLines(context);
    records = context.getCounter(RecordCounter.RECORDS);
    malformedLines = context.getCounter(RecordCounter.MALFORMED);
    blankLines = context.getCounter(RecordCounter.BLANK_LINES);
    tooLong = context.getCounter(RecordCounter.LINES_TOO_LONG);
  }

  @Override
  protected final void map(LineOrigin origin, Text line, Context context) throws IOException, InterruptedException {
    if (origin.corruptFolder()) {
      writeMalformed(origin, line); // the report of a skipped folder, to skipped/: not a line
      return;
    }
    if (origin.truncated()) {
      tooLong.increment(1);
      malformedLines.increment(1);
      writeMalformed(origin, line);
      return;
    }
    LineKind kind = record.locate(line);
    if (kind == LineKind.VALID) {
      records.increment(1);
      record(record, context);
    } else if (kind == LineKind.BLANK) {
      blankLines.increment(1);
    } else {
      malformedLines.increment(1);
      writeMalformed(origin, line);
    }
  }

  /** Sends a malformed line (or a skipped-folder report) to its side output; tests override it. */
  protected void writeMalformed(LineOrigin origin, Text line) throws IOException, InterruptedException {
    malformed.write(origin, line);
  }

  @Override
  protected void cleanup(Context context) throws IOException, InterruptedException {
    if (malformed != null) {
      malformed.close();
    }
  }
}
