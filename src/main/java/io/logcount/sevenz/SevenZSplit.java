package io.logcount.sevenz;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.mapreduce.InputSplit;

/**
 * A run of consecutive 7z folders of one archive: the unit of work of one map task.
 *
 * <p>Start and length are the folders' packed bytes in the archive, so the scheduler places the
 * task near the HDFS blocks holding them, and progress is measured against them. A folder is
 * never shared by two splits: it is one compressed stream, decodable only from its start (finer
 * splits, inside an LZMA2 folder at dictionary resets, need a sidecar index).
 *
 * <p>A split may also be a piece of one LZMA2 folder, between two of its dictionary resets
 * (from a {@link SevenZIndex}): then {@link #getUnpackStart()} and {@link #getUnpackEnd()}
 * bound, in the folder's unpacked bytes, the lines it owns, and its start is the packed offset
 * of the reset's chunk. Lines follow Hadoop's {@code LineRecordReader} contract: a piece owns
 * the lines that start after its unpacked start and at or before its end; it skips the partial
 * line it starts in, and reads on past its end to finish the last line it owns.
 *
 * <p>The archive's length is recorded at planning time so that a reader can refuse an archive
 * that changed between planning and reading instead of decoding the wrong bytes.
 *
 * <p>Not a {@code FileSplit}, on purpose: for a {@code FileSplit} the map task reads the file
 * system's byte statistics of every thread twice per record (to fill "File Input Format
 * Counters: Bytes Read"), 3% of the CPU of a unique-users map (docs/performance.md). The packed
 * bytes a split read are counted by {@link io.logcount.input.InputCounter#PACKED_BYTES} instead.
 */
public class SevenZSplit extends InputSplit implements Writable {

  private Path path;
  private long start;
  private long length;
  /** Where the bytes are; only the job client asks (to place the task), never serialized. */
  private String[] hosts = new String[0];

  private long archiveLength;
  private int firstFolder;
  private int folderCount;
  private long unpackStart;
  private long unpackEnd = WHOLE_FOLDERS;
  /** Uncompressed bytes planning counted for this split; only the job client knows it. */
  private long uncompressedSize;

  /** {@link #getUnpackEnd()} of a split of whole folders. */
  public static final long WHOLE_FOLDERS = -1;

  /** For deserialization. */
  public SevenZSplit() {
  }

  public SevenZSplit(Path archive, long archiveLength, int firstFolder, int folderCount,
      long packedStart, long packedLength, String[] hosts) {
    this.path = archive;
    this.start = packedStart;
    this.length = packedLength;
    this.hosts = hosts == null ? new String[0] : hosts.clone();
    this.archiveLength = archiveLength;
    this.firstFolder = firstFolder;
    this.folderCount = folderCount;
  }

  /** A piece of folder {@code folder}: unpacked bytes {@code (unpackStart, unpackEnd]} own its lines. */
  public static SevenZSplit piece(Path archive, long archiveLength, int folder, long packedStart,
      long packedLength, long unpackStart, long unpackEnd, String[] hosts) {
    SevenZSplit split = new SevenZSplit(archive, archiveLength, folder, 1, packedStart, packedLength, hosts);
    split.unpackStart = unpackStart;
    split.unpackEnd = unpackEnd;
    return split;
  }

  /** Uncompressed bytes of the split as planned (0 once deserialized): what small splits are grouped by. */
  public long getUncompressedSize() {
    return uncompressedSize;
  }

  /** Sets {@link #getUncompressedSize()}. */
  SevenZSplit withUncompressedSize(long bytes) {
    this.uncompressedSize = bytes;
    return this;
  }

  /** The archive (its first volume, for a multi-volume set). */
  public Path getPath() {
    return path;
  }

  /** Offset in the archive of the first packed byte of the split. */
  public long getStart() {
    return start;
  }

  /** Packed bytes of the split: what the scheduler and progress measure. */
  @Override
  public long getLength() {
    return length;
  }

  @Override
  public String[] getLocations() {
    return hosts.clone();
  }

  /** True if this split is a piece of one folder rather than whole folders. */
  public boolean isPiece() {
    return unpackEnd != WHOLE_FOLDERS;
  }

  /** For a piece: the unpacked offset in its folder of the dictionary reset it starts at. */
  public long getUnpackStart() {
    return unpackStart;
  }

  /** For a piece: the unpacked offset where the lines it owns end; {@link #WHOLE_FOLDERS} otherwise. */
  public long getUnpackEnd() {
    return unpackEnd;
  }

  /** Length of the whole archive when the split was planned. */
  public long getArchiveLength() {
    return archiveLength;
  }

  /** Index of the first folder of this split. */
  public int getFirstFolder() {
    return firstFolder;
  }

  /** Number of consecutive folders in this split. */
  public int getFolderCount() {
    return folderCount;
  }

  @Override
  public void write(DataOutput out) throws IOException {
    Text.writeString(out, path.toString());
    out.writeLong(start);
    out.writeLong(length);
    out.writeLong(archiveLength);
    out.writeInt(firstFolder);
    out.writeInt(folderCount);
    out.writeLong(unpackStart);
    out.writeLong(unpackEnd);
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    path = new Path(Text.readString(in));
    start = in.readLong();
    length = in.readLong();
    hosts = new String[0];
    archiveLength = in.readLong();
    firstFolder = in.readInt();
    folderCount = in.readInt();
    unpackStart = in.readLong();
    unpackEnd = in.readLong();
  }

  @Override
  public String toString() {
    if (isPiece()) {
      return getPath() + " folder " + firstFolder + " unpacked bytes " + unpackStart + ".." + unpackEnd
          + " (packed bytes " + getStart() + "+" + getLength() + ")";
    }
    return getPath() + " folders " + firstFolder + ".." + (firstFolder + folderCount - 1)
        + " (packed bytes " + getStart() + "+" + getLength() + ")";
  }
}
