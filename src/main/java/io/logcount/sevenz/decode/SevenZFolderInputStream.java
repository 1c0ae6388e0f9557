package io.logcount.sevenz.decode;

import java.io.IOException;
import java.io.InputStream;

import io.logcount.sevenz.coders.SevenZCoders;
import io.logcount.sevenz.coders.SevenZPasswordException;
import io.logcount.sevenz.source.SevenZFormatException;

/**
 * The output of a folder's decoder chain, cut to the folder's unpack size, with every decoder
 * failure turned into a {@link SevenZFormatException} that names archive, folder and methods.
 * A decoder that ends before the unpack size is a failure too (truncated packed data). In an
 * encrypted folder the likely cause of any such failure is a wrong password, and the message
 * says so first.
 */
final class SevenZFolderInputStream extends InputStream {
  private final InputStream in;
  private final long size;
  private final String where;
  private final String methods;
  /** {@link SevenZCoders.Encrypted#wrongPassword} for an encrypted folder, else null. */
  private final String wrongPassword;
  private final byte[] one = new byte[1];
  private long remaining;
  private boolean closed;

  SevenZFolderInputStream(InputStream in, long size, String where, String methods) {
    this(in, size, where, methods, null);
  }

  /**
   * @param wrongPassword for an encrypted folder, {@link SevenZCoders.Encrypted#wrongPassword};
   *     null otherwise
   */
  SevenZFolderInputStream(InputStream in, long size, String where, String methods,
      String wrongPassword) {
    this.in = in;
    this.size = size;
    this.where = where;
    this.methods = methods;
    this.wrongPassword = wrongPassword;
    this.remaining = size;
  }

  /** A decoder's exception as a SevenZFormatException; ours pass through unchanged. */
  static SevenZFormatException decodeError(String where, String methods, Exception e) {
    return decodeError(where, methods, null, e);
  }

  /** As {@link #decodeError(String, String, Exception)}, for a folder that may be encrypted. */
  static SevenZFormatException decodeError(String where, String methods, String wrongPassword,
      Exception e) {
    if (e instanceof SevenZFormatException) {
      return (SevenZFormatException) e;
    }
    String detail = e.getClass().getSimpleName();
    return decodeError(where, methods, wrongPassword,
        e.getMessage() == null ? detail : detail + ": " + e.getMessage(), e);
  }

  private static SevenZFormatException decodeError(String where, String methods,
      String wrongPassword, String detail, Throwable cause) {
    if (wrongPassword != null) {
      return new SevenZPasswordException(wrongPassword + " (" + methods + ") does not decode: "
          + detail + "; " + SevenZCoders.Encrypted.WRONG_PASSWORD_FIX, cause);
    }
    return new SevenZFormatException("corrupt or truncated packed data in " + where + " ("
        + methods + "): " + detail + "; re-create or re-download the archive (7zz t shows the"
        + " damage)", cause);
  }

  @Override
  public int read() throws IOException {
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (closed) {
      throw new IOException("stream closed: 7z " + where);
    }
    if (off < 0 || len < 0 || len > b.length - off) {
      throw new IndexOutOfBoundsException();
    }
    if (len == 0) {
      return 0;
    }
    if (remaining == 0) {
      return -1;
    }
    int n;
    try {
      n = in.read(b, off, (int) Math.min(len, remaining));
    } catch (IOException | RuntimeException e) {
      throw decodeError(where, methods, wrongPassword, e);
    }
    if (n < 0) {
      throw decodeError(where, methods, wrongPassword, "the decoder ended after " + (size - remaining) + " of "
          + size + " bytes", null);
    }
    remaining -= n;
    return n;
  }

  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      in.close();
    }
  }
}
