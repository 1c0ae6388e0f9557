package io.logcount.jobs.distinctby;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.Text;

import io.logcount.jobs.common.CountingMapper;
import io.logcount.jobs.common.LogRecord;
import io.logcount.jobs.common.LogSettings;
import io.logcount.log.TimeBucket;

/**
 * Counts events per (key, value) pair: the key is a column or the event's UTC day or hour, the
 * value a column (the user ID by default). The map output key is {@code key 0x00 value}: bytes
 * sort as the key alone would, a key's pairs stay together, and {@link KeyPartitioner} sends
 * them all to one reducer, which counts its distinct values exactly ({@link DistinctByReducer}).
 * A key holding a NUL byte could not be told from its value: such a record is not counted
 * under a wrong key but reported as malformed.
 */
public class DistinctByMapper extends CountingMapper {

  /** What records are grouped by: a column (name or 0-based index), {@code day} or {@code hour} (UTC). No default. */
  public static final String KEY = "logcount.distinct-by.key";
  /** The column whose distinct values are counted per key; default: the user column ({@code logcount.user-column}). */
  public static final String VALUE = "logcount.distinct-by.value";

  /** Between key and value in the map output key: the smallest byte, so pairs sort as their keys. */
  static final byte SEPARATOR = 0;
  private static final byte[] SEPARATOR_BYTES = {SEPARATOR};

  private GroupKey groupKey;

  /** The time bucket {@link #KEY} names, or null when it names a column. */
  public static TimeBucket getBucket(Configuration conf) {
    String key = conf.getTrimmed(KEY);
    if (key == null) {
      throw new IllegalArgumentException(KEY + " is not set: give distinct-by --key COLUMN|day|hour");
    }
    return "day".equalsIgnoreCase(key) ? TimeBucket.DAY : "hour".equalsIgnoreCase(key) ? TimeBucket.HOUR : null;
  }

  /** The columns: the value, then the key column unless the key is a time bucket; validated. */
  static int[] getColumns(Configuration conf) {
    int value = conf.getTrimmed(VALUE) == null ? LogSettings.userColumn(conf) : LogSettings.column(conf, VALUE, null);
    if (getBucket(conf) != null) {
      return new int[] {value};
    }
    return new int[] {value, LogSettings.column(conf, KEY, null)};
  }

  @Override
  protected void setup(Context context) throws java.io.IOException, InterruptedException {
    groupKey = new GroupKey(context.getConfiguration());
    super.setup(context);
  }

  @Override
  protected int[] columns(Configuration conf) {
    return getColumns(conf);
  }

  @Override
  protected boolean needsTime(Configuration conf) {
    return getBucket(conf) != null;
  }

  @Override
  protected boolean key(LogRecord record, Text pair) {
    if (!groupKey.set(record, pair)) {
      return false;
    }
    pair.append(SEPARATOR_BYTES, 0, 1);
    pair.append(record.bytes(), record.start(0), record.fieldLength(0));
    return true;
  }
}
