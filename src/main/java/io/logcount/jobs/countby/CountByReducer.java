package io.logcount.jobs.countby;

import io.logcount.jobs.common.CountSumReducer;

/** Writes {@code value<TAB>events} once per value and counts the distinct values. */
public class CountByReducer extends CountSumReducer {

  /** Figures only the final reduce knows. */
  public enum CountByCounter {
    /** Values written: the number of distinct values of the column. */
    DISTINCT_VALUES
  }

  public CountByReducer() {
    super(CountByCounter.DISTINCT_VALUES);
  }
}
