package io.logcount.jobs.index;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.apache.hadoop.io.Writable;
import org.apache.hadoop.io.WritableUtils;

import io.logcount.sevenz.decode.Lzma2Blocks;

/**
 * What {@link ResetScanMapper} tells {@link IndexWriterReducer} about one scanned folder: its
 * index in the archive, the archive's length and modification time as seen by the scan (the
 * reducer writes them into the index and checks the archive has not changed since), and the
 * folder's dictionary resets, the one at offset 0 included.
 *
 * <p>Binary, not text: variable-length numbers, the offsets as deltas from the previous reset
 * (small and positive, as resets are in increasing order). Reused by the mapper; the reducer
 * must copy {@link #resets()} before the framework reads the next value into it.
 */
public class FolderResets implements Writable {

  private int folder;
  private long archiveLength;
  private long archiveModificationTime;
  private final List<Lzma2Blocks.Reset> resets = new ArrayList<>();

  /** An empty value, for the framework. */
  public FolderResets() {
  }

  /** Replaces the contents; returns this. */
  public FolderResets set(int folder, long archiveLength, long archiveModificationTime,
      List<Lzma2Blocks.Reset> folderResets) {
    this.folder = folder;
    this.archiveLength = archiveLength;
    this.archiveModificationTime = archiveModificationTime;
    resets.clear();
    resets.addAll(folderResets);
    return this;
  }

  /** Index of the folder in its archive. */
  public int folder() {
    return folder;
  }

  /** Length of the archive when it was scanned. */
  public long archiveLength() {
    return archiveLength;
  }

  /** Modification time (ms) of the archive when it was scanned. */
  public long archiveModificationTime() {
    return archiveModificationTime;
  }

  /** The folder's resets in increasing order (a view: copy it to keep it). */
  public List<Lzma2Blocks.Reset> resets() {
    return Collections.unmodifiableList(resets);
  }

  @Override
  public void write(DataOutput out) throws IOException {
    WritableUtils.writeVInt(out, folder);
    WritableUtils.writeVLong(out, archiveLength);
    WritableUtils.writeVLong(out, archiveModificationTime);
    WritableUtils.writeVInt(out, resets.size());
    long packed = 0;
    long unpacked = 0;
    for (Lzma2Blocks.Reset r : resets) {
      WritableUtils.writeVLong(out, r.packedOffset() - packed);
      WritableUtils.writeVLong(out, r.unpackedOffset() - unpacked);
      packed = r.packedOffset();
      unpacked = r.unpackedOffset();
    }
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    folder = WritableUtils.readVInt(in);
    archiveLength = WritableUtils.readVLong(in);
    archiveModificationTime = WritableUtils.readVLong(in);
    int count = WritableUtils.readVInt(in);
    if (count < 0) {
      throw new IOException("FolderResets of folder " + folder + ": negative reset count " + count);
    }
    resets.clear();
    long packed = 0;
    long unpacked = 0;
    for (int i = 0; i < count; i++) {
      packed += WritableUtils.readVLong(in);
      unpacked += WritableUtils.readVLong(in);
      resets.add(new Lzma2Blocks.Reset(packed, unpacked));
    }
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof FolderResets)) {
      return false;
    }
    FolderResets other = (FolderResets) o;
    return folder == other.folder && archiveLength == other.archiveLength
        && archiveModificationTime == other.archiveModificationTime && resets.equals(other.resets);
  }

  @Override
  public int hashCode() {
    return ((folder * 31 + Long.hashCode(archiveLength)) * 31 + Long.hashCode(archiveModificationTime)) * 31
        + resets.hashCode();
  }

  @Override
  public String toString() {
    return "folder " + folder + " of an archive of " + archiveLength + " bytes modified at "
        + archiveModificationTime + ": " + resets;
  }
}
