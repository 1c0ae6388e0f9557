package io.logcount.formats;

import org.apache.hadoop.conf.Configuration;

/**
 * How much reading {@link LogInputFormat} may do to plan a job's splits, in the client, before
 * any task runs: on an object store every small read there is a request (S3: a GET of tens of
 * milliseconds), so the planner reads files in parallel and bounds the reads it spends on one
 * file. Each key has its default and a typed getter that validates it.
 */
public final class PlanningSettings {

  /**
   * How many input files are planned at once: each file's first bytes (its format), then
   * whatever its format reads to cut it (a 7z header, an xz index, zstd frame headers). One
   * file's planning is a few requests on S3, so thousands of small files planned one after
   * another take minutes; 1 plans them one by one in the calling thread. Default
   * {@value #DEFAULT_THREADS}.
   */
  public static final String THREADS = "logcount.input.planning-threads";
  /** Default of {@link #THREADS}: enough to hide S3's latency, few enough for any NameNode. */
  public static final int DEFAULT_THREADS = 16;
  /** Most {@link #THREADS}: more only queues requests in the file system's connection pool. */
  public static final int MAX_THREADS = 256;

  /**
   * Most block headers planning walks in one zstd frame that states neither its packed size (a
   * pzstd skippable frame before it) nor its content size (written from a pipe, or by a
   * streaming writer): each header is a positional read, one per 128 KiB of text, so a
   * one-frame file of 10 GB would cost 80,000 reads to learn that it is one split. A frame
   * longer than this is taken to run to the end of the file: the rest of the file is one split
   * (read as one stream, so no line is lost, only parallelism if more frames follow). Default
   * {@value #DEFAULT_ZSTD_MAX_WALKED_BLOCKS} (8 MiB of text); 0 walks no such frame.
   */
  public static final String ZSTD_MAX_WALKED_BLOCKS = "logcount.zstd.max-walked-blocks";
  /** Default of {@link #ZSTD_MAX_WALKED_BLOCKS}. */
  public static final int DEFAULT_ZSTD_MAX_WALKED_BLOCKS = 64;

  private PlanningSettings() {
  }

  /** Sets {@link #THREADS}. */
  public static void setThreads(Configuration conf, int threads) {
    conf.setInt(THREADS, threads);
  }

  /** {@link #THREADS}, validated (1 to {@value #MAX_THREADS}). */
  public static int getThreads(Configuration conf) {
    int threads = getInt(conf, THREADS, DEFAULT_THREADS);
    if (threads < 1 || threads > MAX_THREADS) {
      throw new IllegalArgumentException(THREADS + " must be 1 to " + MAX_THREADS + " (files planned at once), got "
          + threads);
    }
    return threads;
  }

  /** Sets {@link #ZSTD_MAX_WALKED_BLOCKS}. */
  public static void setZstdMaxWalkedBlocks(Configuration conf, int blocks) {
    conf.setInt(ZSTD_MAX_WALKED_BLOCKS, blocks);
  }

  /** {@link #ZSTD_MAX_WALKED_BLOCKS}, validated (0 or more). */
  public static int getZstdMaxWalkedBlocks(Configuration conf) {
    int blocks = getInt(conf, ZSTD_MAX_WALKED_BLOCKS, DEFAULT_ZSTD_MAX_WALKED_BLOCKS);
    if (blocks < 0) {
      throw new IllegalArgumentException(ZSTD_MAX_WALKED_BLOCKS + " must be 0 or more (block headers), got "
          + blocks);
    }
    return blocks;
  }

  /**
   * Checks every key of this class, so that a bad {@code -D} value fails the driver as bad usage
   * rather than the job's planning.
   *
   * @throws IllegalArgumentException naming the first invalid key and its valid values
   */
  public static void validate(Configuration conf) {
    getThreads(conf);
    getZstdMaxWalkedBlocks(conf);
  }

  private static int getInt(Configuration conf, String key, int defaultValue) {
    String value = conf.getTrimmed(key);
    if (value == null) {
      return defaultValue;
    }
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a whole number, e.g. " + defaultValue + ", got '" + value
          + "'", e);
    }
  }
}
