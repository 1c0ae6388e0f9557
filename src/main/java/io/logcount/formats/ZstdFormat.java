package io.logcount.formats;

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

import com.github.luben.zstd.ZstdInputStreamNoFinalizer;

/**
 * zstd, several frames too: split into runs of whole frames ({@link ZstdFrames}: pzstd's
 * skippable frames, or block headers); a file of one frame is one split.
 *
 * <p>Planning walks no block header where it cannot gain a split ({@link ZstdFrames.Walk}): a
 * frame whose stated content size could fill the rest of the file at the estimated ratio (the
 * one frame the {@code zstd} command writes per file) is taken to be the last, and a frame of
 * unknown content size longer than {@link PlanningSettings#ZSTD_MAX_WALKED_BLOCKS} blocks too.
 * The split reaching the end of the file is read as one stream, whatever frames it holds.
 */
final class ZstdFormat extends StreamFormat {

  private static final Logger LOG = LoggerFactory.getLogger(ZstdFormat.class);

  ZstdFormat() {
    super("zstd", ".zst", 4);
  }

  /**
   * A zstd frame after any skippable frames, or skippable frames running past the bytes looked
   * at: zstd's tools are what write long ones (pzstd writes one before every frame).
   */
  @Override
  public boolean hasMagic(byte[] head, int n) {
    int p = afterSkippableFrames(head, n);
    return startsWith(head, n, p, 0x28, 0xB5, 0x2F, 0xFD) || (p > 0 && p + 4 > n);
  }

  @Override
  public boolean isNamedLike(String lowerCaseName) {
    return super.isNamedLike(lowerCaseName) || lowerCaseName.endsWith(".zstd");
  }

  /**
   * Where the skippable frames (magic 0x184D2A5?, little-endian 32-bit size) at the start of
   * {@code head} end; zstd and lz4 frames may both follow them.
   */
  static int afterSkippableFrames(byte[] head, int n) {
    int p = 0;
    while (p + 8 <= n && (head[p] & 0xf0) == 0x50 && startsWith(head, n, p + 1, 0x2A, 0x4D, 0x18)) {
      long size = (head[p + 4] & 0xffL) | (head[p + 5] & 0xffL) << 8 | (head[p + 6] & 0xffL) << 16
          | (head[p + 7] & 0xffL) << 24;
      p += 8 + (int) Math.min(size, n);
    }
    return p;
  }

  @Override
  public List<InputSplit> plan(FileStatus file, long splitSize, JobContext job) throws IOException {
    BlockLocation[] blocks = blocks(file, job);
    List<InputSplit> out = new ArrayList<>();
    long length = file.getLen();
    int ratio = estimatedRatio();
    if (length * ratio <= splitSize) {
      out.add(split(file, 0, length, length * ratio, blocks));
      return out; // one split whatever its frames: no need to walk them
    }
    Path path = file.getPath();
    int maxWalked = PlanningSettings.getZstdMaxWalkedBlocks(job.getConfiguration());
    ZstdFrames.Walk walk = new ZstdFrames.Walk(ratio, maxWalked);
    try (FSDataInputStream in = path.getFileSystem(job.getConfiguration()).open(path)) {
      long pos = 0;
      long hint = -1;
      long splitStart = 0;
      long unpacked = 0;
      // A split starts at the skippable frames before its first frame (pzstd's hold its size).
      long skippableStart = -1;
      while (pos < length) {
        ZstdFrames.Frame f = ZstdFrames.at(in, path.toString(), pos, length, hint, walk);
        hint = -1;
        pos = f.end;
        if (f.toEndOfFile && f.contentSize < 0) {
          LOG.info("{}: the zstd frame at packed byte {} states no size and has more than {} blocks: taken"
              + " to run to the end of the file, which is one split from there ({} walks more)", path, f.start,
              maxWalked, PlanningSettings.ZSTD_MAX_WALKED_BLOCKS);
        }
        if (f.skippable) {
          hint = f.nextFrameSize;
          skippableStart = skippableStart < 0 ? f.start : skippableStart;
          continue;
        }
        long starts = skippableStart >= 0 ? skippableStart : f.start;
        skippableStart = -1;
        long size = f.contentSize >= 0 ? f.contentSize : (f.end - f.start) * ratio;
        if (starts > splitStart && unpacked + size > splitSize) {
          out.add(split(file, splitStart, starts - splitStart, unpacked, blocks));
          splitStart = starts;
          unpacked = 0;
        }
        unpacked += size;
      }
      out.add(split(file, splitStart, length - splitStart, unpacked, blocks));
    } catch (IOException e) {
      LOG.warn("{}: cannot walk the zstd frames, so the file is one split: {}", path, e.toString());
      out.clear();
      out.add(split(file, 0, length, length * ratio, blocks));
    }
    return out;
  }

  @Override
  protected InputStream decoder(FSDataInputStream file, Configuration conf, long memoryLimitBytes)
      throws IOException {
    return new ZstdInputStreamNoFinalizer(file); // reads 128 KiB at a time itself
  }

  @Override
  protected SplitStream openRange(StreamSplit split, FSDataInputStream file, long memoryLimitBytes) {
    return new ZstdFrameStream(file, split);
  }

  @Override
  public String checkCommand() {
    return "zstd -t";
  }

  /**
   * A zstd split: decoded frame by frame ({@link ZstdFrames}) up to the first frame that starts at
   * or after the split's end, which is where the owned lines end; from there on one decoder reads
   * whatever is left of the last line. A split that runs to the end of the file is one decoder
   * from its start: it owns every line after its first.
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
          int n = counted(frame.read(b, off, len));
          if (n > 0) {
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
        if (next >= end || end >= fileLength) {
          // Past the split's end, or a split that runs to the end of the file (no frame starts
          // after it, so every line is owned): one decoder from here, no frame walked.
          if (next >= end) {
            boundary = delivered;
          }
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
}
