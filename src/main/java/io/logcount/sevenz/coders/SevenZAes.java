package io.logcount.sevenz.coders;

import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import io.logcount.sevenz.source.SevenZFormatException;

/**
 * 7zAES (method 06 F1 07 01): AES-256 in CBC mode without padding, with a key derived from the
 * password by SHA-256. As 7-Zip's {@code Crypto/7zAes.cpp} (and commons-compress'
 * {@code AES256SHA256Decoder}) read it:
 *
 * <ul>
 *   <li>Properties: byte 0 holds NumCyclesPower in its low 6 bits, bit 7 "has salt", bit 6
 *       "has IV"; if either is set, byte 1 holds (salt size - bit 7) in its high nibble and
 *       (IV size - bit 6) in its low nibble, and the salt then the IV follow. No properties, or
 *       one byte, means no salt and a zero IV. The IV is zero-padded to 16 bytes.
 *   <li>Key: one SHA-256 over 2^NumCyclesPower repetitions of (salt, password as UTF-16LE,
 *       8-byte little-endian repetition counter); NumCyclesPower 0x3F instead means the raw
 *       (salt, password) bytes, zero-padded to 32. 7-Zip writes 19 and refuses more than 24.
 * </ul>
 *
 * <p>Decryption streams through two fixed buffers. A wrong password is not detected here (CBC
 * decrypts anything): the decoder after this one fails on the garbage, or the CRC does.
 */
public final class SevenZAes {
  /** 7-Zip's limit ({@code k_NumCyclesPower_Supported_MAX}): 2^24 rounds take seconds. */
  static final int MAX_CYCLES_POWER = 24;
  /** NumCyclesPower meaning "no hashing: the key is the salt and password bytes". */
  public static final int RAW_KEY = 0x3F;
  static final int KEY_BYTES = 32;
  static final int BLOCK = 16;
  /** Input and output buffers of the decrypting stream. */
  static final int BUFFER_BYTES = 16 << 10;
  /** Memory one decrypting stream holds: its two buffers plus the cipher's state. */
  static final long MEMORY_BYTES = 2L * BUFFER_BYTES + 4096;

  private SevenZAes() {
  }

  /** The parsed coder properties. */
  public static final class Props {
    public final int numCyclesPower;
    public final byte[] salt;
    /** Always 16 bytes. */
    public final byte[] iv;

    Props(int numCyclesPower, byte[] salt, byte[] iv) {
      this.numCyclesPower = numCyclesPower;
      this.salt = salt;
      this.iv = iv;
    }
  }

  /** Parses the properties, checking them as 7-Zip does. */
  public static Props parse(byte[] props, String where) throws SevenZFormatException {
    byte[] iv = new byte[BLOCK];
    if (props.length == 0) {
      return new Props(0, new byte[0], iv);
    }
    int b0 = props[0] & 0xFF;
    int cycles = b0 & 0x3F;
    if (cycles > MAX_CYCLES_POWER && cycles != RAW_KEY) {
      throw bad(where, "2^" + cycles + " key derivation rounds, more than 7-Zip's limit of 2^"
          + MAX_CYCLES_POWER);
    }
    if ((b0 & 0xC0) == 0) {
      if (props.length != 1) {
        throw bad(where, props.length + " property bytes without salt or IV instead of 1");
      }
      return new Props(cycles, new byte[0], iv);
    }
    if (props.length < 2) {
      throw bad(where, "the salt and IV sizes are missing");
    }
    int b1 = props[1] & 0xFF;
    int saltSize = ((b0 >> 7) & 1) + (b1 >> 4);
    int ivSize = ((b0 >> 6) & 1) + (b1 & 0x0F);
    if (props.length != 2 + saltSize + ivSize) {
      throw bad(where, props.length + " property bytes instead of " + (2 + saltSize + ivSize)
          + " (salt " + saltSize + ", IV " + ivSize + ")");
    }
    byte[] salt = Arrays.copyOfRange(props, 2, 2 + saltSize);
    System.arraycopy(props, 2 + saltSize, iv, 0, ivSize);
    return new Props(cycles, salt, iv);
  }

  private static SevenZFormatException bad(String where, String detail) {
    return SevenZCoders.badProperties("7zAES", where, detail);
  }

  /**
   * The AES-256 key: SHA-256 over 2^{@code numCyclesPower} times (salt, password, counter).
   * The digest runs over their concatenation, so many rounds are fed to it at once.
   */
  public static byte[] deriveKey(byte[] passwordUtf16le, int numCyclesPower, byte[] salt) {
    if (numCyclesPower == RAW_KEY) {
      byte[] key = new byte[KEY_BYTES];
      int s = Math.min(salt.length, KEY_BYTES);
      System.arraycopy(salt, 0, key, 0, s);
      System.arraycopy(passwordUtf16le, 0, key, s, Math.min(passwordUtf16le.length, KEY_BYTES - s));
      return key;
    }
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
    int round = salt.length + passwordUtf16le.length + 8;
    long rounds = 1L << numCyclesPower;
    int perBatch = (int) Math.min(rounds, Math.max(1, 8192 / round));
    byte[] batch = new byte[perBatch * round];
    for (int r = 0; r < perBatch; r++) {
      System.arraycopy(salt, 0, batch, r * round, salt.length);
      System.arraycopy(passwordUtf16le, 0, batch, r * round + salt.length, passwordUtf16le.length);
    }
    long counter = 0;
    while (counter < rounds) {
      int n = (int) Math.min(perBatch, rounds - counter);
      for (int r = 0; r < n; r++, counter++) {
        int at = r * round + round - 8;
        for (int i = 0; i < 8; i++) {
          batch[at + i] = (byte) (counter >>> (8 * i));
        }
      }
      sha256.update(batch, 0, n * round);
    }
    Arrays.fill(batch, (byte) 0);
    return sha256.digest();
  }

  /**
   * The decrypted bytes of {@code in}. The key is derived (or taken from the password's cache)
   * now, so that a slow derivation happens when the folder is opened, not on a first read.
   */
  public static InputStream decrypt(InputStream in, Props props, SevenZPassword password, String where)
      throws SevenZFormatException {
    byte[] key = password.aesKey(props.numCyclesPower, props.salt);
    try {
      Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"),
          new IvParameterSpec(props.iv));
      return new CbcInputStream(in, cipher, where);
    } catch (GeneralSecurityException e) {
      throw new SevenZFormatException("cannot decrypt " + where + ": this Java runtime refuses"
          + " AES-256 (" + e.getClass().getSimpleName() + "); use Java 8u161 or later, or enable"
          + " the unlimited crypto policy", e);
    } finally {
      Arrays.fill(key, (byte) 0);
    }
  }

  /** AES-CBC decryption of whole 16-byte blocks, in bounded memory. */
  private static final class CbcInputStream extends InputStream {
    private final InputStream in;
    private final Cipher cipher;
    private final String where;
    private final byte[] packed = new byte[BUFFER_BYTES];
    private final byte[] plain = new byte[BUFFER_BYTES];
    /** Packed bytes read but not decrypted yet (less than a block after each fill). */
    private int carry;
    private int plainPos;
    private int plainEnd;
    private boolean eof;

    CbcInputStream(InputStream in, Cipher cipher, String where) {
      this.in = in;
      this.cipher = cipher;
      this.where = where;
    }

    @Override
    public int read() throws IOException {
      if (plainPos == plainEnd && !fill()) {
        return -1;
      }
      return plain[plainPos++] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (off < 0 || len < 0 || len > b.length - off) {
        throw new IndexOutOfBoundsException();
      }
      if (len == 0) {
        return 0;
      }
      if (plainPos == plainEnd && !fill()) {
        return -1;
      }
      int n = Math.min(len, plainEnd - plainPos);
      System.arraycopy(plain, plainPos, b, off, n);
      plainPos += n;
      return n;
    }

    /** Decrypts the next run of whole blocks; false at the end of the packed stream. */
    private boolean fill() throws IOException {
      while (!eof) {
        int n = in.read(packed, carry, packed.length - carry);
        if (n < 0) {
          eof = true;
          if (carry != 0) {
            throw new SevenZFormatException("corrupt 7z data in " + where + ": the encrypted"
                + " stream ends with a partial AES block of " + carry + " bytes; re-create or"
                + " re-download the archive");
          }
          return false;
        }
        carry += n;
        int whole = carry - carry % BLOCK;
        if (whole == 0) {
          continue;
        }
        try {
          plainEnd = cipher.update(packed, 0, whole, plain, 0);
        } catch (GeneralSecurityException e) {
          throw new SevenZFormatException("cannot decrypt " + where + ": " + e, e);
        }
        plainPos = 0;
        System.arraycopy(packed, whole, packed, 0, carry - whole);
        carry -= whole;
        if (plainEnd > 0) {
          return true;
        }
      }
      return false;
    }

    @Override
    public int available() {
      return plainEnd - plainPos;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
