package io.logcount.input;

import org.apache.hadoop.conf.Configuration;

/**
 * What a reader does with corrupt compressed data: fail the task (default), or skip it.
 *
 * <p>Skipping is for rare damage in large log sets, where one bad block should not cost a day's
 * job: the skipped data is logged, counted ({@link InputCounter#CORRUPT_BLOCKS},
 * {@link InputCounter#CORRUPT_PACKED_BYTES}), reported once to the mapper as a
 * {@link LineOrigin#corruptFolder()} record (listed in {@code _summary.json}), and the lines read
 * before the damage stay counted ({@link InputCounter#LINES_BEFORE_CORRUPTION}). Damage that
 * hides everything (a 7z header, a wrong password) still fails.
 */
public final class CorruptInput {

  /**
   * If true, corrupt compressed data (decoder error, checksum mismatch, truncation) is skipped
   * instead of failing the task: a 7z folder, or the rest of a gz, bz2, xz, zst or lz4 split from
   * where the damage was found. Default false. The old key
   * {@value #SKIP_CORRUPT_7Z} is a deprecated alias.
   */
  public static final String SKIP_CORRUPT = "logcount.skip-corrupt";
  /** The 7z-only name of {@link #SKIP_CORRUPT}, kept as a deprecated alias. */
  public static final String SKIP_CORRUPT_7Z = "logcount.sevenz.skip-corrupt";
  /** Default of {@link #SKIP_CORRUPT}. */
  public static final boolean DEFAULT_SKIP_CORRUPT = false;

  static {
    Configuration.addDeprecation(SKIP_CORRUPT_7Z, SKIP_CORRUPT);
  }

  private CorruptInput() {
  }

  /** Sets {@link #SKIP_CORRUPT}. */
  public static void setSkipCorrupt(Configuration conf, boolean skip) {
    conf.setBoolean(SKIP_CORRUPT, skip);
  }

  /** {@link #SKIP_CORRUPT} (or its deprecated alias). */
  public static boolean getSkipCorrupt(Configuration conf) {
    return conf.getBoolean(SKIP_CORRUPT, DEFAULT_SKIP_CORRUPT);
  }
}
