package io.logcount.sevenz.coders;

import java.util.Locale;

import io.logcount.sevenz.source.SevenZFormatException;

/**
 * Resource limits for reading one 7z archive, independent of any configuration system: the
 * Hadoop layer maps its configuration key onto an instance, and tells through
 * {@link #raiseHint()} how a user raises the limit, so the format's messages name the fix
 * without the format knowing the key.
 *
 * <p>{@link #maxMemoryBytes()} bounds both the memory of a folder's decoder chain (mostly the
 * LZMA/LZMA2 dictionary) and the size of the archive header held in memory (raw, or decoded
 * from a packed {@code kEncodedHeader}). Both are checked before anything is allocated, so a
 * hostile or damaged archive fails with a {@link SevenZFormatException} instead of an
 * {@link OutOfMemoryError}.
 */
public final class SevenZLimits {

  /**
   * Default memory limit: 256 MiB, room for 7-Zip's largest usual dictionaries (-mx9: 64 MiB)
   * and small enough to fit a 1 GiB map container next to the sort buffer. The one default:
   * the Hadoop key's default is derived from it.
   */
  public static final long DEFAULT_MAX_MEMORY_BYTES = 256L << 20;

  private static final String DEFAULT_RAISE_HINT = "raise the memory limit";
  private static final SevenZLimits DEFAULTS = new SevenZLimits(DEFAULT_MAX_MEMORY_BYTES);

  private final long maxMemoryBytes;
  private final String raiseHint;

  /**
   * @param maxMemoryBytes largest decoder memory and largest header, in bytes; must be positive
   */
  public SevenZLimits(long maxMemoryBytes) {
    this(maxMemoryBytes, DEFAULT_RAISE_HINT);
  }

  /**
   * @param maxMemoryBytes largest decoder memory and largest header, in bytes; must be positive
   * @param raiseHint how a user raises the limit, e.g. "raise some.key", used in messages
   */
  public SevenZLimits(long maxMemoryBytes, String raiseHint) {
    if (maxMemoryBytes <= 0) {
      throw new IllegalArgumentException("7z memory limit must be positive, got " + maxMemoryBytes
          + " bytes; " + raiseHint);
    }
    this.maxMemoryBytes = maxMemoryBytes;
    this.raiseHint = raiseHint;
  }

  /** How a user raises the limit ("raise logcount.sevenz.max-memory-mb"), for messages. */
  public String raiseHint() {
    return raiseHint;
  }

  /** The limits with {@link #DEFAULT_MAX_MEMORY_BYTES}. */
  public static SevenZLimits defaults() {
    return DEFAULTS;
  }

  /** Largest decoder memory and largest header, in bytes. */
  public long maxMemoryBytes() {
    return maxMemoryBytes;
  }

  /** The limit as people read it, e.g. "512 MiB". */
  public String describeLimit() {
    return describeBytes(maxMemoryBytes);
  }

  /** A size as people read it: "1 MiB", "32.9 MiB", "640 KiB", "100 bytes". */
  public static String describeBytes(long bytes) {
    if (bytes >= 1L << 20) {
      return bytes % (1L << 20) == 0 ? (bytes >> 20) + " MiB"
          : String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
    }
    return bytes >= 1024 ? (bytes + 1023) / 1024 + " KiB" : bytes + " bytes";
  }

  @Override
  public String toString() {
    return "SevenZLimits[maxMemory=" + describeLimit() + "]";
  }
}
