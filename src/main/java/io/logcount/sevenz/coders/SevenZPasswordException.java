package io.logcount.sevenz.coders;

import io.logcount.sevenz.source.SevenZFormatException;

/**
 * An encrypted 7z archive that cannot be read for want of the right password: none was given,
 * or encrypted data does not decode with the one given. AES-CBC decrypts anything, so a wrong
 * password shows only as garbage that the next decoder or a CRC rejects, which is also what a
 * corrupt archive looks like; the message says both.
 *
 * <p>Callers that tolerate corrupt data (skipping a corrupt folder) must not tolerate this: a
 * wrong password would otherwise silently drop every encrypted folder. Where the password is
 * known to be right (it decrypted the archive's header, whose CRC matched), a failing folder
 * is reported as plain corruption instead.
 */
public class SevenZPasswordException extends SevenZFormatException {
  private static final long serialVersionUID = 1L;

  /** An error with a complete message, which never contains the password. */
  public SevenZPasswordException(String message) {
    super(message);
  }

  /** An error caused by a decoder's failure on what was decrypted. */
  public SevenZPasswordException(String message, Throwable cause) {
    super(message, cause);
  }

  /** True if {@code t} or one of its causes is a {@link SevenZPasswordException}. */
  public static boolean isCauseOf(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof SevenZPasswordException) {
        return true;
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return false;
  }
}
