package io.logcount.jobs.uniqueusers;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.Text;

import io.logcount.jobs.common.CountingMapper;
import io.logcount.jobs.common.LogRecord;
import io.logcount.jobs.common.LogSettings;

/**
 * Counts one event per valid record under its user ID ({@code logcount.user-column}), cut from
 * the line's bytes (no String, no UTF-8 decoding).
 */
public class UniqueUsersMapper extends CountingMapper {

  @Override
  protected int[] columns(Configuration conf) {
    return new int[] {LogSettings.userColumn(conf)};
  }

  @Override
  protected boolean key(LogRecord record, Text user) {
    record.copyField(0, user);
    return true;
  }
}
