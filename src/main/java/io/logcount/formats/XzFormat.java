package io.logcount.formats;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.BlockLocation;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.JobContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tukaani.xz.SeekableInputStream;
import org.tukaani.xz.SeekableXZInputStream;
import org.tukaani.xz.XZInputStream;

/**
 * xz, several streams too: split into runs of whole blocks, from the index at the end of each
 * stream (exact uncompressed sizes); a file of one block is one split.
 */
final class XzFormat extends StreamFormat {

  private static final Logger LOG = LoggerFactory.getLogger(XzFormat.class);

  XzFormat() {
    super("xz", ".xz", 0);
  }

  @Override
  public boolean hasMagic(byte[] head, int n) {
    return startsWith(head, n, 0, 0xFD, '7', 'z', 'X', 'Z', 0x00);
  }

  @Override
  public List<InputSplit> plan(FileStatus file, long splitSize, JobContext job) throws IOException {
    Configuration conf = job.getConfiguration();
    BlockLocation[] blocks = blocks(file, job);
    List<InputSplit> out = new ArrayList<>();
    long length = file.getLen();
    Path path = file.getPath();
    try (FSDataInputStream in = path.getFileSystem(conf).open(path);
        SeekableXZInputStream xz = new SeekableXZInputStream(new FsSeekable(in, length),
            kib(LogInputFormat.getMemoryLimitBytes(conf)))) {
      int count = xz.getBlockCount();
      int first = 0;
      long unpacked = 0;
      for (int i = 0; i < count; i++) {
        if (i > first && unpacked + xz.getBlockSize(i) > splitSize) {
          long start = first == 0 ? 0 : xz.getBlockCompPos(first);
          out.add(split(file, start, xz.getBlockCompPos(i) - start, unpacked, blocks));
          first = i;
          unpacked = 0;
        }
        unpacked += xz.getBlockSize(i);
      }
      long start = first == 0 ? 0 : xz.getBlockCompPos(first);
      out.add(split(file, start, length - start, unpacked, blocks));
    } catch (IOException e) {
      // No readable index (a truncated file): one split, which reads it from the start and
      // reports the damage where the decoder meets it (or skips it under skip-corrupt).
      LOG.warn("{}: cannot read the xz index, so the file is one split: {}", path, e.toString());
      out.clear();
      out.add(split(file, 0, length, length * 4, blocks));
    }
    return out;
  }

  @Override
  protected InputStream decoder(FSDataInputStream file, Configuration conf, long memoryLimitBytes)
      throws IOException {
    return new XZInputStream(new BufferedInputStream(file, BUFFER_BYTES), kib(memoryLimitBytes));
  }

  @Override
  protected SplitStream openRange(StreamSplit split, FSDataInputStream file, long memoryLimitBytes)
      throws IOException {
    return new XzBlocks(file, split, memoryLimitBytes);
  }

  @Override
  public String checkCommand() {
    return "xz -t";
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
      return counted(xz.read(b, off, len));
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
}
