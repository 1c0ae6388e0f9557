package io.logcount.jobs.uniqueusers;

import java.io.IOException;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.VLongWritable;
import org.apache.hadoop.mapreduce.Counter;
import org.apache.hadoop.mapreduce.Mapper;

import io.logcount.jobs.MalformedLines;
import io.logcount.jobs.RecordCounter;
import io.logcount.log.LineKind;
import io.logcount.log.TsvFieldLocator;
import io.logcount.input.LineOrigin;

/**
 * Emits {@code (UserID, 1)} for every valid event; counts blank lines; counts malformed lines
 * and writes them, with their origin, to the {@link MalformedLines} side output.
 *
 * <p>The user ID is cut from the line's bytes in place (no String, no UTF-8 decoding) into a
 * reused {@link Text}.
 */
public class UniqueUsersMapper extends Mapper<LineOrigin, Text, Text, VLongWritable> {

  /** 0-based index of the tab-separated field holding the user ID. Default 1. */
  public static final String USER_COLUMN = "logcount.user-column";
  /** Default of {@link #USER_COLUMN}: the second field ({@code AuctionID UserID ...}). */
  public static final int DEFAULT_USER_COLUMN = 1;

  /** Sets {@link #USER_COLUMN}. */
  public static void setUserColumn(Configuration conf, int column) {
    conf.setInt(USER_COLUMN, column);
  }

  /** {@link #USER_COLUMN}, validated. */
  public static int getUserColumn(Configuration conf) {
    int column = conf.getInt(USER_COLUMN, DEFAULT_USER_COLUMN);
    if (column < 0) {
      throw new IllegalArgumentException(USER_COLUMN + " must be >= 0 (0-based field index), got " + column);
    }
    return column;
  }

  private static final VLongWritable ONE = new VLongWritable(1);

  private final Text user = new Text();
  private TsvFieldLocator locator;
  private MalformedLines malformed;
  private Counter records;
  private Counter malformedLines;
  private Counter blankLines;
  private Counter tooLong;

  @Override
  protected void setup(Context context) {
    locator = new TsvFieldLocator(getUserColumn(context.getConfiguration()));
    malformed = new MalformedLines(context);
    records = context.getCounter(RecordCounter.RECORDS);
    malformedLines = context.getCounter(RecordCounter.MALFORMED);
    blankLines = context.getCounter(RecordCounter.BLANK_LINES);
    tooLong = context.getCounter(RecordCounter.LINES_TOO_LONG);
  }

  @Override
  protected void map(LineOrigin origin, Text line, Context context) throws IOException, InterruptedException {
    if (origin.corruptFolder()) {
      writeMalformed(origin, line); // the report of a skipped folder, to skipped/
      return;
    }
    if (origin.truncated()) {
      tooLong.increment(1);
      malformedLines.increment(1);
      writeMalformed(origin, line);
      return;
    }
    byte[] bytes = line.getBytes();
    LineKind kind = locator.locate(bytes, 0, line.getLength());
    switch (kind) {
      case VALID:
        user.set(bytes, locator.start(), locator.length());
        context.write(user, ONE);
        records.increment(1);
        break;
      case BLANK:
        blankLines.increment(1);
        break;
      default:
        malformedLines.increment(1);
        writeMalformed(origin, line);
    }
  }

  /** Sends a malformed line to the side output (tests override this to capture it). */
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
