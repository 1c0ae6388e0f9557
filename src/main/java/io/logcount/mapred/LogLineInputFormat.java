package io.logcount.mapred;

import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.TaskAttemptContext;

import io.logcount.input.LineOrigin;

/**
 * The old-API ({@code mapred}) form of one of our new-API log formats, for Hadoop Streaming,
 * mrjob, Hive and Spark's {@code hadoopFile}: the same splits, the same record reader
 * ({@link MapredInputFormatWrapper}). A concrete format is three lines: it names its new-API
 * format in {@link #newFormat()}.
 *
 * <p>Key and value, and why:
 * <ul>
 * <li>value: the log line as {@link Text}, without its {@code \n} and one trailing {@code \r}:
 * what {@code TextInputFormat} gives for an LF or CRLF line (a lone {@code \r} does not end a
 * line here). Hive's text SerDes read the value as the row and ignore the key.
 * <li>key: the new format's {@link LineOrigin} ({@code archive!entry@offset} as text), unchanged,
 * so the wrapper costs nothing per record and Spark users keep the origin. Streaming writes
 * {@code key<TAB>value} to the mapper unless {@code stream.map.input.ignoreKey} is true (its
 * default is true only for {@code TextInputFormat}), so a Python mapper sees exactly the line,
 * as with {@code TextInputFormat}, only with that key set: {@code logcount stream} sets it;
 * plain {@code hadoop jar hadoop-streaming.jar} and mrjob need
 * {@code -D stream.map.input.ignoreKey=true}. A numeric offset key would not help: it is not
 * unique across the entries of an archive, and Streaming would print it too.
 * </ul>
 *
 * <p>Records an old-API tool cannot tell from a line are dropped, and counted
 * ({@link MapredInputCounter}): a line longer than {@code logcount.max-line-bytes} (the new API
 * hands over its first bytes flagged truncated; {@code TextInputFormat} likewise skips lines
 * over its {@code mapreduce.input.linerecordreader.line.maxlength}), and the report of a
 * corrupt folder skipped under {@code logcount.skip-corrupt} (its value is the cause,
 * not a line).
 */
public abstract class LogLineInputFormat extends MapredInputFormatWrapper<LineOrigin, Text> {

  @Override
  protected abstract org.apache.hadoop.mapreduce.lib.input.FileInputFormat<LineOrigin, Text> newFormat();

  @Override
  protected boolean accept(LineOrigin key, Text value, TaskAttemptContext context) {
    if (key.corruptFolder()) {
      context.getCounter(MapredInputCounter.CORRUPT_FOLDER_REPORTS_DROPPED).increment(1);
      return false;
    }
    if (key.truncated()) {
      context.getCounter(MapredInputCounter.LONG_LINES_DROPPED).increment(1);
      return false;
    }
    return true;
  }
}
