package io.logcount.sevenz.coders;

import java.util.Arrays;

import javax.security.auth.Destroyable;

/**
 * The password of an encrypted 7z archive, held as 7-Zip hashes it: UTF-16LE code units.
 *
 * <p>It never shows itself: {@link #toString()} says {@code [password hidden]}, it has no getter
 * outside this package, and no message built by this package contains it. {@link #destroy()}
 * overwrites it (and the AES key derived from it) once the archive has been read; a destroyed
 * password cannot be used any more.
 *
 * <p>The 7zAES key derivation (2^19 SHA-256 rounds with 7-Zip's defaults) takes a noticeable
 * fraction of a second, so the last key derived is kept: every folder of an archive, and
 * usually every archive 7-Zip wrote with one password, uses the same salt and round count.
 * Thread safe.
 */
public final class SevenZPassword implements Destroyable {
  private final byte[] utf16le;
  private boolean destroyed;
  private int keyCyclesPower = -1;
  private byte[] keySalt;
  private byte[] key;

  private SevenZPassword(byte[] utf16le) {
    this.utf16le = utf16le;
  }

  /**
   * A password from its characters, which are copied: the caller may (and should) overwrite
   * {@code password} afterwards.
   */
  public static SevenZPassword of(char[] password) {
    byte[] bytes = new byte[password.length * 2];
    for (int i = 0; i < password.length; i++) {
      bytes[2 * i] = (byte) password[i];
      bytes[2 * i + 1] = (byte) (password[i] >>> 8);
    }
    return new SevenZPassword(bytes);
  }

  /**
   * The 32-byte AES key for these 7zAES properties (see {@link SevenZAes#deriveKey}); a copy the
   * caller overwrites once it has made its cipher.
   */
  public synchronized byte[] aesKey(int numCyclesPower, byte[] salt) {
    checkNotDestroyed();
    if (key == null || numCyclesPower != keyCyclesPower || !Arrays.equals(salt, keySalt)) {
      wipe(key);
      key = SevenZAes.deriveKey(utf16le, numCyclesPower, salt);
      keyCyclesPower = numCyclesPower;
      keySalt = salt.clone();
    }
    return key.clone();
  }

  private void checkNotDestroyed() {
    if (destroyed) {
      throw new IllegalStateException("this 7z password was destroyed after use");
    }
  }

  /** Overwrites the password and the key derived from it. */
  @Override
  public synchronized void destroy() {
    destroyed = true;
    wipe(utf16le);
    wipe(key);
    key = null;
  }

  @Override
  public synchronized boolean isDestroyed() {
    return destroyed;
  }

  private static void wipe(byte[] bytes) {
    if (bytes != null) {
      Arrays.fill(bytes, (byte) 0);
    }
  }

  /** Always {@code [password hidden]}: a password must not reach a log line by accident. */
  @Override
  public String toString() {
    return "[password hidden]";
  }
}
