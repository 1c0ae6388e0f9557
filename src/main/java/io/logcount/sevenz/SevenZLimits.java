package io.logcount.sevenz;

import java.util.Locale;

/**
 * Resource limits for reading one 7z archive, independent of any configuration system: the
 * Hadoop layer maps its configuration key ({@link SevenZInputFormat#MAX_MEMORY_MB}) onto an instance.
 *
 * <p>{@link #maxMemoryBytes()} bounds both the memory of a folder's decoder chain (mostly the
 * LZMA/LZMA2 dictionary) and the size of the archive header held in memory (raw, or decoded
 * from a packed {@code kEncodedHeader}). Both are checked before anything is allocated, so a
 * hostile or damaged archive fails with a {@link SevenZFormatException} instead of an
 * {@link OutOfMemoryError}.
 */
public final class SevenZLimits {

  /** Default memory limit: 512 MiB, room for 7-Zip's largest usual dictionaries (-mx9: 64 MiB). */
  public static final long DEFAULT_MAX_MEMORY_BYTES = 512L << 20;

  private static final SevenZLimits DEFAULTS = new SevenZLimits(DEFAULT_MAX_MEMORY_BYTES);

  private final long maxMemoryBytes;

  /**
   * @param maxMemoryBytes largest decoder memory and largest header, in bytes; must be positive
   */
  public SevenZLimits(long maxMemoryBytes) {
    if (maxMemoryBytes <= 0) {
      throw new IllegalArgumentException("7z memory limit must be positive, got " + maxMemoryBytes
          + " bytes; set " + SevenZInputFormat.MAX_MEMORY_MB + " to a positive number of MiB");
    }
    this.maxMemoryBytes = maxMemoryBytes;
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
  String describeLimit() {
    return describeBytes(maxMemoryBytes);
  }

  /** A size as people read it: "1 MiB", "32.9 MiB", "640 KiB", "100 bytes". */
  static String describeBytes(long bytes) {
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
