package io.logcount.jobs.common;

import org.apache.hadoop.mapreduce.Counter;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.StatusReporter;

/**
 * A task's counters without a task: for running a record reader outside MapReduce (the
 * {@code decode} command, tests), where the counters it updates are kept in memory.
 */
public final class CountingReporter extends StatusReporter {

  private final Counters counters = new Counters();

  /** Everything counted so far. */
  public Counters counters() {
    return counters;
  }

  @Override
  public Counter getCounter(Enum<?> name) {
    return counters.findCounter(name);
  }

  @Override
  public Counter getCounter(String group, String name) {
    return counters.findCounter(group, name);
  }

  @Override
  public void progress() {
  }

  @Override
  public float getProgress() {
    return 0;
  }

  @Override
  public void setStatus(String status) {
  }
}
