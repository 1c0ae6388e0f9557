package io.logcount.jobs.common;

import java.io.IOException;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Counter;
import org.apache.hadoop.mapreduce.Mapper;

import io.logcount.input.LineOrigin;

/**
 * The mapper every log job extends. It owns what all of them do with a line before it is a
 * record: skipped-folder reports go to {@code skipped/} and are never counted as lines or
 * records; over-long lines, blank lines and lines missing a column the job needs are counted
 * ({@link RecordCounter}) and the malformed ones written with their origin to
 * {@code malformed/}. A job implements only {@link #record}: what it does with a valid record.
 *
 * <p>A job that needs the event time (or any job given a time window) also gets lines whose
 * timestamp does not parse reported as malformed, and events outside the window counted as
 * OUT_OF_WINDOW. With {@code logcount.skip-header} the first line of each file or entry is
 * counted as HEADER_LINES. So every line a reader delivers lands in exactly one of RECORDS,
 * MALFORMED, BLANK_LINES, OUT_OF_WINDOW or HEADER_LINES, whatever the job.
 */
public abstract class LogMapper<KEYOUT, VALUEOUT> extends Mapper<LineOrigin, Text, KEYOUT, VALUEOUT> {

  private final LogRecord record = new LogRecord();
  private MalformedLines malformed;
  private Counter records;
  private Counter malformedLines;
  private Counter blankLines;
  private Counter tooLong;
  private Counter badTimestamps;
  private Counter outOfWindow;
  private Counter headerLines;
  private boolean skipHeader;

  /**
   * The 0-based columns this job needs, read from the job's settings; a line missing any of
   * them, or with one empty, is malformed. {@link LogRecord#start(int)} and friends take the
   * position in this array.
   */
  protected abstract int[] columns(Configuration conf);

  /** Whether the job reads the event time ({@link LogRecord#time()}); false by default. */
  protected boolean needsTime(Configuration conf) {
    return false;
  }

  /**
   * What the job does with one valid record. Returns false if the job finds it malformed after
   * all (a value it cannot use): the base then counts and reports it as malformed instead.
   */
  protected abstract boolean record(LogRecord record, Context context) throws IOException, InterruptedException;

  @Override
  protected void setup(Context context) throws IOException, InterruptedException {
    Configuration conf = context.getConfiguration();
    record.configure(conf, columns(conf), needsTime(conf));
    skipHeader = LogSettings.skipHeader(conf);
    malformed = new MalformedLines(context);
    records = context.getCounter(RecordCounter.RECORDS);
    malformedLines = context.getCounter(RecordCounter.MALFORMED);
    blankLines = context.getCounter(RecordCounter.BLANK_LINES);
    tooLong = context.getCounter(RecordCounter.LINES_TOO_LONG);
    badTimestamps = context.getCounter(RecordCounter.BAD_TIMESTAMPS);
    outOfWindow = context.getCounter(RecordCounter.OUT_OF_WINDOW);
    headerLines = context.getCounter(RecordCounter.HEADER_LINES);
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
    if (skipHeader && origin.offset() == 0) {
      headerLines.increment(1); // the first line of a file or entry
      return;
    }
    switch (record.classify(line)) {
      case RECORD:
        if (record(record, context)) {
          records.increment(1);
        } else {
          malformedLines.increment(1);
          writeMalformed(origin, line);
        }
        break;
      case BLANK:
        blankLines.increment(1);
        break;
      case OUT_OF_WINDOW:
        outOfWindow.increment(1);
        break;
      case BAD_TIMESTAMP:
        badTimestamps.increment(1);
        malformedLines.increment(1);
        writeMalformed(origin, line);
        break;
      default:
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
