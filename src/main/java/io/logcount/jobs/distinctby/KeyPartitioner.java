package io.logcount.jobs.distinctby;

import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.VLongWritable;
import org.apache.hadoop.io.WritableComparator;
import org.apache.hadoop.mapreduce.Partitioner;

/**
 * Partitions {@code key 0x00 value} pairs by their key alone, so every value of a key meets in
 * one reducer: what makes the distinct count per key exact with any number of reducers.
 */
public class KeyPartitioner extends Partitioner<Text, VLongWritable> {

  /** Length of the key part of a pair: the bytes before its first separator. */
  static int keyLength(byte[] pair, int length) {
    for (int i = 0; i < length; i++) {
      if (pair[i] == DistinctByMapper.SEPARATOR) {
        return i;
      }
    }
    return length;
  }

  @Override
  public int getPartition(Text pair, VLongWritable count, int partitions) {
    int hash = WritableComparator.hashBytes(pair.getBytes(), keyLength(pair.getBytes(), pair.getLength()));
    return (hash & Integer.MAX_VALUE) % partitions;
  }
}
