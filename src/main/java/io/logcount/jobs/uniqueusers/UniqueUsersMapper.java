package io.logcount.jobs.uniqueusers;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.Text;

import io.logcount.jobs.common.CountingMapper;
import io.logcount.jobs.common.LogRecord;

/**
 * Counts one event per valid record under its user ID, cut from the line's bytes (no String,
 * no UTF-8 decoding).
 */
public class UniqueUsersMapper extends CountingMapper {

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

  @Override
  protected int[] columns(Configuration conf) {
    return new int[] {getUserColumn(conf)};
  }

  @Override
  protected boolean key(LogRecord record, Text user) {
    record.copyField(0, user);
    return true;
  }
}
