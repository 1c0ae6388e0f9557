package io.logcount.sevenz.decode;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import io.logcount.sevenz.archive.SevenZArchive;
import io.logcount.sevenz.archive.SevenZFolder;
import io.logcount.sevenz.archive.SevenZFolderCoding;
import io.logcount.sevenz.source.ArchiveSource;
import io.logcount.sevenz.source.SevenZFormatException;

/**
 * Finds the points inside an LZMA2 folder where decoding can start afresh.
 *
 * <p>An LZMA2 stream is a sequence of chunks, each with a small header (xz's LZMA2 format,
 * which 7z's method 21 uses unchanged). The control byte says what the chunk resets:
 * {@code 0x00} ends the stream; {@code 0x01} is an uncompressed chunk that resets the
 * dictionary, {@code 0x02} one that does not; {@code 0x80..0xFF} is an LZMA chunk whose bits 5-6
 * say what it resets, {@code 0xE0..0xFF} meaning state, properties and dictionary. A chunk that
 * resets the dictionary does not refer to any byte before it, so a decoder started there
 * produces exactly the bytes from that point on. 7-Zip's multithreaded encoder (and
 * {@code -m0=LZMA2:c=SIZE}) starts every block that way, which makes one huge solid folder
 * splittable. Finding the resets needs only the chunk headers: each names its packed size, so
 * the scan skips the packed data without decoding it.
 *
 * <p>Only folders made of one LZMA2 coder qualify: a filter after LZMA2 (BCJ, Delta) carries
 * state across the whole folder, so its output cannot be resumed mid-stream.
 */
public final class Lzma2Blocks {

  /** 7z method id of LZMA2 (Methods.txt). */
  private static final long LZMA2_METHOD = 0x21L;

  /** One dictionary reset: where its chunk starts in the packed stream and in the output. */
  public static final class Reset {
    private final long packedOffset;
    private final long unpackedOffset;

    public Reset(long packedOffset, long unpackedOffset) {
      this.packedOffset = packedOffset;
      this.unpackedOffset = unpackedOffset;
    }

    /** Offset of the chunk's control byte from the folder's first packed byte. */
    public long packedOffset() {
      return packedOffset;
    }

    /** Offset in the folder's unpacked output of the first byte the chunk produces. */
    public long unpackedOffset() {
      return unpackedOffset;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Reset && ((Reset) o).packedOffset == packedOffset
          && ((Reset) o).unpackedOffset == unpackedOffset;
    }

    @Override
    public int hashCode() {
      return Long.hashCode(packedOffset * 31 + unpackedOffset);
    }

    @Override
    public String toString() {
      return "reset@" + packedOffset + "/" + unpackedOffset;
    }
  }

  private Lzma2Blocks() {
  }

  /** True if the folder is one LZMA2 coder over one packed stream: splittable at resets. */
  public static boolean isSplittable(SevenZFolder folder) {
    SevenZFolderCoding coding = folder.coding();
    return coding.numCoders() == 1 && coding.numPackedStreams() == 1
        && coding.coder(0).methodIdValue() == LZMA2_METHOD;
  }

  /**
   * Every dictionary reset of a splittable folder, the first (at offset 0) included, in order.
   *
   * @throws SevenZFormatException if the chunk headers are inconsistent with the folder's sizes
   */
  public static List<Reset> scan(ArchiveSource source, SevenZArchive archive, SevenZFolder folder)
      throws IOException {
    if (!isSplittable(folder)) {
      throw new IllegalArgumentException(folder + " is not a single LZMA2 coder");
    }
    String where = SevenZFolder.where(archive.name(), folder.index());
    List<Reset> resets = new ArrayList<>();
    long packed = 0;
    long unpacked = 0;
    try (InputStream in = new BufferedInputStream(
        source.openRange(folder.packedOffset(), folder.packedSize()), 16 << 10)) {
      while (true) {
        int control = in.read();
        if (control <= 0) {
          break; // 0x00 is the end marker; 7-Zip may also just end the packed stream
        }
        long chunkStart = packed;
        long unpackedSize;
        long dataSize;
        int headerSize;
        if (control == 0x01 || control == 0x02) {
          unpackedSize = readUnsignedShort(in, where) + 1;
          dataSize = unpackedSize;
          headerSize = 3;
        } else if (control >= 0x80) {
          unpackedSize = ((long) (control & 0x1F) << 16) + readUnsignedShort(in, where) + 1;
          dataSize = readUnsignedShort(in, where) + 1;
          headerSize = 5;
          if (control >= 0xC0) {
            readByte(in, where); // new lc/lp/pb properties
            headerSize = 6;
          }
        } else {
          throw new SevenZFormatException("corrupt LZMA2 stream in " + where + ": invalid chunk"
              + " control byte 0x" + Integer.toHexString(control) + " at packed offset " + chunkStart);
        }
        if (control == 0x01 || control >= 0xE0) {
          resets.add(new Reset(chunkStart, unpacked));
        }
        skipFully(in, dataSize, where);
        packed += headerSize + dataSize;
        unpacked += unpackedSize;
        if (packed > folder.packedSize() || unpacked > folder.unpackSize()) {
          throw new SevenZFormatException("corrupt LZMA2 stream in " + where + ": chunks run past"
              + " the folder's sizes (" + folder.packedSize() + " packed, " + folder.unpackSize()
              + " unpacked)");
        }
      }
    }
    if (unpacked != folder.unpackSize()) {
      throw new SevenZFormatException("corrupt LZMA2 stream in " + where + ": its chunks hold "
          + unpacked + " bytes, the header says " + folder.unpackSize());
    }
    if (resets.isEmpty() || resets.get(0).packedOffset() != 0) {
      throw new SevenZFormatException("corrupt LZMA2 stream in " + where
          + ": the first chunk does not reset the dictionary");
    }
    return resets;
  }

  private static int readByte(InputStream in, String where) throws IOException {
    int b = in.read();
    if (b < 0) {
      throw new SevenZFormatException("truncated LZMA2 stream in " + where + ": a chunk header is cut short");
    }
    return b;
  }

  private static int readUnsignedShort(InputStream in, String where) throws IOException {
    return (readByte(in, where) << 8) | readByte(in, where);
  }

  private static void skipFully(InputStream in, long n, String where) throws IOException {
    long left = n;
    while (left > 0) {
      long skipped = in.skip(left);
      if (skipped <= 0) {
        if (in.read() < 0) {
          throw new EOFException("truncated LZMA2 stream in " + where + ": a chunk's data is cut short");
        }
        skipped = 1;
      }
      left -= skipped;
    }
  }
}
