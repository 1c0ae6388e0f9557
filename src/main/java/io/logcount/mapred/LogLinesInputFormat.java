package io.logcount.mapred;

import java.io.IOException;

import org.apache.hadoop.mapred.InputSplit;
import org.apache.hadoop.mapred.JobConf;

import io.logcount.formats.LogInputFormat;

/**
 * {@link LogInputFormat} for the old API: the lines of every input the jobs read (plain text,
 * gzip, bzip2, xz, zstd, lz4 and 7z, told apart by their magic bytes, in one directory), key
 * {@code LineOrigin}, value the line (see {@link LogLineInputFormat} for what each tool sees).
 * What {@code logcount stream} uses.
 *
 * <p>Small files are not combined into one split here
 * ({@link LogInputFormat#COMBINE_SMALL_FILES} is off): an old-API split must be a
 * {@code FileSplit} of one file, since Hive finds a split's partition by its path and the map
 * task sets {@code mapreduce.map.input.file} from it.
 */
public class LogLinesInputFormat extends LogLineInputFormat {

  @Override
  protected LogInputFormat newFormat() {
    return new LogInputFormat();
  }

  @Override
  public InputSplit[] getSplits(JobConf job, int numSplits) throws IOException {
    JobConf oneFilePerSplit = new JobConf(job);
    oneFilePerSplit.setBoolean(LogInputFormat.COMBINE_SMALL_FILES, false);
    return super.getSplits(oneFilePerSplit, numSplits);
  }
}
