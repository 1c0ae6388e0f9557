package io.logcount.sevenz.header;

import java.util.Arrays;

import io.logcount.sevenz.coders.SevenZLimits;
import io.logcount.sevenz.source.SevenZFormatException;

/**
 * The file list of a 7z header (7zFormat.txt, "FilesInfo"), one slot per file: name, whether
 * the file has data (a substream), and, for files without, whether it is an empty file, a
 * directory or an anti-item. Parsed by {@link #parse}.
 */
final class SevenZFilesInfo {
  /** Rough heap cost of one entry (object, name, list slot), to bound the file count. */
  static final long BYTES_PER_ENTRY = 128;
  /** FILE_ATTRIBUTE_DIRECTORY in kWinAttributes. */
  private static final long DIRECTORY_ATTRIBUTE = 0x10;

  final int numFiles;
  final String[] names;
  final boolean[] emptyStream;
  final boolean[] emptyFile;
  final boolean[] anti;
  final boolean[] directoryAttribute;

  private SevenZFilesInfo(int numFiles) {
    this.numFiles = numFiles;
    this.names = new String[numFiles];
    Arrays.fill(names, "");
    this.emptyStream = new boolean[numFiles];
    this.emptyFile = new boolean[numFiles];
    this.anti = new boolean[numFiles];
    this.directoryAttribute = new boolean[numFiles];
  }

  /** No FilesInfo in the header. */
  static SevenZFilesInfo none() {
    return new SevenZFilesInfo(0);
  }

  /**
   * Parses FilesInfo after its id, through its kEnd.
   *
   * @param substreams how many substreams the folders hold (files with data)
   */
  static SevenZFilesInfo parse(SevenZHeaderBuffer buf, int substreams, SevenZLimits limits)
      throws SevenZFormatException {
    int numFiles = buf.readCount("NumFiles", 0, Integer.MAX_VALUE - 8);
    // A file either has a substream or an IsEmptyStream bit: that bounds the count.
    if (numFiles > substreams + 8L * buf.remaining()) {
      throw buf.corrupt("NumFiles " + numFiles + " exceeds what the header can describe");
    }
    long bytes = numFiles * BYTES_PER_ENTRY;
    if (bytes > limits.maxMemoryBytes()) {
      throw new SevenZFormatException("7z archive " + buf.archiveName() + " lists " + numFiles
          + " files, about " + SevenZLimits.describeBytes(bytes) + " of memory, more than the"
          + " limit of " + limits.describeLimit() + "; " + limits.raiseHint() + " or split the archive");
    }
    SevenZFilesInfo info = new SevenZFilesInfo(numFiles);
    info.properties(buf);
    return info;
  }

  private void properties(SevenZHeaderBuffer buf) throws SevenZFormatException {
    int numEmpty = -1;
    // PropertyType is an id, a UINT64 (SevenZHeaderBuffer.readId), so types of 0x80 and up,
    // which 7-Zip skips by their Size as unknown, take several bytes.
    for (long type = buf.readId(); type != SevenZNid.END; type = buf.readId()) {
      SevenZHeaderBuffer p = buf.slice(buf.readSize("FilesInfo property size", buf.remaining()));
      // A type beyond int is none of the known ones below: -1 takes it to the default branch.
      switch (type >= 0 && type <= Integer.MAX_VALUE ? (int) type : -1) {
        case SevenZNid.EMPTY_STREAM:
          boolean[] bits = p.readBits(numFiles);
          System.arraycopy(bits, 0, emptyStream, 0, numFiles);
          numEmpty = 0;
          for (boolean b : bits) {
            numEmpty += b ? 1 : 0;
          }
          break;
        case SevenZNid.EMPTY_FILE:
          spreadOverEmptyStreams(p, numEmpty, "kEmptyFile", emptyFile);
          break;
        case SevenZNid.ANTI:
          spreadOverEmptyStreams(p, numEmpty, "kAnti", anti);
          break;
        case SevenZNid.NAME:
          external(p, "kName");
          for (int i = 0; i < numFiles; i++) {
            names[i] = p.readUtf16String();
          }
          break;
        case SevenZNid.WIN_ATTRIBUTES:
          boolean[] defined = p.readAllOrBits(numFiles);
          external(p, "kWinAttributes");
          for (int i = 0; i < numFiles; i++) {
            directoryAttribute[i] = defined[i] && (p.readUInt32() & DIRECTORY_ATTRIBUTE) != 0;
          }
          break;
        default:
          // Times, kStartPos, kDummy (padding) and ids of later 7-Zip versions: skipped by size.
          break;
      }
    }
  }

  /** kEmptyFile and kAnti have one bit per empty-stream file, so kEmptyStream must come first. */
  private void spreadOverEmptyStreams(SevenZHeaderBuffer p, int numEmpty, String property,
      boolean[] target) throws SevenZFormatException {
    if (numEmpty < 0) {
      throw p.corrupt(property + " comes before kEmptyStream");
    }
    boolean[] bits = p.readBits(numEmpty);
    for (int i = 0, e = 0; i < numFiles; i++) {
      if (emptyStream[i]) {
        target[i] = bits[e++];
      }
    }
  }

  private static void external(SevenZHeaderBuffer p, String property)
      throws SevenZFormatException {
    if (p.readByte() != 0) {
      throw p.corrupt(property + " stored in an external data stream is not supported");
    }
  }
}
