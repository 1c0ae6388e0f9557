package io.logcount.formats;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;

import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.io.compress.CodecPool;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.Decompressor;
import org.apache.hadoop.io.compress.GzipCodec;
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
        return new Bzip2Blocks(file, split);
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
        case BZIP2:
          // commons-compress reads what bzip2 1.0.8 reads (lbzip2's blocks of over 18,002
          // selectors too, which Hadoop's BZip2Codec fails on), concatenated streams too.
          in = new BZip2CompressorInputStream(new BufferedInputStream(file, BUFFER_BYTES), true);
          break;
        case GZIP:
          // Hadoop's gzip reader (built-in Java, no libhadoop) reads concatenated members;
          // java.util.zip.GZIPInputStream stops early at some member boundaries (it asks
          // available()), silently.
          CompressionCodec codec = ReflectionUtils.newInstance(GzipCodec.class, conf);
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
   * A bzip2 split: the blocks whose magic starts in the split's range, found and re-framed as
   * streams of their own by {@link Bzip2Reframer}, decoded by commons-compress (which reads what
   * bzip2 1.0.8 reads: lbzip2 writes blocks with more than 18,002 selectors, on which Hadoop's
   * {@code CBZip2InputStream} throws an {@code ArrayIndexOutOfBoundsException}). The owned blocks
   * are one decoder's input; when it ends, the owned end is exact, and a second decoder reads
   * the blocks after it for the line that crosses the end.
   */
  static final class Bzip2Blocks extends SplitStream {
    private final Bzip2Reframer blocks;
    /** The owned blocks' decoder, then the tail's; never closed: that would close the file. */
    private InputStream decoder;
    /** Long.MAX_VALUE until the owned blocks are decoded; then what they decoded to. */
    private long owned = Long.MAX_VALUE;

    Bzip2Blocks(FSDataInputStream file, StreamSplit split) throws IOException {
      super(file, split.getStart());
      file.seek(split.getStart());
      blocks = new Bzip2Reframer(file, split.getStart(), split.getEnd() * 8);
      if (blocks.hasData()) {
        decoder = new BZip2CompressorInputStream(blocks, true);
      } else {
        startTail(); // no block starts in the range: the split owns no line
      }
    }

    private void startTail() throws IOException {
      owned = delivered;
      blocks.resume();
      decoder = blocks.hasData() ? new BZip2CompressorInputStream(blocks, true) : null;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      while (decoder != null) {
        int n = decoder.read(b, off, len);
        if (n > 0) {
          delivered += n;
          return n;
        }
        if (n == 0) {
          continue;
        }
        if (owned == Long.MAX_VALUE) {
          startTail();
        } else {
          decoder = null; // the end of the file
        }
      }
      return -1;
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
      return owned;
    }

    @Override
    public void close() throws IOException {
      blocks.close();
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
