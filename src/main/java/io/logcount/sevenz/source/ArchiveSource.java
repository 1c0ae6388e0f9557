package io.logcount.sevenz.source;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * Random access to the bytes of one 7z archive, wherever it lives (local file, HDFS, S3).
 *
 * <p>The 7z layout needs both kinds of access: the header is found through positional reads
 * (signature header at offset 0, next header near the end), and a folder's packed streams are
 * then read front to back. Implementations are not thread safe.
 */
public interface ArchiveSource extends Closeable {

  /** Name used in every error message: the archive's path or URI. */
  String name();

  /** Total length of the archive in bytes. */
  long length() throws IOException;

  /**
   * Reads exactly {@code len} bytes starting at absolute {@code position}.
   *
   * @throws java.io.EOFException if the archive ends first
   */
  void readFully(long position, byte[] buffer, int offset, int len) throws IOException;

  /**
   * A sequential stream over the bytes {@code [position, position + length)}. It reports EOF at
   * the end of the range and throws {@link java.io.EOFException} if the archive ends first.
   * Closing it does not close this source.
   */
  InputStream openRange(long position, long length) throws IOException;

  /**
   * Packed bytes read so far through {@link #openRange} streams, which a record reader reports
   * as progress; 0 for sources that do not count them.
   */
  default long rangeBytesRead() {
    return 0;
  }
}
