package io.logcount.mapout;

/**
 * What {@link TextKeyCollector} did, beside Hadoop's own task counters (which it keeps as Hadoop's
 * buffer does): a job's counters then show whether its maps were collected by it at all.
 */
public enum MapOutputCounter {
  /** Sorted spills written by the radix-sorting collector, the last one included (0 when Hadoop's buffer collected). */
  RADIX_SPILLS
}
