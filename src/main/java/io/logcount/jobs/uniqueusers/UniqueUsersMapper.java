package io.logcount.jobs.uniqueusers;

import java.io.IOException;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Counter;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.Partitioner;
import org.apache.hadoop.util.ReflectionUtils;

import io.logcount.jobs.MalformedLines;
import io.logcount.jobs.RecordCounter;
import io.logcount.log.LineKind;
import io.logcount.log.TsvFieldLocator;
import io.logcount.sevenz.LineOrigin;

/**
 * Emits {@code (UserID, events)} for the valid events of its split; counts blank lines; counts
 * malformed lines and writes them, with their origin, to the {@link MalformedLines} side output.
 *
 * <p>The user ID is located in the line's bytes in place (no String, no UTF-8 decoding). Events
 * are summed per user inside the mapper ({@link UserCounts}, keyed by the raw bytes, at most
 * {@link #AGGREGATE_USERS} users), which is flushed to the map output when full and at the end
 * of the split: a user seen many times in a split is serialized, sorted and combined once, not
 * once per event. With {@link #AGGREGATE_USERS} 0 it emits {@code (UserID, 1)} per event.
 */
public class UniqueUsersMapper extends Mapper<LineOrigin, Text, Text, LongWritable> {

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

  /**
   * Most distinct users the mapper sums in memory before it flushes them to the map output; 0
   * turns the in-mapper sums off. The table grows with the users a split has, up to about 76
   * bytes per user (IDs of up to {@value #KEY_BYTES_PER_USER} bytes on average): 40 MB per
   * running map at the default.
   */
  public static final String AGGREGATE_USERS = "logcount.unique-users.aggregate-users";
  /** Default of {@link #AGGREGATE_USERS}: 2^19 users. */
  public static final int DEFAULT_AGGREGATE_USERS = 1 << 19;
  /** Bytes of user IDs the in-mapper table holds per user it holds, on average. */
  static final int KEY_BYTES_PER_USER = 16;

  /** Sets {@link #AGGREGATE_USERS}. */
  public static void setAggregateUsers(Configuration conf, int users) {
    conf.setInt(AGGREGATE_USERS, users);
  }

  /** {@link #AGGREGATE_USERS}, validated. */
  public static int getAggregateUsers(Configuration conf) {
    int users = conf.getInt(AGGREGATE_USERS, DEFAULT_AGGREGATE_USERS);
    if (users < 0 || users > (1 << 24)) {
      throw new IllegalArgumentException(AGGREGATE_USERS + " must be 0 (off) to 16777216 users, got "
          + users);
    }
    return users;
  }

  private static final LongWritable ONE = new LongWritable(1);

  private final Text user = new Text();
  private final LongWritable events = new LongWritable();
  private UserCounts sums;
  /** The job's partitioner when there are several reduces (the flush sorts by partition). */
  private Partitioner<Text, LongWritable> partitioner;
  private int reduces;
  private TsvFieldLocator locator;
  private MalformedLines malformed;
  private Counter records;
  private Counter malformedLines;
  private Counter blankLines;
  private Counter tooLong;

  @Override
  @SuppressWarnings("unchecked")
  protected void setup(Context context) throws IOException {
    Configuration conf = context.getConfiguration();
    locator = new TsvFieldLocator(getUserColumn(conf));
    int aggregate = getAggregateUsers(conf);
    sums = aggregate == 0 ? null : new UserCounts(aggregate, aggregate * KEY_BYTES_PER_USER);
    reduces = context.getNumReduceTasks();
    if (sums != null && reduces > 1) {
      try {
        partitioner = (Partitioner<Text, LongWritable>) ReflectionUtils.newInstance(
            context.getPartitionerClass(), conf);
      } catch (ClassNotFoundException e) {
        throw new IOException("the job's partitioner class cannot be loaded: " + e.getMessage(), e);
      }
    }
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
        records.increment(1);
        if (sums == null) {
          user.set(bytes, locator.start(), locator.length());
          context.write(user, ONE);
        } else if (!sums.add(bytes, locator.start(), locator.length(), 1)) {
          flush(context);
          if (!sums.add(bytes, locator.start(), locator.length(), 1)) {
            // An ID longer than the whole table: pass it on unsummed.
            user.set(bytes, locator.start(), locator.length());
            context.write(user, ONE);
          }
        }
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

  /**
   * Writes every user summed so far with its events, sorted by partition and user ID as the
   * map output's sort wants them ({@link io.logcount.jobs.PresortedSorter} then finds them in
   * order), and empties the table.
   */
  private void flush(Context context) throws IOException, InterruptedException {
    byte[] keys = sums.keyBytes();
    int n = sums.size();
    boolean partitioned = partitioner != null;
    if (partitioned) {
      int[] partitions = sums.partitions();
      for (int i = 0; i < n; i++) {
        user.set(keys, sums.keyOffset(i), sums.keyLength(i));
        events.set(sums.count(i));
        partitions[i] = partitioner.getPartition(user, events, reduces);
      }
    }
    int[] order = sums.sort(partitioned);
    for (int k = 0; k < n; k++) {
      int i = order[k];
      user.set(keys, sums.keyOffset(i), sums.keyLength(i));
      events.set(sums.count(i));
      context.write(user, events);
    }
    sums.clear();
  }

  @Override
  protected void cleanup(Context context) throws IOException, InterruptedException {
    if (sums != null) {
      flush(context);
    }
    if (malformed != null) {
      malformed.close();
    }
  }
}
