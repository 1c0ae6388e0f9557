package io.logcount.sevenz;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.zip.CRC32;

import io.logcount.sevenz.source.ArchiveSource;
import io.logcount.testing.Fixtures;

/**
 * An archive in memory, for tests that alter archives: counts the bytes handed out through
 * {@link #openRange}, and can rewrite the header with valid CRCs so that a parser sees the
 * altered structure rather than a CRC error.
 */
final class BytesArchiveSource implements ArchiveSource {
  private final String name;
  private final byte[] bytes;
  long rangeBytesRead;
  int rangesOpened;

  BytesArchiveSource(String name, byte[] bytes) {
    this.name = name;
    this.bytes = bytes;
  }

  static BytesArchiveSource of(String fixture) throws IOException {
    return new BytesArchiveSource(fixture, Files.readAllBytes(Fixtures.file(fixture).toPath()));
  }

  byte[] bytes() {
    return bytes;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public long length() {
    return bytes.length;
  }

  @Override
  public void readFully(long position, byte[] buffer, int offset, int len) throws IOException {
    if (position < 0 || position + len > bytes.length) {
      throw new EOFException(name + ": read of " + len + " bytes at " + position);
    }
    System.arraycopy(bytes, (int) position, buffer, offset, len);
  }

  @Override
  public InputStream openRange(long position, long length) throws IOException {
    rangesOpened++;
    int start = (int) Math.min(position, bytes.length);
    int end = (int) Math.min(position + length, bytes.length);
    boolean cut = position + length > bytes.length;
    return cut ? truncated(start, end) : countingStream(start, end);
  }

  private InputStream countingStream(int start, int end) {
    return new InputStream() {
      private int pos = start;

      @Override
      public int read() {
        return pos < end ? bytes[pos++] & 0xFF : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (len == 0) {
          return 0;
        }
        if (pos >= end) {
          return -1;
        }
        int n = Math.min(len, end - pos);
        System.arraycopy(bytes, pos, b, off, n);
        pos += n;
        rangeBytesRead += n;
        return n;
      }
    };
  }

  /** A range past the end: its bytes, then EOFException as the contract says. */
  private InputStream truncated(int start, int end) {
    InputStream in = countingStream(start, end);
    return new InputStream() {
      @Override
      public int read() throws IOException {
        int c = in.read();
        if (c < 0) {
          throw new EOFException(name + " ends inside a range");
        }
        return c;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n < 0) {
          throw new EOFException(name + " ends inside a range");
        }
        return n;
      }
    };
  }

  @Override
  public void close() {
  }

  // --- header surgery ---------------------------------------------------------------------

  static long le(byte[] b, int off, int n) {
    long v = 0;
    for (int i = 0; i < n; i++) {
      v |= (long) (b[off + i] & 0xFF) << (8 * i);
    }
    return v;
  }

  static void putLe(byte[] b, int off, int n, long v) {
    for (int i = 0; i < n; i++) {
      b[off + i] = (byte) (v >>> (8 * i));
    }
  }

  /** Offset of the header that the start header points to. */
  static int headerOffset(byte[] archive) {
    return (int) (32 + le(archive, 12, 8));
  }

  /** Recomputes NextHeaderCRC (over NextHeaderSize bytes) and StartHeaderCRC. */
  static void fixCrcs(byte[] archive) {
    int off = headerOffset(archive);
    int size = (int) Math.min(le(archive, 20, 8), archive.length - off);
    CRC32 crc = new CRC32();
    crc.update(archive, off, Math.max(size, 0));
    putLe(archive, 28, 4, crc.getValue());
    crc.reset();
    crc.update(archive, 12, 20);
    putLe(archive, 8, 4, crc.getValue());
  }
}
