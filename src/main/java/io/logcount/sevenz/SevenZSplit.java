package io.logcount.sevenz;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;

/**
 * A run of consecutive 7z folders of one archive: the unit of work of one map task.
 *
 * <p>Start and length are the folders' packed bytes in the archive, so the scheduler places the
 * task near the HDFS blocks holding them, and progress is measured against them. A folder is
 * never shared by two splits: it is one compressed stream, decodable only from its start (finer
 * splits, inside an LZMA2 folder at dictionary resets, need a sidecar index).
 *
 * <p>The archive's length is recorded at planning time so that a reader can refuse an archive
 * that changed between planning and reading instead of decoding the wrong bytes.
 */
public class SevenZSplit extends FileSplit {

  private long archiveLength;
  private int firstFolder;
  private int folderCount;

  /** For deserialization. */
  public SevenZSplit() {
  }

  public SevenZSplit(Path archive, long archiveLength, int firstFolder, int folderCount,
      long packedStart, long packedLength, String[] hosts) {
    super(archive, packedStart, packedLength, hosts);
    this.archiveLength = archiveLength;
    this.firstFolder = firstFolder;
    this.folderCount = folderCount;
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
    super.write(out);
    out.writeLong(archiveLength);
    out.writeInt(firstFolder);
    out.writeInt(folderCount);
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    super.readFields(in);
    archiveLength = in.readLong();
    firstFolder = in.readInt();
    folderCount = in.readInt();
  }

  @Override
  public String toString() {
    return getPath() + " folders " + firstFolder + ".." + (firstFolder + folderCount - 1)
        + " (packed bytes " + getStart() + "+" + getLength() + ")";
  }
}
