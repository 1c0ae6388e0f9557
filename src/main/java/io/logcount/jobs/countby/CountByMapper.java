package io.logcount.jobs.countby;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.Text;

import io.logcount.jobs.common.CountingMapper;
import io.logcount.jobs.common.LogRecord;
import io.logcount.jobs.common.LogSettings;

/** Counts one event per valid record under the value of its {@link #COLUMN}. */
public class CountByMapper extends CountingMapper {

  /** The column whose values {@code count-by} counts: a name of the schema or a 0-based index. No default. */
  public static final String COLUMN = "logcount.count-by.column";

  /** {@link #COLUMN} as a 0-based index, validated against the schema. */
  public static int getColumn(Configuration conf) {
    if (conf.getTrimmed(COLUMN) == null) {
      throw new IllegalArgumentException(COLUMN + " is not set: give count-by --column NAME");
    }
    return LogSettings.column(conf, COLUMN, null);
  }

  @Override
  protected int[] columns(Configuration conf) {
    return new int[] {getColumn(conf)};
  }

  @Override
  protected boolean key(LogRecord record, Text value) {
    record.copyField(0, value);
    return true;
  }
}
