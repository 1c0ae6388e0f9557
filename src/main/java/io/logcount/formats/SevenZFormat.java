package io.logcount.formats;

import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.JobContext;

import io.logcount.sevenz.SevenZInputFormat;
import io.logcount.sevenz.SevenZRecordReader;

/**
 * 7z archives, multi-volume sets too: planned by {@link SevenZInputFormat#planSplits} (folders,
 * indexed dictionary resets) and read by {@code SevenZRecordReader}; not a stream format, since
 * a split there is a run of folders or a piece of one, not a byte range.
 */
final class SevenZFormat extends FileFormat {

  private static final Pattern VOLUME = Pattern.compile(".*\\.7z\\.[0-9]+$");

  SevenZFormat() {
    super("7z", ".7z", 0);
  }

  @Override
  public boolean hasMagic(byte[] head, int n) {
    return startsWith(head, n, 0, '7', 'z', 0xBC, 0xAF, 0x27, 0x1C);
  }

  /** {@code .7z}, and the volumes of a set ({@code .7z.001}). */
  @Override
  public boolean isNamedLike(String lowerCaseName) {
    return super.isNamedLike(lowerCaseName) || VOLUME.matcher(lowerCaseName).matches();
  }

  @Override
  public List<InputSplit> plan(FileStatus file, long splitSize, JobContext job) throws IOException {
    // The 7z format computes the split size itself, from the same FileInputFormat settings.
    return new SevenZInputFormat().planSplits(job, Collections.singletonList(file));
  }

  @Override
  public boolean isSidecar(Path path) {
    return SevenZInputFormat.LISTING.isSidecar(path);
  }

  @Override
  public List<FileStatus> group(List<FileStatus> files, Configuration conf) throws IOException {
    return SevenZInputFormat.LISTING.group(files, conf);
  }

  @Override
  public String checkCommand() {
    return "7zz t";
  }
}
