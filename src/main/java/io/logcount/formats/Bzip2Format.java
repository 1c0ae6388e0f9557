package io.logcount.formats;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.JobContext;

/**
 * bzip2, concatenated streams too: split into equal packed ranges, each owning the blocks whose
 * magic starts in it ({@link Bzip2Blocks}), of at least
 * {@link LogInputFormat#MIN_RANGE_SPLIT_BYTES} packed bytes (a range holding no block magic is
 * read in vain; blocks are up to 900 KB uncompressed).
 */
final class Bzip2Format extends StreamFormat {

  Bzip2Format() {
    super("bzip2", ".bz2", 5);
  }

  @Override
  public boolean hasMagic(byte[] head, int n) {
    return n >= 4 && head[0] == 'B' && head[1] == 'Z' && head[2] == 'h' && head[3] >= '1' && head[3] <= '9';
  }

  @Override
  public List<InputSplit> plan(FileStatus file, long splitSize, JobContext job) throws IOException {
    return ranges(file, Math.max(LogInputFormat.MIN_RANGE_SPLIT_BYTES, splitSize / estimatedRatio()),
        estimatedRatio(), blocks(file, job));
  }

  /**
   * commons-compress reads what bzip2 1.0.8 reads (lbzip2's blocks of over 18,002 selectors too,
   * which Hadoop's BZip2Codec fails on), concatenated streams too.
   */
  @Override
  protected InputStream decoder(FSDataInputStream file, Configuration conf, long memoryLimitBytes)
      throws IOException {
    return new BZip2CompressorInputStream(new BufferedInputStream(file, BUFFER_BYTES), true);
  }

  @Override
  protected SplitStream openRange(StreamSplit split, FSDataInputStream file, long memoryLimitBytes)
      throws IOException {
    return new Bzip2Blocks(file, split);
  }

  @Override
  public String checkCommand() {
    return "bzip2 -t";
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
        int n = counted(decoder.read(b, off, len));
        if (n > 0) {
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
}
