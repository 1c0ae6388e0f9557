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

  /**
   * Under {@link #SKIP_CORRUPT}, the largest share (0 to 1) of the input's packed bytes that may
   * be skipped as corrupt before the job fails instead of succeeding: skipping is for very rare
   * damage, and a job that skipped much of its input has no answer worth a {@code _SUCCESS}
   * (elephant-bird's error-rate threshold, in bytes). Default 0.01 (1%); 1 means no limit.
   * The job fails after its tasks ran, naming the skipped places; its OUTPUT is kept, without
   * {@code _SUCCESS}, for the skip reports.
   */
  public static final String MAX_SHARE = "logcount.skip-corrupt.max-share";
  /** Default of {@link #MAX_SHARE}: 1% of the input's packed bytes. */
  public static final double DEFAULT_MAX_SHARE = 0.01;

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

  /** Sets {@link #MAX_SHARE}. */
  public static void setMaxShare(Configuration conf, double share) {
    conf.setDouble(MAX_SHARE, share);
  }

  /**
   * {@link #MAX_SHARE}, validated.
   *
   * @throws IllegalArgumentException naming the key if it is not a number from 0 to 1
   */
  public static double getMaxShare(Configuration conf) {
    String value = conf.getTrimmed(MAX_SHARE);
    double share;
    try {
      share = value == null ? DEFAULT_MAX_SHARE : Double.parseDouble(value);
    } catch (NumberFormatException e) {
      share = Double.NaN;
    }
    if (!(share >= 0 && share <= 1)) {
      throw new IllegalArgumentException(MAX_SHARE + " must be a share from 0 to 1 (0.01 is 1%), got '" + value
          + "'");
    }
    return share;
  }

  /**
   * Null if {@code skipped} packed bytes, of {@code read} packed bytes read besides them, are
   * within {@link #MAX_SHARE}; else what to tell the user (without the skipped places).
   */
  public static String overBudget(long skipped, long read, Configuration conf) {
    if (skipped <= 0) {
      return null;
    }
    double max = getMaxShare(conf);
    long total = skipped + read;
    double share = (double) skipped / total;
    if (share <= max) {
      return null;
    }
    return String.format(java.util.Locale.ROOT, "%.2f%% of the input's packed bytes (%d of %d) were skipped as"
        + " corrupt, more than %s=%s allows; check the damaged files (7zz t, gzip -t, ...) and copy them"
        + " again, or raise %s (1 = no limit)", share * 100, skipped, total, MAX_SHARE, conf.get(MAX_SHARE,
        String.valueOf(DEFAULT_MAX_SHARE)), MAX_SHARE);
  }
}
