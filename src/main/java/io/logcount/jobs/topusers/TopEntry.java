package io.logcount.jobs.topusers;

import java.util.Comparator;

import org.apache.hadoop.io.WritableComparator;

/** One user and its events, ordered as {@code top-users} ranks them. */
final class TopEntry {

  /**
   * The ranking: more events first; ties broken by the user ID's bytes, ascending (unsigned, as
   * the job's sort). A total order, so the top N of every reducer and their merge agree exactly.
   */
  static final Comparator<TopEntry> RANKING = (a, b) -> {
    int byEvents = Long.compare(b.events, a.events);
    return byEvents != 0 ? byEvents
        : WritableComparator.compareBytes(a.user, 0, a.user.length, b.user, 0, b.user.length);
  };

  final byte[] user;
  final long events;

  TopEntry(byte[] user, long events) {
    this.user = user;
    this.events = events;
  }
}
