package io.logcount.formats;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.BlockLocation;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tukaani.xz.SeekableXZInputStream;

import io.logcount.input.BlockLocality;
import io.logcount.input.LineOrigin;
import io.logcount.input.LineRecordReaderBase;
import io.logcount.sevenz.ArchiveSources;
import io.logcount.sevenz.SevenZInputFormat;
import io.logcount.sevenz.SevenZRecordReader;
import io.logcount.sevenz.SevenZSplit;

/**
 * Reads the lines of every log file under the inputs, whatever its format, as
 * ({@link LineOrigin}, line) records: plain text, gzip, bzip2, xz, zstd, lz4 and 7z, mixed in
 * one directory. Each file's format is told by its magic bytes ({@link LogFormat}).
 *
 * <p>Splits, per format, at the split size {@link FileInputFormat} would use
 * ({@code mapreduce.input.fileinputformat.split.minsize/maxsize}, else the block size) counted in
 * uncompressed bytes, exact where the format says them (7z header, xz index, zstd frame content
 * size) and estimated elsewhere ({@link LogFormat#estimatedRatio()} times the packed bytes):
 * <ul>
 * <li>7z: planned by {@link SevenZInputFormat#planSplits} (folders, indexed dictionary resets);
 * <li>plain text: any byte, as {@code TextInputFormat};
 * <li>bzip2: equal packed ranges, each owning the blocks whose marker starts in it
 *     ({@code SplitStreams.Bzip2Blocks}), at least {@link #MIN_RANGE_SPLIT_BYTES} packed bytes;
 * <li>xz: runs of whole blocks, from the index of each stream; a file of one block is one split;
 * <li>zstd: runs of whole frames ({@link ZstdFrames}); a file of one frame is one split;
 * <li>gzip and lz4: one split per file (their streams cannot be entered in the middle).
 * </ul>
 * A file that makes one split smaller than the split size (a small file or archive) is grouped
 * with other such files into one {@link CombinedSplit}, by the host holding its bytes, up to the
 * split size: thousands of small files make a handful of map tasks.
 *
 * <p>Hidden and {@code _}-prefixed files and {@code .idx} sidecars are skipped; the volumes of a
 * multi-volume 7z are one input. A file whose name says a compressed format its bytes deny
 * fails the job at submission, naming it.
 */
public class LogInputFormat extends FileInputFormat<LineOrigin, Text> {

  private static final Logger LOG = LoggerFactory.getLogger(LogInputFormat.class);

  /**
   * If true (default), files that make one split smaller than the split size are grouped into
   * combined splits, up to the split size; false gives every such file its own map task.
   */
  public static final String COMBINE_SMALL_FILES = "logcount.input.combine-small-files";
  /** Default of {@link #COMBINE_SMALL_FILES}. */
  public static final boolean DEFAULT_COMBINE_SMALL_FILES = true;

  /**
   * Smallest packed bytes of a plain or bzip2 split (cut at any byte): a map task per few bytes
   * is all overhead, and a bzip2 range holding no block marker is read in vain (bzip2 blocks
   * are up to 900 KB uncompressed).
   */
  public static final long MIN_RANGE_SPLIT_BYTES = 64 << 10;

  /** Sets {@link #COMBINE_SMALL_FILES}. */
  public static void setCombineSmallFiles(Configuration conf, boolean combine) {
    conf.setBoolean(COMBINE_SMALL_FILES, combine);
  }

  /** {@link #COMBINE_SMALL_FILES}. */
  public static boolean getCombineSmallFiles(Configuration conf) {
    return conf.getBoolean(COMBINE_SMALL_FILES, DEFAULT_COMBINE_SMALL_FILES);
  }

  /**
   * Most memory a decoder may ask for: the 7z limit ({@code logcount.sevenz.max-memory-mb}) holds
   * for xz dictionaries too.
   */
  public static long getMemoryLimitBytes(Configuration conf) {
    return SevenZInputFormat.getLimits(conf).maxMemoryBytes();
  }

  @Override
  protected boolean isSplitable(JobContext context, Path file) {
    return false; // splitting is ours, per format
  }

  @Override
  protected List<FileStatus> listStatus(JobContext job) throws IOException {
    return ArchiveSources.inputFiles(super.listStatus(job), job.getConfiguration());
  }

  @Override
  public List<InputSplit> getSplits(JobContext job) throws IOException {
    Configuration conf = job.getConfiguration();
    long minSize = Math.max(getFormatMinSplitSize(), getMinSplitSize(job));
    long maxSize = getMaxSplitSize(job);
    List<FileStatus> files = listStatus(job);
    files.sort(Comparator.comparing(FileStatus::getPath));
    SevenZInputFormat sevenZ = new SevenZInputFormat();
    boolean combine = getCombineSmallFiles(conf);
    List<InputSplit> splits = new ArrayList<>();
    List<InputSplit> small = new ArrayList<>();
    long combineSize = 0;
    int[] byFormat = new int[LogFormat.values().length];
    for (FileStatus file : files) {
      long splitSize = computeSplitSize(file.getBlockSize(), minSize, maxSize);
      combineSize = Math.max(combineSize, splitSize);
      LogFormat format = LogFormat.of(file, conf);
      byFormat[format.ordinal()]++;
      List<InputSplit> own = format == LogFormat.SEVENZ
          ? sevenZ.planSplits(job, Collections.singletonList(file))
          : plan(file, format, splitSize, conf);
      if (combine && own.size() == 1 && uncompressedSize(own.get(0)) < splitSize) {
        small.add(own.get(0));
      } else {
        splits.addAll(own);
      }
    }
    int before = splits.size();
    combine(small, combineSize, splits);
    conf.setLong(NUM_INPUT_FILES, files.size());
    StringBuilder counts = new StringBuilder();
    for (LogFormat f : LogFormat.values()) {
      if (byFormat[f.ordinal()] > 0) {
        counts.append(counts.length() == 0 ? "" : ", ").append(byFormat[f.ordinal()]).append(' ')
            .append(f.label());
      }
    }
    LOG.info("{} files ({}): {} splits, {} of them grouping {} small files", files.size(), counts,
        splits.size(), splits.size() - before, small.size());
    return splits;
  }

  /** The splits of one file that is not 7z. */
  static List<InputSplit> plan(FileStatus file, LogFormat format, long splitSize, Configuration conf)
      throws IOException {
    BlockLocation[] blocks = BlockLocality.blockLocations(file, conf);
    long length = file.getLen();
    List<InputSplit> out = new ArrayList<>();
    switch (format) {
      case PLAIN:
        ranges(file, format, Math.max(MIN_RANGE_SPLIT_BYTES, splitSize), 1, blocks, out);
        break;
      case BZIP2:
        ranges(file, format, Math.max(MIN_RANGE_SPLIT_BYTES, splitSize / format.estimatedRatio()),
            format.estimatedRatio(), blocks, out);
        break;
      case XZ:
        planXz(file, splitSize, conf, blocks, out);
        break;
      case ZSTD:
        planZstd(file, splitSize, conf, blocks, out);
        break;
      default: // gzip, lz4: one stream from the first byte
        out.add(split(file, format, 0, length, length * format.estimatedRatio(), blocks));
    }
    return out;
  }

  /** Byte ranges of about {@code packedSize} (the last up to 10% longer, as FileInputFormat). */
  private static void ranges(FileStatus file, LogFormat format, long packedSize, int ratio, BlockLocation[] blocks,
      List<InputSplit> out) throws IOException {
    long length = file.getLen();
    long start = 0;
    while (length - start > packedSize * 1.1) {
      out.add(split(file, format, start, packedSize, packedSize * ratio, blocks));
      start += packedSize;
    }
    out.add(split(file, format, start, length - start, (length - start) * ratio, blocks));
  }

  private static void planXz(FileStatus file, long splitSize, Configuration conf, BlockLocation[] blocks,
      List<InputSplit> out) throws IOException {
    long length = file.getLen();
    Path path = file.getPath();
    try (FSDataInputStream in = path.getFileSystem(conf).open(path);
        SeekableXZInputStream xz = new SeekableXZInputStream(new SplitStreams.FsSeekable(in, length),
            (int) Math.min(Integer.MAX_VALUE, getMemoryLimitBytes(conf) >> 10))) {
      int count = xz.getBlockCount();
      int first = 0;
      long unpacked = 0;
      for (int i = 0; i < count; i++) {
        if (i > first && unpacked + xz.getBlockSize(i) > splitSize) {
          long start = first == 0 ? 0 : xz.getBlockCompPos(first);
          out.add(split(file, LogFormat.XZ, start, xz.getBlockCompPos(i) - start, unpacked, blocks));
          first = i;
          unpacked = 0;
        }
        unpacked += xz.getBlockSize(i);
      }
      long start = first == 0 ? 0 : xz.getBlockCompPos(first);
      out.add(split(file, LogFormat.XZ, start, length - start, unpacked, blocks));
    } catch (IOException e) {
      // No readable index (a truncated file): one split, which reads it from the start and
      // reports the damage where the decoder meets it (or skips it under skip-corrupt).
      LOG.warn("{}: cannot read the xz index, so the file is one split: {}", path, e.toString());
      out.clear();
      out.add(split(file, LogFormat.XZ, 0, length, length * 4, blocks));
    }
  }

  private static void planZstd(FileStatus file, long splitSize, Configuration conf, BlockLocation[] blocks,
      List<InputSplit> out) throws IOException {
    long length = file.getLen();
    int ratio = LogFormat.ZSTD.estimatedRatio();
    if (length * ratio <= splitSize) {
      out.add(split(file, LogFormat.ZSTD, 0, length, length * ratio, blocks));
      return; // one split whatever its frames: no need to walk them
    }
    Path path = file.getPath();
    try (FSDataInputStream in = path.getFileSystem(conf).open(path)) {
      long pos = 0;
      long hint = -1;
      long splitStart = 0;
      long unpacked = 0;
      // A split starts at the skippable frames before its first frame (pzstd's hold its size).
      long skippableStart = -1;
      while (pos < length) {
        ZstdFrames.Frame f = ZstdFrames.at(in, path.toString(), pos, length, hint);
        hint = -1;
        pos = f.end;
        if (f.skippable) {
          hint = f.nextFrameSize;
          skippableStart = skippableStart < 0 ? f.start : skippableStart;
          continue;
        }
        long starts = skippableStart >= 0 ? skippableStart : f.start;
        skippableStart = -1;
        long size = f.contentSize >= 0 ? f.contentSize : (f.end - f.start) * ratio;
        if (starts > splitStart && unpacked + size > splitSize) {
          out.add(split(file, LogFormat.ZSTD, splitStart, starts - splitStart, unpacked, blocks));
          splitStart = starts;
          unpacked = 0;
        }
        unpacked += size;
      }
      out.add(split(file, LogFormat.ZSTD, splitStart, length - splitStart, unpacked, blocks));
    } catch (IOException e) {
      LOG.warn("{}: cannot walk the zstd frames, so the file is one split: {}", path, e.toString());
      out.clear();
      out.add(split(file, LogFormat.ZSTD, 0, length, length * ratio, blocks));
    }
  }

  private static StreamSplit split(FileStatus file, LogFormat format, long start, long length, long unpacked,
      BlockLocation[] blocks) throws IOException {
    return new StreamSplit(file.getPath(), format, file.getLen(), start, length, unpacked,
        BlockLocality.hostsOfLargestOverlap(blocks, start, length));
  }

  private static long uncompressedSize(InputSplit split) throws IOException {
    if (split instanceof StreamSplit) {
      return ((StreamSplit) split).getUncompressedSize();
    }
    if (split instanceof SevenZSplit) {
      return ((SevenZSplit) split).getUncompressedSize();
    }
    return CombinedSplit.length(split);
  }

  /**
   * Groups small splits by the first host holding their bytes (files without hosts together), in
   * path order, into combined splits of at most {@code size} uncompressed bytes.
   */
  static void combine(List<InputSplit> small, long size, List<InputSplit> out) throws IOException {
    Map<String, List<InputSplit>> byHost = new TreeMap<>();
    for (InputSplit s : small) {
      String[] hosts = CombinedSplit.hosts(s);
      byHost.computeIfAbsent(hosts.length == 0 ? "" : hosts[0], h -> new ArrayList<>()).add(s);
    }
    for (List<InputSplit> group : byHost.values()) {
      List<InputSplit> run = new ArrayList<>();
      long sum = 0;
      for (InputSplit s : group) {
        long n = uncompressedSize(s);
        if (!run.isEmpty() && sum + n > size) {
          out.add(combined(run));
          run = new ArrayList<>();
          sum = 0;
        }
        run.add(s);
        sum += n;
      }
      if (!run.isEmpty()) {
        out.add(combined(run));
      }
    }
  }

  private static InputSplit combined(List<InputSplit> run) throws IOException {
    if (run.size() == 1) {
      return run.get(0);
    }
    InputSplit largest = run.get(0);
    for (InputSplit s : run) {
      if (CombinedSplit.length(s) > CombinedSplit.length(largest)) {
        largest = s;
      }
    }
    return new CombinedSplit(run, CombinedSplit.hosts(largest));
  }

  @Override
  public RecordReader<LineOrigin, Text> createRecordReader(InputSplit split, TaskAttemptContext context) {
    if (split instanceof CombinedSplit) {
      return new CombinedRecordReader();
    }
    if (split instanceof StreamSplit) {
      return new StreamRecordReader();
    }
    return new SevenZRecordReader();
  }

  /** The reader of one child of a {@link CombinedSplit}: it leaves counting the split to the combined reader. */
  static RecordReader<LineOrigin, Text> childReader(InputSplit child) {
    LineRecordReaderBase reader = child instanceof StreamSplit ? new StreamRecordReader() : new SevenZRecordReader();
    reader.setCountsSplit(false);
    return reader;
  }
}
