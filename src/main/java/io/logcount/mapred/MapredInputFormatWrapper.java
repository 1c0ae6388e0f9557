package io.logcount.mapred;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;

import org.apache.hadoop.mapred.InputFormat;
import org.apache.hadoop.mapred.InputSplit;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapred.RecordReader;
import org.apache.hadoop.mapred.Reporter;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.task.JobContextImpl;
import org.apache.hadoop.util.ReflectionUtils;

/**
 * An old-API ({@code org.apache.hadoop.mapred}) input format over a new-API one, for the tools
 * that only take the old API: Hadoop Streaming ({@code -inputformat}), mrjob
 * ({@code HADOOP_INPUT_FORMAT}), Hive ({@code STORED AS INPUTFORMAT}), Spark's
 * {@code hadoopFile}. The idea of elephant-bird's {@code DeprecatedInputFormatWrapper}: no
 * second implementation of anything. {@link #getSplits} returns the new format's own splits,
 * each carried in a {@link MapredSplit}; {@link #getRecordReader} runs the new format's own
 * record reader on the carried split. The same configuration keys apply (input paths, split
 * sizes and our {@code logcount.*} keys are the same names in both APIs); the old API's
 * {@code numSplits} hint is ignored, as the new API has none.
 *
 * <p>A subclass names the new-API format ({@link #newFormat}) and may drop records no old-API
 * tool should see ({@link #accept}).
 *
 * @param <K> key type of both formats
 * @param <V> value type of both formats
 */
public abstract class MapredInputFormatWrapper<K, V> implements InputFormat<K, V> {

  /** A new instance of the new-API format this one wraps. */
  protected abstract org.apache.hadoop.mapreduce.InputFormat<K, V> newFormat();

  /**
   * Whether the record just read goes to the caller; true by default. A false skips it (count it
   * in {@code context}'s counters: a skipped record must show somewhere).
   */
  protected boolean accept(K key, V value, TaskAttemptContext context) {
    return true;
  }

  private org.apache.hadoop.mapreduce.InputFormat<K, V> format(JobConf job) {
    org.apache.hadoop.mapreduce.InputFormat<K, V> format = newFormat();
    ReflectionUtils.setConf(format, job);
    return format;
  }

  @Override
  public InputSplit[] getSplits(JobConf job, int numSplits) throws IOException {
    List<org.apache.hadoop.mapreduce.InputSplit> splits;
    try {
      // The JobConf itself, not a copy: what the format records there (input file count) stays.
      splits = format(job).getSplits(new JobContextImpl(job, null));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while planning splits");
    }
    InputSplit[] wrapped = new InputSplit[splits.size()];
    for (int i = 0; i < wrapped.length; i++) {
      wrapped[i] = new MapredSplit(splits.get(i));
    }
    return wrapped;
  }

  @Override
  public RecordReader<K, V> getRecordReader(InputSplit split, JobConf job, Reporter reporter) throws IOException {
    if (!(split instanceof MapredSplit)) {
      throw new IOException(getClass().getName() + " got " + split.getClass().getName() + " " + split
          + ", not a split it planned: something re-planned the input by byte ranges, which cannot cut a"
          + " compressed archive (Hive's default CombineHiveInputFormat does: SET hive.input.format="
          + "org.apache.hadoop.hive.ql.io.HiveInputFormat)");
    }
    return new MapredRecordReader<>(this, format(job), (MapredSplit) split, job, reporter);
  }
}
