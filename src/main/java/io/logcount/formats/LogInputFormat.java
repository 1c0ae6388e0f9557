package io.logcount.formats;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.hadoop.conf.Configuration;
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

import io.logcount.input.InputFiles;
import io.logcount.input.LineOrigin;
import io.logcount.input.LineRecordReaderBase;
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
 * each format's {@link FileFormat#plan} says where its files can be cut (7z: folders and indexed
 * dictionary resets; plain text: any byte; bzip2: block magics; xz: blocks; zstd: frames; gzip
 * and lz4: nowhere, one split per file).
 * Files are planned {@link PlanningSettings#THREADS} at a time ({@link FilePlanner}): on an
 * object store each is a few requests.
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
    return InputFiles.of(super.listStatus(job), job.getConfiguration(), LogFormat.listingRules());
  }

  @Override
  public List<InputSplit> getSplits(JobContext job) throws IOException {
    Configuration conf = job.getConfiguration();
    long minSize = Math.max(getFormatMinSplitSize(), getMinSplitSize(job));
    long maxSize = getMaxSplitSize(job);
    List<FileStatus> files = listStatus(job);
    files.sort(Comparator.comparing(FileStatus::getPath));
    boolean combine = getCombineSmallFiles(conf);
    List<InputSplit> splits = new ArrayList<>();
    List<InputSplit> small = new ArrayList<>();
    long combineSize = 0;
    long[] splitSizes = new long[files.size()];
    for (int i = 0; i < splitSizes.length; i++) {
      splitSizes[i] = computeSplitSize(files.get(i).getBlockSize(), minSize, maxSize);
      combineSize = Math.max(combineSize, splitSizes[i]);
    }
    List<FilePlanner.Plan> plans = FilePlanner.plan(files, splitSizes, job);
    int[] byFormat = new int[LogFormat.values().length];
    for (int i = 0; i < plans.size(); i++) {
      long splitSize = splitSizes[i];
      byFormat[plans.get(i).format.ordinal()]++;
      List<InputSplit> own = plans.get(i).splits;
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
