package io.logcount.formats;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.BlockLocation;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.JobContext;

import io.logcount.input.BlockLocality;

/**
 * A format read as one decoded byte stream (everything but 7z): its splits are
 * {@link StreamSplit}s, read by {@link StreamRecordReader} through the {@link SplitStream} this
 * strategy opens. A format that is not split overrides only {@link #decoder}; a splittable one
 * also {@link #plan} and {@link #openRange}.
 */
public abstract class StreamFormat extends FileFormat {

  /** Read-ahead of decoders that read a byte at a time from the file. */
  protected static final int BUFFER_BYTES = 64 * 1024;

  protected StreamFormat(String label, String suffix, int estimatedRatio) {
    super(label, suffix, estimatedRatio);
  }

  /**
   * The decoder of a whole file, from its first byte to its last (several members or streams
   * too); closing it must not close {@code file}'s owner's other resources than it took.
   *
   * @param memoryLimitBytes most memory the decoder may ask for (its dictionary)
   */
  protected abstract InputStream decoder(FSDataInputStream file, Configuration conf, long memoryLimitBytes)
      throws IOException;

  /**
   * The stream of a split that is not the whole file. Formats that are never split keep this
   * refusal: such a split means the file changed after planning.
   */
  protected SplitStream openRange(StreamSplit split, FSDataInputStream file, long memoryLimitBytes)
      throws IOException {
    throw new IOException(split.getPath() + ": " + label() + " cannot be split, yet the split is " + split
        + "; the file changed after the job was planned: rerun the job");
  }

  /** One split of the whole file (the default plan: gzip and lz4 cannot be entered in the middle). */
  @Override
  public List<InputSplit> plan(FileStatus file, long splitSize, JobContext job) throws IOException {
    List<InputSplit> out = new ArrayList<>(1);
    long length = file.getLen();
    out.add(split(file, 0, length, length * estimatedRatio(), blocks(file, job)));
    return out;
  }

  /** Opens the stream of {@code split} over {@code file} (positioned at 0). */
  public SplitStream open(StreamSplit split, FSDataInputStream file, Configuration conf, long memoryLimitBytes)
      throws IOException {
    if (split.getStart() == 0 && split.getEnd() >= split.getFileLength()) {
      return new WholeFileStream(file, decoder(file, conf, memoryLimitBytes));
    }
    return openRange(split, file, memoryLimitBytes);
  }

  /** The HDFS blocks of {@code file}, for the hosts of each split. */
  protected static BlockLocation[] blocks(FileStatus file, JobContext job) throws IOException {
    return BlockLocality.blockLocations(file, job.getConfiguration());
  }

  /** A split of this format over packed bytes {@code [start, start + length)}. */
  protected final StreamSplit split(FileStatus file, long start, long length, long unpacked, BlockLocation[] blocks)
      throws IOException {
    return new StreamSplit(file.getPath(), entry(), file.getLen(), start, length, unpacked,
        BlockLocality.hostsOfLargestOverlap(blocks, start, length));
  }

  /** Byte ranges of about {@code packedSize} (the last up to 10% longer, as FileInputFormat). */
  protected final List<InputSplit> ranges(FileStatus file, long packedSize, int ratio, BlockLocation[] blocks)
      throws IOException {
    List<InputSplit> out = new ArrayList<>();
    long length = file.getLen();
    long start = 0;
    while (length - start > packedSize * 1.1) {
      out.add(split(file, start, packedSize, packedSize * ratio, blocks));
      start += packedSize;
    }
    out.add(split(file, start, length - start, (length - start) * ratio, blocks));
    return out;
  }

  /** {@code bytes} in KiB, as xz-java takes memory limits. */
  protected static int kib(long bytes) {
    return (int) Math.min(Integer.MAX_VALUE, bytes >> 10);
  }
}
