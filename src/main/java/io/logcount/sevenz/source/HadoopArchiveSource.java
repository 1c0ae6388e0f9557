package io.logcount.sevenz.source;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * An {@link ArchiveSource} over any Hadoop {@link FileSystem} (file:, hdfs:, s3a:).
 *
 * <p>Header reads are positional ({@code PositionedReadable}), and leave the stream where it
 * was; range streams seek only when another reader moved the shared stream, so a folder's
 * packed bytes are read as one sequential scan (one HDFS block reader, one S3 GET range).
 * It counts the packed bytes read through range streams, which is what a record reader
 * reports as progress.
 */
public final class HadoopArchiveSource implements ArchiveSource {

  private final Path path;
  private final FSDataInputStream in;
  private final long length;
  private long rangeBytesRead;
  private boolean closed;

  private HadoopArchiveSource(Path path, FSDataInputStream in, long length) {
    this.path = path;
    this.in = in;
    this.length = length;
  }

  /** Opens {@code path} on its file system. */
  public static HadoopArchiveSource open(Path path, Configuration conf) throws IOException {
    FileSystem fs = path.getFileSystem(conf);
    long length = fs.getFileStatus(path).getLen();
    return new HadoopArchiveSource(path, fs.open(path), length);
  }

  @Override
  public String name() {
    return path.toString();
  }

  @Override
  public long length() {
    return length;
  }

  /** Packed bytes read so far through {@link #openRange} streams. */
  @Override
  public long rangeBytesRead() {
    return rangeBytesRead;
  }

  @Override
  public void readFully(long position, byte[] buffer, int offset, int len) throws IOException {
    if (position < 0 || position + len > length) {
      throw new EOFException(name() + ": cannot read " + len + " bytes at offset " + position
          + ", the archive has " + length + " bytes (truncated?)");
    }
    in.readFully(position, buffer, offset, len);
  }

  @Override
  public InputStream openRange(long position, long rangeLength) throws IOException {
    if (position < 0 || rangeLength < 0 || position + rangeLength > length) {
      throw new EOFException(name() + ": packed range [" + position + ", " + (position + rangeLength)
          + ") lies beyond the end of the archive (" + length + " bytes); the archive is truncated");
    }
    return new RangeStream(position, rangeLength);
  }

  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      in.close();
    }
  }

  /** Sequential reads of one byte range of the shared stream. */
  private final class RangeStream extends ArchiveRangeStream {
    RangeStream(long start, long rangeLength) {
      super(start, rangeLength);
    }

    @Override
    protected int readAt(long position, byte[] b, int off, int len) throws IOException {
      if (in.getPos() != position) {
        in.seek(position);
      }
      int n = in.read(b, off, len);
      if (n < 0) {
        throw new EOFException(name() + ": archive ends at offset " + position + " inside a packed stream "
            + "that should end at " + end() + "; the archive is truncated");
      }
      rangeBytesRead += n;
      return n;
    }
  }
}
