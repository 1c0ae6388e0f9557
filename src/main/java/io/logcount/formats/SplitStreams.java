package io.logcount.formats;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.io.compress.BZip2Codec;
import org.apache.hadoop.io.compress.CodecPool;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.Decompressor;
import org.apache.hadoop.io.compress.GzipCodec;
import org.apache.hadoop.io.compress.SplitCompressionInputStream;
import org.apache.hadoop.io.compress.SplittableCompressionCodec;
import org.apache.hadoop.util.ReflectionUtils;
import org.tukaani.xz.SeekableInputStream;
import org.tukaani.xz.SeekableXZInputStream;
import org.tukaani.xz.XZInputStream;

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;

/**
 * One {@link SplitStream} per way of reading a split: a strategy table, as 7z's coders. Every
 * decoder here is pure Java or JNI with its native code inside its jar: none needs libhadoop.
 */
public final class SplitStreams {

  private static final int BUFFER_BYTES = 64 * 1024;

  private SplitStreams() {
  }

  /**
   * Opens the stream of {@code split} over {@code file} (positioned at 0).
   *
   * @param memoryLimitBytes most memory an xz decoder may ask for (its dictionary)
   */
  public static SplitStream open(StreamSplit split, FSDataInputStream file, Configuration conf,
      long memoryLimitBytes) throws IOException {
    LogFormat format = split.getFormat();
    if (format == LogFormat.PLAIN) {
      return new Plain(file, split);
    }
    if (split.getStart() == 0 && split.getEnd() >= split.getFileLength()) {
      return new Whole(file, format, conf, memoryLimitBytes);
    }
    switch (format) {
      case BZIP2:
        return new Bzip2Blocks(file, split, conf);
      case XZ:
        return new XzBlocks(file, split, memoryLimitBytes);
      case ZSTD:
        return new ZstdFrameStream(file, split);
      default:
        throw new IOException(split.getPath() + ": " + format + " cannot be split, yet the split is " + split
            + "; the file changed after the job was planned: rerun the job");
    }
  }

  /** Plain text from the split's first byte: offsets are file offsets. */
  static final class Plain extends SplitStream {
    private final long length;

    Plain(FSDataInputStream file, StreamSplit split) throws IOException {
      super(file, split.getStart());
      file.seek(split.getStart());
      this.length = split.getLength();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = file.read(b, off, len);
      if (n > 0) {
        delivered += n;
      }
      return n;
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

  /** A whole compressed file, one decoder from its first byte to its last (several members too). */
  static final class Whole extends SplitStream {
    private final InputStream decoded;
    private final Decompressor decompressor;

    Whole(FSDataInputStream file, LogFormat format, Configuration conf, long memoryLimitBytes) throws IOException {
      super(file, 0);
      Decompressor d = null;
      InputStream in;
      switch (format) {
        case GZIP:
        case BZIP2:
          // Hadoop's gzip reader (built-in Java, no libhadoop) reads concatenated members;
          // java.util.zip.GZIPInputStream stops early at some member boundaries (it asks
          // available()), silently.
          CompressionCodec codec = format == LogFormat.GZIP ? ReflectionUtils.newInstance(GzipCodec.class, conf)
              : ReflectionUtils.newInstance(BZip2Codec.class, conf);
          d = CodecPool.getDecompressor(codec);
          try {
            in = codec.createInputStream(file, d);
          } catch (IOException | RuntimeException e) {
            CodecPool.returnDecompressor(d);
            throw e;
          }
          break;
        case XZ:
          in = new XZInputStream(new BufferedInputStream(file, BUFFER_BYTES), kib(memoryLimitBytes));
          break;
        case ZSTD:
          in = new ZstdInputStreamNoFinalizer(file); // reads 128 KiB at a time itself
          break;
        case LZ4:
          in = new Lz4Frames(new BufferedInputStream(file, BUFFER_BYTES)); // linked blocks and legacy frames too
          break;
        default:
          throw new IllegalArgumentException(format.toString());
      }
      this.decoded = in;
      this.decompressor = d;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = decoded.read(b, off, len);
      if (n > 0) {
        delivered += n;
      }
      return n;
    }

    @Override
    public long firstOffset() {
      return 0;
    }

    @Override
    public boolean startsInside() {
      return false;
    }

    @Override
    public long ownedEnd() {
      return Long.MAX_VALUE;
    }

    @Override
    public void close() throws IOException {
      try {
        decoded.close();
      } finally {
        if (decompressor != null) {
          CodecPool.returnDecompressor(decompressor);
        }
      }
    }
  }

  /**
   * A bzip2 split, read by Hadoop's {@code BZip2Codec} in {@code BYBLOCK} mode: it starts at the
   * first block marker at or after the split's start, and advances its reported position only
   * once the first byte of a new block has been returned, by a read that returns that byte alone.
   * The split owns the blocks the codec reports at positions up to its adjusted end, as Hadoop's
   * {@code LineRecordReader} does (MAPREDUCE-5656, HADOOP-13270 were bugs at those edges).
   */
  static final class Bzip2Blocks extends SplitStream {
    private final SplitCompressionInputStream in;
    private final Decompressor decompressor;
    private final long adjustedStart;
    private final long adjustedEnd;
    private long boundary = Long.MAX_VALUE;

    Bzip2Blocks(FSDataInputStream file, StreamSplit split, Configuration conf) throws IOException {
      super(file, split.getStart());
      BZip2Codec codec = ReflectionUtils.newInstance(BZip2Codec.class, conf);
      decompressor = CodecPool.getDecompressor(codec);
      try {
        in = codec.createInputStream(file, decompressor, split.getStart(), split.getEnd(),
            SplittableCompressionCodec.READ_MODE.BYBLOCK);
      } catch (IOException | RuntimeException e) {
        CodecPool.returnDecompressor(decompressor);
        throw e;
      }
      adjustedStart = in.getAdjustedStart();
      adjustedEnd = in.getAdjustedEnd();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (off != 0) {
        // BZip2CompressionInputStream reads off + 1 bytes after a block end: keep off at 0.
        byte[] tmp = new byte[len];
        int n = read(tmp, 0, len);
        if (n > 0) {
          System.arraycopy(tmp, 0, b, off, n);
        }
        return n;
      }
      long before = delivered;
      int n = in.read(b, 0, len);
      if (boundary == Long.MAX_VALUE && in.getPos() > adjustedEnd) {
        boundary = before;
      }
      if (n > 0) {
        delivered += n;
      }
      return n;
    }

    @Override
    public long firstOffset() {
      return adjustedStart == 0 ? 0 : -1;
    }

    @Override
    public boolean startsInside() {
      return adjustedStart > 0;
    }

    @Override
    public long ownedEnd() {
      return boundary;
    }

    @Override
    public void close() throws IOException {
      try {
        in.close();
      } finally {
        CodecPool.returnDecompressor(decompressor);
      }
    }
  }

  /**
   * An xz split: the blocks whose headers lie in the split's range, found in the index at the end
   * of each stream ({@link SeekableXZInputStream}); their uncompressed offsets are in the index,
   * so the owned end and the line offsets are exact.
   */
  static final class XzBlocks extends SplitStream {
    private final SeekableXZInputStream xz;
    private final long first;
    private final long owned;
    private final boolean empty;

    XzBlocks(FSDataInputStream file, StreamSplit split, long memoryLimitBytes) throws IOException {
      super(file, split.getStart());
      xz = new SeekableXZInputStream(new FsSeekable(file, split.getFileLength()), kib(memoryLimitBytes));
      int blocks = xz.getBlockCount();
      int i0 = blocks;
      while (i0 > 0 && xz.getBlockCompPos(i0 - 1) >= split.getStart()) {
        i0--;
      }
      int i1 = i0;
      while (i1 < blocks && xz.getBlockCompPos(i1) < split.getEnd()) {
        i1++;
      }
      empty = i0 == blocks;
      first = empty ? xz.length() : xz.getBlockPos(i0);
      owned = (i1 < blocks ? xz.getBlockPos(i1) : xz.length()) - first;
      if (!empty) {
        xz.seekToBlock(i0);
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (empty) {
        return -1;
      }
      int n = xz.read(b, off, len);
      if (n > 0) {
        delivered += n;
      }
      return n;
    }

    @Override
    public long firstOffset() {
      return first;
    }

    @Override
    public boolean startsInside() {
      return first > 0;
    }

    @Override
    public long ownedEnd() {
      return owned;
    }

    @Override
    public void close() throws IOException {
      xz.close();
    }
  }

  /**
   * A zstd split: decoded frame by frame ({@link ZstdFrames}) up to the first frame that starts at
   * or after the split's end, which is where the owned lines end; from there on one decoder reads
   * whatever is left of the last line.
   */
  static final class ZstdFrameStream extends SplitStream {
    private final String name;
    private final long end;
    private final long fileLength;
    private long next;
    private long hint = -1;
    private InputStream frame;
    private boolean continuous;
    private long boundary = Long.MAX_VALUE;

    ZstdFrameStream(FSDataInputStream file, StreamSplit split) {
      super(file, split.getStart());
      this.name = split.getPath().toString();
      this.end = split.getEnd();
      this.fileLength = split.getFileLength();
      this.next = split.getStart();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      while (true) {
        if (frame != null) {
          int n = frame.read(b, off, len);
          if (n > 0) {
            delivered += n;
            return n;
          }
          if (n == 0) {
            continue;
          }
          frame.close();
          frame = null;
          if (continuous) {
            return -1;
          }
        }
        if (next >= fileLength) {
          return -1;
        }
        if (next >= end) {
          boundary = delivered;
          file.seek(next);
          frame = new ZstdInputStreamNoFinalizer(file);
          continuous = true;
          continue;
        }
        ZstdFrames.Frame f = ZstdFrames.at(file, name, next, fileLength, hint);
        hint = -1;
        next = f.end;
        if (f.skippable) {
          hint = f.nextFrameSize;
          continue;
        }
        file.seek(f.start);
        frame = new ZstdInputStreamNoFinalizer(new Bounded(file, f.end - f.start));
      }
    }

    @Override
    public long firstOffset() {
      return splitStart == 0 ? 0 : -1;
    }

    @Override
    public boolean startsInside() {
      return splitStart > 0;
    }

    @Override
    public long ownedEnd() {
      return boundary;
    }

    @Override
    public void close() throws IOException {
      if (frame != null) {
        frame.close();
        frame = null;
      }
    }
  }

  /** At most {@code limit} bytes of a stream, from where it is. */
  static final class Bounded extends InputStream {
    private final InputStream in;
    private long left;

    Bounded(InputStream in, long limit) {
      this.in = in;
      this.left = limit;
    }

    @Override
    public int read() throws IOException {
      if (left <= 0) {
        return -1;
      }
      int c = in.read();
      if (c >= 0) {
        left--;
      }
      return c;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) {
        return -1;
      }
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n > 0) {
        left -= n;
      }
      return n;
    }
  }

  /** xz-java's random access over a Hadoop stream (local, HDFS, S3A: positional reads and seeks). */
  static final class FsSeekable extends SeekableInputStream {
    private final FSDataInputStream in;
    private final long length;

    FsSeekable(FSDataInputStream in, long length) {
      this.in = in;
      this.length = length;
    }

    @Override
    public int read() throws IOException {
      return in.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return in.read(b, off, len);
    }

    @Override
    public long length() {
      return length;
    }

    @Override
    public long position() throws IOException {
      return in.getPos();
    }

    @Override
    public void seek(long pos) throws IOException {
      in.seek(pos);
    }

    @Override
    public void close() throws IOException {
      // the record reader closes the file
    }
  }

  private static int kib(long bytes) {
    return (int) Math.min(Integer.MAX_VALUE, bytes >> 10);
  }
}
