package io.logcount.sevenz.header;

import java.util.Locale;

import io.logcount.sevenz.source.SevenZFormatException;

/**
 * A bounds-checked cursor over the bytes of a 7z header, with the header's number encodings
 * (7zFormat.txt, "Notes about Notation and encoding"). Every read that would pass the end, and
 * every count that the remaining bytes cannot hold, fails with a {@link SevenZFormatException}
 * naming the archive and the byte offset, so the parser never trusts a count before it
 * allocates for it.
 */
final class SevenZHeaderBuffer {
  private final String archiveName;
  private final String what;
  private final byte[] data;
  private final int end;
  private int pos;

  SevenZHeaderBuffer(String archiveName, String what, byte[] data) {
    this(archiveName, what, data, 0, data.length);
  }

  private SevenZHeaderBuffer(String archiveName, String what, byte[] data, int pos, int end) {
    this.archiveName = archiveName;
    this.what = what;
    this.data = data;
    this.pos = pos;
    this.end = end;
  }

  String archiveName() {
    return archiveName;
  }

  int remaining() {
    return end - pos;
  }

  /** An error at the current position, with the standard "corrupt header" advice. */
  SevenZFormatException corrupt(String detail) {
    return new SevenZFormatException(String.format(Locale.ROOT,
        "corrupt 7z %s in archive %s at header byte %d: %s; the archive is damaged or not"
            + " written by 7-Zip: re-create or re-download it",
        what, archiveName, pos, detail));
  }

  private void need(long n, String item) throws SevenZFormatException {
    if (n > remaining()) {
      throw corrupt(item + " needs " + n + " bytes but only " + remaining() + " remain");
    }
  }

  int readByte() throws SevenZFormatException {
    need(1, "a byte");
    return data[pos++] & 0xFF;
  }

  /** UINT32, little endian, unsigned in a long (CRCs, attributes). */
  long readUInt32() throws SevenZFormatException {
    need(4, "a UINT32");
    long v = 0;
    for (int i = 0; i < 4; i++) {
      v |= (long) (data[pos++] & 0xFF) << (8 * i);
    }
    return v;
  }

  /**
   * A 7z variable-length UINT64: the leading 1-bits of the first byte count the extra bytes,
   * which follow in little endian; the first byte's remaining bits are the high part. May be
   * negative if the value does not fit in a signed long; callers go through
   * {@link #readSize} or {@link #readCount}.
   */
  long readNumber() throws SevenZFormatException {
    int first = readByte();
    int mask = 0x80;
    long value = 0;
    for (int i = 0; i < 8; i++) {
      if ((first & mask) == 0) {
        long high = first & (mask - 1);
        return value | (high << (8 * i));
      }
      value |= (long) readByte() << (8 * i);
      mask >>>= 1;
    }
    return value;
  }

  /**
   * A property id (kHeader, kEnd, an archive or file property type, ...). 7zFormat.txt draws
   * ids as "BYTE NID::..." and "BYTE PropertyType", but 7-Zip reads every id as a UINT64
   * ("Notes about Notation and encoding"; 7zIn.cpp {@code ReadID()} is {@code ReadNumber()}),
   * and writers use that: an id below 0x80 is the same single byte either way, a larger one
   * (a property type of another writer, e.g. {@code FF 01 00 9A 78 56 34 12 3F}) takes up to
   * nine bytes. Read as one byte, its other bytes would be taken for the property's size.
   * May be negative for ids that do not fit in a signed long: such ids are unknown anyway.
   */
  long readId() throws SevenZFormatException {
    return readNumber();
  }

  /** A number in {@code [0, max]}: a size, offset or index; {@code item} names it in errors. */
  long readSize(String item, long max) throws SevenZFormatException {
    long v = readNumber();
    if (v < 0 || v > max) {
      throw corrupt(item + " " + Long.toUnsignedString(v) + " is out of range (0.." + max + ")");
    }
    return v;
  }

  /** An index in {@code [0, bound)}. */
  int readIndex(String item, int bound) throws SevenZFormatException {
    long v = readNumber();
    if (v < 0 || v >= bound) {
      throw corrupt(item + " " + Long.toUnsignedString(v) + " is out of range (0.." + (bound - 1)
          + ")");
    }
    return (int) v;
  }

  /**
   * A count of items that each take at least {@code minBytesPerItem} bytes of what remains
   * (pass 0 for items that may take none, then {@code max} alone bounds it).
   */
  int readCount(String item, int minBytesPerItem, int max) throws SevenZFormatException {
    long v = readNumber();
    if (v < 0 || v > max) {
      throw corrupt(item + " " + Long.toUnsignedString(v) + " is out of range (0.." + max + ")");
    }
    need(v * minBytesPerItem, v + " " + item);
    return (int) v;
  }

  /** {@code n} bits, most significant bit of each byte first (7zFormat.txt "BIT"). */
  boolean[] readBits(int n) throws SevenZFormatException {
    need((n + 7L) / 8, "a vector of " + n + " bits");
    boolean[] bits = new boolean[n];
    int mask = 0;
    int cache = 0;
    for (int i = 0; i < n; i++) {
      if (mask == 0) {
        mask = 0x80;
        cache = data[pos++] & 0xFF;
      }
      bits[i] = (cache & mask) != 0;
      mask >>>= 1;
    }
    return bits;
  }

  /** A byte "AllAreDefined", then, if it is 0, {@code n} bits (7zFormat.txt "Digests"). */
  boolean[] readAllOrBits(int n) throws SevenZFormatException {
    if (readByte() != 0) {
      boolean[] all = new boolean[n];
      java.util.Arrays.fill(all, true);
      return all;
    }
    return readBits(n);
  }

  /** The next {@code n} bytes as a copy (coder properties, method ids). */
  byte[] readBytes(int n) throws SevenZFormatException {
    need(n, "a field of " + n + " bytes");
    byte[] b = java.util.Arrays.copyOfRange(data, pos, pos + n);
    pos += n;
    return b;
  }

  void skip(long n) throws SevenZFormatException {
    need(n, "skipping a field of " + n + " bytes");
    pos += (int) n;
  }

  /** A cursor over the next {@code n} bytes (one FilesInfo property); this one moves past them. */
  SevenZHeaderBuffer slice(long n) throws SevenZFormatException {
    need(n, "a property of " + n + " bytes");
    SevenZHeaderBuffer sub = new SevenZHeaderBuffer(archiveName, what, data, pos, pos + (int) n);
    pos += (int) n;
    return sub;
  }

  /** A zero-terminated UTF-16LE string (7zFormat.txt, FilesInfo "kNames"). */
  String readUtf16String() throws SevenZFormatException {
    int start = pos;
    int i = pos;
    while (i + 1 < end && (data[i] != 0 || data[i + 1] != 0)) {
      i += 2;
    }
    if (i + 1 >= end) {
      throw corrupt("a file name is not terminated by a UTF-16 zero");
    }
    pos = i + 2;
    return new String(data, start, i - start, java.nio.charset.StandardCharsets.UTF_16LE);
  }

  /** Expects {@code id} next; {@code section} names the header part in the message. */
  void expect(int id, String section) throws SevenZFormatException {
    int start = pos;
    long found = readId();
    if (found != id) {
      pos = start;
      throw corrupt(String.format(Locale.ROOT, "expected property id 0x%02x in %s, found 0x%02x",
          id, section, found));
    }
  }
}
