package io.logcount.sevenz.coders;

import java.io.IOException;

/**
 * Where a reader gets the password of an encrypted 7z archive. It is asked only when the reader
 * meets encrypted data (a folder coded with 7zAES, or an encrypted header), so a source that
 * reads a password file or a credential store costs nothing for plain archives. It may be asked
 * more than once per archive: a source that reads something should keep what it read.
 */
@FunctionalInterface
public interface SevenZPasswordSource {

  /** No password: encrypted archives fail with a message saying how to give one. */
  SevenZPasswordSource NONE = () -> null;

  /**
   * The password, or null if none was given.
   *
   * @throws IOException if a password was given but cannot be read (a missing password file)
   */
  SevenZPassword password() throws IOException;

  /** A source that always gives {@code password}. */
  static SevenZPasswordSource of(SevenZPassword password) {
    return () -> password;
  }
}
