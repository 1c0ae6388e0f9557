package io.logcount.sevenz;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.BlockLocation;
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

import io.logcount.input.BlockLocality;
import io.logcount.input.InputFiles;
import io.logcount.input.LineOrigin;
import io.logcount.sevenz.archive.SevenZArchive;
import io.logcount.sevenz.archive.SevenZFolder;
import io.logcount.sevenz.coders.SevenZLimits;
import io.logcount.sevenz.coders.SevenZPasswordSource;
import io.logcount.sevenz.decode.Lzma2Blocks;
import io.logcount.sevenz.decode.SevenZFolderDecoder;
import io.logcount.sevenz.header.SevenZHeaders;
import io.logcount.sevenz.source.ArchiveSource;
import io.logcount.sevenz.source.ArchiveSources;
import io.logcount.sevenz.source.VolumeSet;

/**
 * Reads the lines of the files inside 7z archives, without extracting them, as
 * ({@link LineOrigin}, line) records.
 *
 * <p>Splits: the job client reads each archive's header (a few positional reads near its end)
 * and cuts the archive at 7z folder boundaries: a folder (solid block) is one compressed stream,
 * so it is the smallest piece that decodes on its own, unless a sidecar {@link SevenZIndex}
 * lists the LZMA2 dictionary resets inside it ({@code logcount index}): then it is cut there
 * too. Consecutive small folders are grouped up to the split size that {@link FileInputFormat}
 * would use ({@code mapreduce.input.fileinputformat.split.minsize/maxsize}, else the block
 * size), counted in <em>uncompressed</em> bytes: a map task's work is decoding and parsing its
 * uncompressed bytes, whatever the compression ratio (5x to 20x for logs), so this keeps map
 * tasks alike. A folder larger than that without an index stays one split. Each split carries
 * the hosts of the HDFS block holding most of its packed bytes, and its start and length are
 * its packed bytes, so locality and progress follow the data actually read.
 *
 * <p>A multi-volume archive ({@code name.7z.001}, {@code .002}, ...) is one input however it is
 * named (its first volume, any volume, or a directory holding them): see {@link ArchiveSources}
 * and {@link VolumeSet}. Its splits carry the first volume's path and offsets in the volumes'
 * joined bytes.
 *
 * <p>A damaged archive (not a 7z, truncated header, a missing volume) fails the job at submission
 * with a message naming the file, before any task runs.
 */
public class SevenZInputFormat extends FileInputFormat<LineOrigin, Text> {

  private static final Logger LOG = LoggerFactory.getLogger(SevenZInputFormat.class);

  /**
   * Most memory, in MiB, one archive reader may use for its decoders (LZMA/LZMA2 dictionary)
   * and for the archive header. An archive that needs more is refused, with a clear error,
   * before anything is allocated. The default fits a 1 GiB map container next to the sort buffer.
   */
  public static final String MAX_MEMORY_MB = "logcount.sevenz.max-memory-mb";
  /** Default of {@link #MAX_MEMORY_MB}: {@link SevenZLimits#DEFAULT_MAX_MEMORY_BYTES}, 256 MiB. */
  public static final int DEFAULT_MAX_MEMORY_MB = (int) (SevenZLimits.DEFAULT_MAX_MEMORY_BYTES >> 20);

  /** Sets {@link #MAX_MEMORY_MB}. */
  public static void setMaxMemoryMb(Configuration conf, int mb) {
    conf.setInt(MAX_MEMORY_MB, mb);
  }

  /** The limits from {@link #MAX_MEMORY_MB}, validated. */
  public static SevenZLimits getLimits(Configuration conf) {
    int mb = conf.getInt(MAX_MEMORY_MB, DEFAULT_MAX_MEMORY_MB);
    if (mb < 1) {
      throw new IllegalArgumentException(MAX_MEMORY_MB + " must be at least 1 (MiB), got " + mb);
    }
    return new SevenZLimits((long) mb << 20, "raise " + MAX_MEMORY_MB);
  }

  /**
   * How 7z archives are listed as inputs: {@code .idx} index files are sidecars, never inputs;
   * volumes are grouped into their sets ({@link ArchiveSources#groupVolumes}).
   */
  public static final InputFiles.Rules LISTING = new InputFiles.Rules() {
    @Override
    public boolean isSidecar(Path path) {
      return SevenZIndexFiles.isIndexFile(path);
    }

    @Override
    public List<FileStatus> group(List<FileStatus> files, Configuration conf) throws IOException {
      return ArchiveSources.groupVolumes(files, conf);
    }
  };

  @Override
  protected boolean isSplitable(JobContext context, Path file) {
    // Splitting is ours (folder boundaries), never FileInputFormat's byte ranges.
    return false;
  }

  @Override
  public List<InputSplit> getSplits(JobContext job) throws IOException {
    List<FileStatus> files = listStatus(job);
    List<InputSplit> splits = planSplits(job, files);
    job.getConfiguration().setLong(NUM_INPUT_FILES, files.size());
    return splits;
  }

  /**
   * The splits of {@code archives} (as {@link #listStatus} gives them: volumes grouped), at the
   * job's split size: what {@link #getSplits} returns for the job's inputs, and what an input
   * format reading 7z among other formats asks for the archives it found. Each split knows its
   * uncompressed size ({@link SevenZSplit#getUncompressedSize()}).
   */
  public List<InputSplit> planSplits(JobContext job, List<FileStatus> archives) throws IOException {
    // Encrypted headers need the password here: read once, and only if an archive needs it.
    try (SevenZPasswords.Loader passwords = SevenZPasswords.loader(job.getConfiguration())) {
      return planSplits(job, archives, passwords);
    }
  }

  private List<InputSplit> planSplits(JobContext job, List<FileStatus> archives, SevenZPasswordSource passwords)
      throws IOException {
    Configuration conf = job.getConfiguration();
    SevenZLimits limits = getLimits(conf);
    long minSize = Math.max(getFormatMinSplitSize(), getMinSplitSize(job));
    long maxSize = getMaxSplitSize(job);
    List<InputSplit> splits = new ArrayList<>();
    List<FileStatus> files = new ArrayList<>(archives);
    files.sort(Comparator.comparing(FileStatus::getPath));
    for (FileStatus file : files) {
      long splitSize = computeSplitSize(file.getBlockSize(), minSize, maxSize);
      int before = splits.size();
      SevenZArchive archive = readHeader(file.getPath(), conf, limits, passwords);
      for (SevenZFolder folder : archive.folders()) {
        // Refuse unsupported methods and oversized dictionaries now, not in a failed task.
        SevenZFolderDecoder.check(archive, folder, limits);
      }
      SevenZPasswords.checkAvailable(archive, conf);
      SevenZIndex index = SevenZIndexFiles.load(file, conf);
      planArchive(file, archive, index, splitSize, BlockLocality.blockLocations(file, conf), splits);
      LOG.info("{}: {} folders, {} entries, {} splits", file.getPath(), archive.folders().size(),
          archive.entries().size(), splits.size() - before);
    }
    LOG.info("Total 7z splits: {} from {} archives", splits.size(), files.size());
    return splits;
  }

  private static SevenZArchive readHeader(Path path, Configuration conf, SevenZLimits limits,
      SevenZPasswordSource passwords) throws IOException {
    try (ArchiveSource source = ArchiveSources.open(path, conf)) {
      return SevenZHeaders.read(source, limits, passwords);
    }
  }

  /**
   * Cuts one archive into splits of about {@code splitSize} uncompressed bytes: consecutive
   * folders are grouped; a folder larger than the split size is cut at its indexed dictionary
   * resets when {@code index} has them, else it stays one split.
   */
  static void planArchive(FileStatus file, SevenZArchive archive, SevenZIndex index, long splitSize,
      BlockLocation[] blocks, List<InputSplit> out) throws IOException {
    List<SevenZFolder> folders = archive.folders();
    int first = -1;
    long start = 0;
    long unpacked = 0;
    for (SevenZFolder folder : folders) {
      if (folder.entries().isEmpty()) {
        continue; // no file data (7-Zip never writes such a folder, but the format allows it)
      }
      List<Lzma2Blocks.Reset> resets = index == null ? null : index.resets(folder.index());
      boolean cut = folder.unpackSize() > splitSize && resets != null && resets.size() > 1
          && Lzma2Blocks.isSplittable(folder);
      if (first >= 0 && (cut || unpacked + folder.unpackSize() > splitSize)) {
        out.add(split(file, first, folder.index() - first, start, folders.get(folder.index() - 1), blocks)
            .withUncompressedSize(unpacked));
        first = -1;
      }
      if (cut) {
        planPieces(file, folder, resets, splitSize, blocks, out);
        continue;
      }
      if (first < 0) {
        first = folder.index();
        start = folder.packedOffset();
        unpacked = 0;
      }
      unpacked += folder.unpackSize();
    }
    if (first >= 0) {
      out.add(split(file, first, folders.size() - first, start, folders.get(folders.size() - 1), blocks)
          .withUncompressedSize(unpacked));
    }
  }

  /**
   * Pieces of one LZMA2 folder: runs of consecutive blocks (reset to reset) of at most
   * {@code splitSize} uncompressed bytes, or one block where a block alone is larger.
   */
  private static void planPieces(FileStatus file, SevenZFolder folder, List<Lzma2Blocks.Reset> resets,
      long splitSize, BlockLocation[] blocks, List<InputSplit> out) throws IOException {
    int from = 0;
    for (int i = 1; i <= resets.size(); i++) {
      boolean last = i == resets.size();
      long nextBlockEnd = last ? 0
          : i + 1 == resets.size() ? folder.unpackSize() : resets.get(i + 1).unpackedOffset();
      if (last || nextBlockEnd - resets.get(from).unpackedOffset() > splitSize) {
        Lzma2Blocks.Reset r = resets.get(from);
        long packedEnd = last ? folder.packedSize() : resets.get(i).packedOffset();
        long unpackEnd = last ? folder.unpackSize() : resets.get(i).unpackedOffset();
        long start = folder.packedOffset() + r.packedOffset();
        long length = packedEnd - r.packedOffset();
        out.add(SevenZSplit.piece(file.getPath(), file.getLen(), folder.index(), start, length,
            r.unpackedOffset(), unpackEnd, BlockLocality.hostsOfLargestOverlap(blocks, start, length))
            .withUncompressedSize(unpackEnd - r.unpackedOffset()));
        from = i;
      }
    }
  }

  /** A split of the folders {@code first} .. {@code lastFolder}: their packed bytes, their hosts. */
  private static SevenZSplit split(FileStatus file, int first, int count, long start, SevenZFolder lastFolder,
      BlockLocation[] blocks) throws IOException {
    long length = lastFolder.packedOffset() + lastFolder.packedSize() - start;
    return new SevenZSplit(file.getPath(), file.getLen(), first, count, start, length,
        BlockLocality.hostsOfLargestOverlap(blocks, start, length));
  }

  @Override
  protected List<FileStatus> listStatus(JobContext job) throws IOException {
    return InputFiles.of(super.listStatus(job), job.getConfiguration(), Collections.singletonList(LISTING));
  }

  @Override
  public RecordReader<LineOrigin, Text> createRecordReader(InputSplit split, TaskAttemptContext context) {
    return new SevenZRecordReader();
  }
}
