package io.logcount.jobs.common;

import org.apache.hadoop.io.Text;

import io.logcount.log.LineKind;
import io.logcount.log.TsvFieldLocator;

/**
 * One valid line as a job sees it: its bytes and where each column the job asked for lies in
 * them. Reused for every line of a task (nothing is copied: a job that keeps a field copies it,
 * e.g. into a reused {@link Text}).
 */
public final class LogRecord {

  private TsvFieldLocator[] locators;
  private byte[] bytes;
  private int length;

  void configure(int[] columns) {
    if (columns.length == 0) {
      throw new IllegalArgumentException("a job needs at least one column");
    }
    locators = new TsvFieldLocator[columns.length];
    for (int i = 0; i < columns.length; i++) {
      locators[i] = new TsvFieldLocator(columns[i]);
    }
  }

  LineKind locate(Text line) {
    bytes = line.getBytes();
    length = line.getLength();
    for (TsvFieldLocator locator : locators) {
      LineKind kind = locator.locate(bytes, 0, length);
      if (kind != LineKind.VALID) {
        return kind;
      }
    }
    return LineKind.VALID;
  }

  /** The line's bytes (valid up to {@link #length()}). */
  public byte[] bytes() {
    return bytes;
  }

  /** The line's length in bytes. */
  public int length() {
    return length;
  }

  /** Start offset in {@link #bytes()} of the {@code i}-th column the job asked for. */
  public int start(int i) {
    return locators[i].start();
  }

  /** Length of the {@code i}-th column the job asked for. */
  public int fieldLength(int i) {
    return locators[i].length();
  }

  /** Copies the {@code i}-th column the job asked for into {@code into}. */
  public void copyField(int i, Text into) {
    into.set(bytes, start(i), fieldLength(i));
  }
}
