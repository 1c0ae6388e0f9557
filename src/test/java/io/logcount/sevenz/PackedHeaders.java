package io.logcount.sevenz;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.zip.CRC32;

import io.logcount.sevenz.header.SevenZNid;

/**
 * Builds kEncodedHeader archives by hand (7zFormat.txt "HeaderInfo"): the current header
 * becomes a Copy-coded packed stream, and a new header says where it is.
 */
public final class PackedHeaders {
  private PackedHeaders() {
  }

  /** {@code archive} with its header packed (Copy) behind one more kEncodedHeader. */
  static byte[] wrap(byte[] archive) {
    int headerOffset = BytesArchiveSource.headerOffset(archive);
    int headerSize = (int) BytesArchiveSource.le(archive, 20, 8);
    CRC32 crc = new CRC32();
    crc.update(archive, headerOffset, headerSize);
    byte[] encoded = encodedHeader(headerOffset - 32, headerSize, crc.getValue());
    byte[] out = Arrays.copyOf(archive, headerOffset + headerSize + encoded.length);
    System.arraycopy(encoded, 0, out, headerOffset + headerSize, encoded.length);
    return withHeaderAt(out, headerOffset + headerSize, encoded.length);
  }

  /**
   * {@code archive} whose header is a kEncodedHeader that packs itself: unpacking it gives it
   * again, for ever. No CRC (none could match its own bytes).
   */
  static byte[] selfReferencing(byte[] archive) {
    int at = BytesArchiveSource.headerOffset(archive);
    int size = 16;
    byte[] encoded;
    while (true) { // the header's length appears inside it: iterate to the fixed point
      encoded = encodedHeader(at - 32, size, -1);
      if (encoded.length == size) {
        break;
      }
      size = encoded.length;
    }
    byte[] out = Arrays.copyOf(archive, at + encoded.length);
    System.arraycopy(encoded, 0, out, at, encoded.length);
    return withHeaderAt(out, at, encoded.length);
  }

  private static byte[] withHeaderAt(byte[] archive, int offset, int size) {
    BytesArchiveSource.putLe(archive, 12, 8, offset - 32);
    BytesArchiveSource.putLe(archive, 20, 8, size);
    BytesArchiveSource.fixCrcs(archive);
    return archive;
  }

  /** kEncodedHeader, PackInfo, UnPackInfo with one Copy folder, [CRC], kEnd. */
  private static byte[] encodedHeader(long packPos, long size, long crc) {
    ByteArrayOutputStream h = new ByteArrayOutputStream();
    h.write(SevenZNid.ENCODED_HEADER);
    h.write(SevenZNid.PACK_INFO);
    number(h, packPos);
    number(h, 1);
    h.write(SevenZNid.SIZE);
    number(h, size);
    h.write(SevenZNid.END);
    h.write(SevenZNid.UNPACK_INFO);
    h.write(SevenZNid.FOLDER);
    number(h, 1); // one folder
    h.write(0); // not external
    number(h, 1); // one coder
    h.write(0x01); // id size 1, simple, no properties
    h.write(0x00); // Copy
    h.write(SevenZNid.CODERS_UNPACK_SIZE);
    number(h, size);
    if (crc >= 0) {
      h.write(SevenZNid.CRC);
      h.write(1); // all defined
      for (int i = 0; i < 4; i++) {
        h.write((int) (crc >>> (8 * i)));
      }
    }
    h.write(SevenZNid.END);
    h.write(SevenZNid.END);
    return h.toByteArray();
  }

  /** 7z UINT64: as many leading 1-bits in the first byte as extra bytes follow. */
  public static void number(ByteArrayOutputStream out, long v) {
    int extra = 0;
    while (extra < 8 && Long.compareUnsigned(v, 1L << (7 * (extra + 1))) >= 0) {
      extra++;
    }
    if (extra == 8) {
      out.write(0xFF);
    } else {
      int high = (int) (v >>> (8 * extra));
      out.write((0xFF00 >> extra) & 0xFF | high);
    }
    for (int i = 0; i < extra; i++) {
      out.write((int) (v >>> (8 * i)));
    }
  }
}
