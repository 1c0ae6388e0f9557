package io.logcount.testing;

import java.util.Map;

import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.statistics.IOStatistics;
import org.apache.hadoop.fs.statistics.IOStatisticsSupport;

/**
 * The requests an S3A file system has sent so far, from its IOStatistics (GET, HEAD and LIST
 * counts, and how many GETs were aborted): a test takes one snapshot before a step and one after, and {@link #minus} gives the
 * step's requests. An input stream adds its GETs to its file system's statistics when it is
 * closed, so take the second snapshot after the step closed its streams.
 */
public final class S3aRequests {

  /** S3A's name for GET requests sent (one per object range opened, retries included). */
  static final String GETS = "action_http_get_request";
  /** HEAD requests: getFileStatus, open without a known length. */
  static final String HEADS = "action_http_head_request";
  /** LIST requests: listing a directory, getFileStatus of a directory. */
  static final String LISTS = "object_list_request";
  /**
   * GETs abandoned with bytes still unread (closed or sought away from far from their end): the
   * HTTP connection is dropped, not returned to the pool, and the next request opens another.
   */
  static final String ABORTS = "stream_aborted";

  public final long gets;
  public final long heads;
  public final long lists;
  public final long aborts;

  private S3aRequests(long gets, long heads, long lists, long aborts) {
    this.gets = gets;
    this.heads = heads;
    this.lists = lists;
    this.aborts = aborts;
  }

  /** The counts of {@code fs} now (all zero for a file system that keeps no such statistics). */
  public static S3aRequests of(FileSystem fs) {
    IOStatistics stats = IOStatisticsSupport.retrieveIOStatistics(fs);
    if (stats == null) {
      return new S3aRequests(0, 0, 0, 0);
    }
    Map<String, Long> counters = stats.counters();
    return new S3aRequests(counters.getOrDefault(GETS, 0L), counters.getOrDefault(HEADS, 0L),
        counters.getOrDefault(LISTS, 0L), counters.getOrDefault(ABORTS, 0L));
  }

  /** The requests sent between {@code before} and this snapshot. */
  public S3aRequests minus(S3aRequests before) {
    return new S3aRequests(gets - before.gets, heads - before.heads, lists - before.lists, aborts - before.aborts);
  }

  @Override
  public String toString() {
    return gets + " GET (" + aborts + " aborted), " + heads + " HEAD, " + lists + " LIST";
  }
}
