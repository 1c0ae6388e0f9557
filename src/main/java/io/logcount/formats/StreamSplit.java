package io.logcount.formats;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.io.WritableUtils;
import org.apache.hadoop.mapreduce.InputSplit;

import io.logcount.input.InputCounter;
import io.logcount.sevenz.SevenZSplit;

/**
 * A byte range of one plain or compressed file (not 7z): the unit of work of a
 * {@link StreamRecordReader}.
 *
 * <p>{@code [start, start + length)} are packed bytes of the file. For a compressed format the
 * range starts at a point the format can decode from (a bzip2 block marker, an xz block, a zstd
 * frame: see {@link SplitStream}); the split owns the lines that start in the blocks whose first
 * byte lies in the range, and reads on past its end to finish the last of them (Hadoop's
 * {@code LineRecordReader} contract). {@link #getUncompressedSize()} is what planning counted for
 * the split size: exact for xz, estimated elsewhere; it is not sent to the task.
 *
 * <p>Not a {@code FileSplit}, like {@code SevenZSplit} and for the same reason: the reader counts
 * the bytes it read itself ({@link InputCounter#PACKED_BYTES}, "File Input Format Counters").
 */
public class StreamSplit extends InputSplit implements Writable {

  private Path path;
  private LogFormat format;
  private long start;
  private long length;
  private long fileLength;
  private long uncompressedSize;
  private String[] hosts = new String[0];

  /** For deserialization. */
  public StreamSplit() {
  }

  public StreamSplit(Path path, LogFormat format, long fileLength, long start, long length,
      long uncompressedSize, String[] hosts) {
    this.path = path;
    this.format = format;
    this.fileLength = fileLength;
    this.start = start;
    this.length = length;
    this.uncompressedSize = uncompressedSize;
    this.hosts = hosts == null ? new String[0] : hosts.clone();
  }

  public Path getPath() {
    return path;
  }

  public LogFormat getFormat() {
    return format;
  }

  /** First packed byte of the split. */
  public long getStart() {
    return start;
  }

  /** One past the last packed byte whose blocks this split owns. */
  public long getEnd() {
    return start + length;
  }

  /** Packed bytes of the split: what locality and progress measure. */
  @Override
  public long getLength() {
    return length;
  }

  /** Length of the file when the split was planned: a reader refuses a file that changed. */
  public long getFileLength() {
    return fileLength;
  }

  /** Uncompressed bytes planning counted for this split (exact or estimated; job client only). */
  public long getUncompressedSize() {
    return uncompressedSize;
  }

  @Override
  public String[] getLocations() {
    return hosts.clone();
  }

  @Override
  public void write(DataOutput out) throws IOException {
    Text.writeString(out, path.toString());
    WritableUtils.writeEnum(out, format);
    out.writeLong(fileLength);
    out.writeLong(start);
    out.writeLong(length);
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    path = new Path(Text.readString(in));
    format = WritableUtils.readEnum(in, LogFormat.class);
    fileLength = in.readLong();
    start = in.readLong();
    length = in.readLong();
    hosts = new String[0];
  }

  @Override
  public String toString() {
    return path + " (" + format.label() + ", packed bytes " + start + "+"
        + length + ")";
  }
}
