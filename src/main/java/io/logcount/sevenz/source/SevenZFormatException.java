package io.logcount.sevenz.source;

import java.io.IOException;

/**
 * A 7z archive that cannot be read: not a 7z archive, truncated, corrupt, encrypted, too large
 * for the configured limits, or compressed with a method this reader does not decode.
 *
 * <p>Every message names the archive, the folder (and the entry where known), what is wrong,
 * and what to do about it, so that a failed Hadoop task explains itself in its log.
 */
public class SevenZFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  /** An error with a complete, self-explaining message. */
  public SevenZFormatException(String message) {
    super(message);
  }

  /** An error caused by a lower-level failure (a decoder's exception, an early EOF). */
  public SevenZFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
