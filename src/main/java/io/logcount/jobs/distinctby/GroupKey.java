package io.logcount.jobs.distinctby;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.Text;

import io.logcount.jobs.common.LogRecord;
import io.logcount.log.TimeBucket;

/**
 * The key distinct-by groups a record under, cut from it: the key column (the record's second
 * column, see {@link DistinctByMapper#getColumns}) or the label of the event's UTC day or hour.
 * Shared by the exact and the approximate mappers, so both count the same records under the
 * same keys.
 */
final class GroupKey {

  private final TimeBucket bucket;
  private final byte[] label = new byte[16];

  GroupKey(Configuration conf) {
    bucket = DistinctByMapper.getBucket(conf);
  }

  /**
   * Sets {@code into} to the record's key; returns false if the key column holds a NUL byte
   * (the exact path's separator: such a record is malformed on both paths).
   */
  boolean set(LogRecord record, Text into) {
    if (bucket != null) {
      into.set(label, 0, bucket.writeLabel(record.time(), label, 0));
      return true;
    }
    byte[] line = record.bytes();
    int start = record.start(1);
    int length = record.fieldLength(1);
    for (int i = start; i < start + length; i++) {
      if (line[i] == DistinctByMapper.SEPARATOR) {
        return false;
      }
    }
    into.set(line, start, length);
    return true;
  }
}
