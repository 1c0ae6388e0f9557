package io.logcount.formats;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.JobContext;

/** Plain text: what no other format's magic claims. Split at any byte, as {@code TextInputFormat}. */
final class PlainTextFormat extends StreamFormat {

  PlainTextFormat() {
    super("plain text", "", 1);
  }

  /** Never by magic: plain text is what is left when no other format claims a file. */
  @Override
  public boolean hasMagic(byte[] head, int n) {
    return false;
  }

  @Override
  public boolean isNamedLike(String lowerCaseName) {
    return false;
  }

  @Override
  public List<InputSplit> plan(FileStatus file, long splitSize, JobContext job) throws IOException {
    return ranges(file, Math.max(LogInputFormat.MIN_RANGE_SPLIT_BYTES, splitSize), 1, blocks(file, job));
  }

  /** The whole file is its own bytes. */
  @Override
  protected InputStream decoder(FSDataInputStream file, Configuration conf, long memoryLimitBytes) {
    return file;
  }

  /** A range reads the file's own bytes from its start: offsets are file offsets. */
  @Override
  protected SplitStream openRange(StreamSplit split, FSDataInputStream file, long memoryLimitBytes)
      throws IOException {
    return new Plain(file, split);
  }

  @Override
  public String checkCommand() {
    return "head";
  }

  /** Plain text from the split's first byte. */
  static final class Plain extends SplitStream {
    private final long length;

    Plain(FSDataInputStream file, StreamSplit split) throws IOException {
      super(file, split.getStart());
      file.seek(split.getStart());
      this.length = split.getLength();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return counted(file.read(b, off, len));
    }

    @Override
    public long firstOffset() {
      return splitStart;
    }

    @Override
    public boolean startsInside() {
      return splitStart > 0;
    }

    @Override
    public long ownedEnd() {
      return length;
    }
  }
}
