package io.logcount.sevenz.source;

import java.io.IOException;
import java.io.InputStream;

/**
 * The stream {@link ArchiveSource#openRange} returns: sequential reads of the bytes
 * {@code [start, start + length)} of an archive, EOF at the range's end. A source supplies only
 * {@link #readAt}, which reads at an absolute position; this class keeps the position, so
 * several ranges of one source may be read in turn. Skipping moves the position without reading.
 */
abstract class ArchiveRangeStream extends InputStream {
  private long next;
  private final long end;
  private final byte[] one = new byte[1];

  ArchiveRangeStream(long start, long length) {
    this.next = start;
    this.end = start + length;
  }

  /** Absolute offset where the range ends (exclusive). */
  final long end() {
    return end;
  }

  /**
   * Reads between 1 and {@code len} bytes at absolute {@code position} ({@code len >= 1}, all
   * within the range).
   *
   * @throws java.io.EOFException naming the archive if it ends before {@code position + 1}
   */
  protected abstract int readAt(long position, byte[] b, int off, int len) throws IOException;

  @Override
  public final int read() throws IOException {
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public final int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (next >= end) {
      return -1;
    }
    int n = readAt(next, b, off, (int) Math.min(len, end - next));
    next += n;
    return n;
  }

  @Override
  public final long skip(long n) {
    long skipped = Math.max(0, Math.min(n, end - next));
    next += skipped;
    return skipped;
  }

  @Override
  public final int available() {
    return (int) Math.min(Integer.MAX_VALUE, end - next);
  }
}
