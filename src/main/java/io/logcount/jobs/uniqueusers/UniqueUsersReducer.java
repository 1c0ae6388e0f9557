package io.logcount.jobs.uniqueusers;

import io.logcount.jobs.common.CountSumReducer;

/** Writes {@code UserID<TAB>events} once per user and counts the distinct users. */
public class UniqueUsersReducer extends CountSumReducer {

  /** Figures only the final reduce knows. */
  public enum UniqueUsersCounter {
    /** Users written to the output: the distinct count. */
    DISTINCT_USERS
  }

  public UniqueUsersReducer() {
    super(UniqueUsersCounter.DISTINCT_USERS);
  }
}
