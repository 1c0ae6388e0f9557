package io.logcount.sevenz.archive;

import io.logcount.sevenz.source.SevenZFormatException;

/**
 * One item of a 7z archive's file list: a file with data, an empty file, or a directory.
 *
 * <p>A file with data ({@link #hasStream()}) is one substream of one folder: its bytes are
 * {@code [offsetInFolder(), offsetInFolder() + size())} of that folder's unpacked output
 * (7zFormat.txt, "SubStreams Info"). Entries of one folder follow each other without gaps, in
 * header order. Immutable.
 */
public final class SevenZEntry {
  private final int index;
  private final String name;
  private final boolean directory;
  private final boolean anti;
  private final long size;
  private final int folderIndex;
  private final long offsetInFolder;
  private final boolean hasCrc;
  private final long crc;

  private SevenZEntry(int index, String name, boolean directory, boolean anti, long size,
      int folderIndex, long offsetInFolder, boolean hasCrc, long crc) {
    this.index = index;
    this.name = name;
    this.directory = directory;
    this.anti = anti;
    this.size = size;
    this.folderIndex = folderIndex;
    this.offsetInFolder = offsetInFolder;
    this.hasCrc = hasCrc;
    this.crc = crc;
  }

  /** An entry whose bytes live in a folder. */
  public static SevenZEntry withStream(int index, String name, int folderIndex, long offsetInFolder,
      long size, boolean hasCrc, long crc) {
    return new SevenZEntry(index, name, false, false, size, folderIndex, offsetInFolder, hasCrc,
        crc);
  }

  /** A directory, an empty file or an anti-item (a deletion marker of update archives). */
  public static SevenZEntry withoutStream(int index, String name, boolean directory, boolean anti) {
    return new SevenZEntry(index, name, directory, anti, 0, -1, 0, false, 0);
  }

  /** Position of this entry in {@link SevenZArchive#entries()}. */
  public int index() {
    return index;
  }

  /** Path inside the archive, '/'-separated as 7-Zip stores it; "" if the header has no names. */
  public String name() {
    return name;
  }

  /** True for a directory. */
  public boolean isDirectory() {
    return directory;
  }

  /** True for an anti-item: an update archive's marker that deletes {@link #name()}; no data. */
  public boolean isAnti() {
    return anti;
  }

  /** True if the entry has bytes in a folder; false for directories and empty files. */
  public boolean hasStream() {
    return folderIndex >= 0;
  }

  /** Unpacked size in bytes; 0 without a stream. */
  public long size() {
    return size;
  }

  /** Index of the folder holding the bytes, or -1 without a stream. */
  public int folderIndex() {
    return folderIndex;
  }

  /** Offset of the entry's first byte in its folder's unpacked output; 0 without a stream. */
  public long offsetInFolder() {
    return offsetInFolder;
  }

  /** True if the header records a CRC32 of the entry's bytes. */
  public boolean hasCrc() {
    return hasCrc;
  }

  /** CRC32 of the entry's bytes, unsigned, if {@link #hasCrc()}; else 0. */
  public long crc() {
    return crc;
  }

  /**
   * Compares the CRC32 computed over this entry's decoded bytes with the header's.
   *
   * @param archiveName the archive's name, for the message
   * @param actualCrc the CRC32 of the bytes read, e.g. {@link java.util.zip.CRC32#getValue()}
   * @throws SevenZFormatException if the header has a CRC and it differs
   */
  public void checkCrc(String archiveName, long actualCrc) throws SevenZFormatException {
    if (hasCrc && actualCrc != crc) {
      throw new SevenZFormatException(String.format(java.util.Locale.ROOT,
          "CRC mismatch in 7z archive %s, folder %d, entry '%s': the header says %08x but the"
              + " decoded bytes give %08x, so the packed data is corrupt; re-create or re-download"
              + " the archive (7zz t shows the damage)",
          archiveName, folderIndex, name, crc, actualCrc));
    }
  }

  @Override
  public String toString() {
    if (!hasStream()) {
      return "SevenZEntry[" + index + " '" + name + "' " + (directory ? "dir" : "empty") + "]";
    }
    return "SevenZEntry[" + index + " '" + name + "' folder " + folderIndex + " @" + offsetInFolder
        + " +" + size + "]";
  }
}
