package io.logcount.sevenz.archive;

import java.util.Collections;
import java.util.List;

import io.logcount.sevenz.source.SevenZFormatException;

/**
 * One folder of a 7z archive: a run of packed bytes that one decoder chain turns into one
 * output, the concatenated bytes of {@link #entries()}. A folder is the unit that can be
 * decoded without the rest of the archive (one Hadoop split per folder), through
 * {@code SevenZFolderDecoder.open}. Immutable.
 */
public final class SevenZFolder {
  private final int index;
  private final long packedOffset;
  private final long packedSize;
  private final SevenZFolderCoding coding;
  private final List<SevenZEntry> entries;
  private final String methods;
  private final long decoderMemoryBytes;
  private final boolean encrypted;

  public SevenZFolder(int index, long packedOffset, long packedSize, SevenZFolderCoding coding,
      List<SevenZEntry> entries, String where) throws SevenZFormatException {
    this.index = index;
    this.packedOffset = packedOffset;
    this.packedSize = packedSize;
    this.coding = coding;
    this.entries = Collections.unmodifiableList(entries);
    this.methods = coding.methods();
    this.decoderMemoryBytes = coding.memoryBytes(where);
    this.encrypted = coding.needsPassword();
  }

  /** Position in {@link SevenZArchive#folders()}. */
  public int index() {
    return index;
  }

  /**
   * Absolute archive offset of the folder's first packed byte: 32 (signature header) + PackPos
   * + the sizes of all packed streams before it.
   */
  public long packedOffset() {
    return packedOffset;
  }

  /** Sum of the sizes of the folder's packed streams, which follow each other. */
  public long packedSize() {
    return packedSize;
  }

  /** Size of the folder's decoded output. */
  public long unpackSize() {
    return coding.unpackSize();
  }

  /** The entries whose bytes this folder holds, in order; possibly none. */
  public List<SevenZEntry> entries() {
    return entries;
  }

  /**
   * The coders in the order the encoder applied them, as text for messages: "LZMA2:16m",
   * "BCJ LZMA2:1m", "Delta:4 LZMA2:16m".
   */
  public String methods() {
    return methods;
  }

  /**
   * Memory the decoder chain allocates (LZMA/LZMA2 dictionary, BZip2 tables and the like),
   * computed from the coder properties without allocating anything. Dictionaries larger than
   * the folder's output count only as large as the output, since that is all a decoder needs.
   */
  public long decoderMemoryBytes() {
    return decoderMemoryBytes;
  }

  /**
   * True if the folder is encrypted (7zAES): decoding it needs the archive's password, given
   * to {@code SevenZFolderDecoder.open}.
   */
  public boolean isEncrypted() {
    return encrypted;
  }

  /** The coder graph, for the decoder. */
  public SevenZFolderCoding coding() {
    return coding;
  }

  @Override
  public String toString() {
    return "SevenZFolder[" + index + " " + methods + " packed @" + packedOffset + " +" + packedSize
        + " -> " + unpackSize() + " bytes, " + entries.size() + " entries]";
  }

  /** How messages name folder {@code folder} of {@code archiveName}: "7z archive NAME, folder N". */
  public static String where(String archiveName, int folder) {
    return "7z archive " + archiveName + ", folder " + folder;
  }
}
