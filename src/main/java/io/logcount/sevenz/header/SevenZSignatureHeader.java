package io.logcount.sevenz.header;

import java.io.EOFException;
import java.io.IOException;
import java.util.zip.CRC32;

import io.logcount.sevenz.source.ArchiveSource;
import io.logcount.sevenz.source.SevenZFormatException;
import io.logcount.sevenz.source.VolumeSet;

/**
 * The 32 bytes at the start of every 7z archive (7zFormat.txt, "SignatureHeader"): magic,
 * version, and the StartHeader that locates the header at the archive's end.
 */
final class SevenZSignatureHeader {
  static final int SIZE = 32;
  private static final byte[] MAGIC = {'7', 'z', (byte) 0xBC, (byte) 0xAF, 0x27, 0x1C};

  /** Absolute offset of the next header. */
  final long nextHeaderOffset;
  final long nextHeaderSize;
  final long nextHeaderCrc;

  private SevenZSignatureHeader(long nextHeaderOffset, long nextHeaderSize, long nextHeaderCrc) {
    this.nextHeaderOffset = nextHeaderOffset;
    this.nextHeaderSize = nextHeaderSize;
    this.nextHeaderCrc = nextHeaderCrc;
  }

  static SevenZSignatureHeader read(ArchiveSource source, long length) throws IOException {
    String name = source.name();
    byte[] b = new byte[SIZE];
    int have = (int) Math.min(SIZE, length);
    try {
      source.readFully(0, b, 0, have);
    } catch (EOFException e) {
      throw truncated(name, "the archive ended while its first bytes were read", e);
    }
    for (int i = 0; i < MAGIC.length; i++) {
      if (i >= have || b[i] != MAGIC[i]) {
        throw new SevenZFormatException("not a 7z archive (bad signature): " + name
            + " does not start with the 7z magic bytes 37 7A BC AF 27 1C; check the input path"
            + " and that the file is a 7z archive");
      }
    }
    if (have < SIZE) {
      throw truncated(name, "it is only " + length + " bytes long, shorter than the 32-byte"
          + " signature header", null);
    }
    if (b[6] != 0) {
      throw new SevenZFormatException("7z archive " + name + " has format version " + b[6] + "."
          + b[7] + "; only version 0.x is supported: re-create it with 7-Zip");
    }
    // StartHeaderCRC (bytes 8..11) covers the StartHeader (bytes 12..31).
    CRC32 crc = new CRC32();
    crc.update(b, 12, 20);
    if (crc.getValue() != le(b, 8, 4)) {
      throw new SevenZFormatException("corrupt 7z archive " + name + ": the start header fails its"
          + " CRC check (an all-zero start header means 7-Zip did not finish writing it);"
          + " re-create or re-download the archive");
    }
    long offset = le(b, 12, 8);
    long size = le(b, 20, 8);
    if (offset < 0 || size < 0 || offset > length - SIZE || size > length - SIZE - offset) {
      throw truncated(name, "its header lies at bytes " + Long.toUnsignedString(SIZE + offset)
          + "+" + Long.toUnsignedString(size) + " but the archive is only " + length
          + " bytes long", null);
    }
    return new SevenZSignatureHeader(SIZE + offset, size, le(b, 28, 4));
  }

  private static long le(byte[] b, int off, int n) {
    long v = 0;
    for (int i = 0; i < n; i++) {
      v |= (long) (b[off + i] & 0xFF) << (8 * i);
    }
    return v;
  }

  /**
   * "Truncated": for a volume set ({@code name.7z.001}) most likely because its last volumes are
   * missing, which the volumes' names alone cannot show.
   */
  static SevenZFormatException truncated(String name, String detail, Throwable cause) {
    if (VolumeSet.isVolumeName(name)) {
      return new SevenZFormatException("7z archive " + name + " is truncated (is a volume missing?): "
          + detail + "; copy every volume of the set next to the first one, the last included",
          cause);
    }
    return new SevenZFormatException("7z archive " + name + " is truncated: " + detail
        + "; copy or download it again in full (for a multi-volume archive, pass its .001 volume"
        + " with all the volumes beside it)", cause);
  }
}
