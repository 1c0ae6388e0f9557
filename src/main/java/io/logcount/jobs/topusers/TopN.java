package io.logcount.jobs.topusers;

import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The first N entries under {@link TopEntry#RANKING} of everything offered, in O(N) memory: a
 * heap whose head is the worst entry kept, replaced when a better one comes.
 */
final class TopN {

  private final int n;
  private final PriorityQueue<TopEntry> heap;

  TopN(int n) {
    this.n = n;
    this.heap = new PriorityQueue<>(Math.min(n, 1 << 16) + 1, TopEntry.RANKING.reversed());
  }

  /** True if an entry with these figures would be kept (so the caller copies its bytes only then). */
  boolean wouldKeep(byte[] user, int length, long events) {
    if (heap.size() < n) {
      return true;
    }
    TopEntry worst = heap.peek();
    if (events != worst.events) {
      return events > worst.events;
    }
    return org.apache.hadoop.io.WritableComparator.compareBytes(user, 0, length, worst.user, 0, worst.user.length) < 0;
  }

  void offer(TopEntry entry) {
    heap.add(entry);
    if (heap.size() > n) {
      heap.poll();
    }
  }

  /** The entries kept, best first. */
  List<TopEntry> ranked() {
    List<TopEntry> out = new ArrayList<>(heap);
    out.sort(TopEntry.RANKING);
    return out;
  }
}
