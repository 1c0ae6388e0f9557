package io.logcount.log;

import java.util.Arrays;

/**
 * Finds several delimited fields of a log line in one pass over its raw bytes.
 *
 * <p>The record rules are those of {@link TsvFieldLocator}, for a set of columns: a line that
 * is empty or only ASCII whitespace is {@link LineKind#BLANK}; otherwise it is
 * {@link LineKind#MALFORMED} if any needed column is missing or empty, else
 * {@link LineKind#VALID}. Bytes are never decoded, so invalid UTF-8 passes through.
 *
 * <p>The scan stops at the end of the highest needed column: the rest of the line (a long URL
 * or user agent after the wanted columns, say) is never read. Every field up to that column is
 * recorded (two array stores per field) rather than testing at each delimiter whether the
 * column is wanted, so the per-byte loop is the one-column locator's: one compare per byte.
 * With one column this class costs a few nanoseconds per line more than
 * {@link TsvFieldLocator} (fixed costs, not per byte). {@link #locate} allocates nothing.
 *
 * <p>Usage: {@code if (locator.locate(buf, 0, len) == LineKind.VALID) use(buf,
 * locator.start(user), locator.length(user))}. Instances are not thread safe.
 */
public final class FieldsLocator {

  /**
   * The highest column index accepted. Positions are kept in tables indexed by column (O(1)
   * accessors), so the index bounds their size: 2 x 64 Ki ints at most.
   */
  public static final int MAX_COLUMN = 65535;

  private final byte delimiter;
  /** The needed columns, ascending, without duplicates. */
  private final int[] columns;
  private final int last;
  /** Where each field up to {@link #last} starts and ends in the last line located. */
  private final int[] starts;
  private final int[] ends;

  /**
   * @param delimiter the byte between fields (see {@link LogSchema#parseDelimiter})
   * @param columns the 0-based indices of the needed columns, in any order; duplicates are merged
   * @throws IllegalArgumentException if no column is given, or one is negative or above
   *     {@link #MAX_COLUMN}
   */
  public FieldsLocator(byte delimiter, int... columns) {
    if (columns.length == 0) {
      throw new IllegalArgumentException("give at least one column to locate");
    }
    int[] sorted = columns.clone();
    Arrays.sort(sorted);
    if (sorted[0] < 0) {
      throw new IllegalArgumentException("column must be >= 0 (0-based index), got " + sorted[0]);
    }
    if (sorted[sorted.length - 1] > MAX_COLUMN) {
      throw new IllegalArgumentException("column must be <= " + MAX_COLUMN + ", got "
          + sorted[sorted.length - 1]);
    }
    this.delimiter = delimiter;
    this.columns = distinct(sorted);
    this.last = this.columns[this.columns.length - 1];
    this.starts = new int[last + 1];
    this.ends = new int[last + 1];
  }

  private static int[] distinct(int[] sorted) {
    int n = 1;
    for (int i = 1; i < sorted.length; i++) {
      if (sorted[i] != sorted[n - 1]) {
        sorted[n++] = sorted[i];
      }
    }
    return Arrays.copyOf(sorted, n);
  }

  /** The byte between fields. */
  public byte delimiter() {
    return delimiter;
  }

  /** The needed columns, ascending, without duplicates (a copy). */
  public int[] columns() {
    return columns.clone();
  }

  /** The highest needed column: fields up to this one are located, the rest is not read. */
  public int highestColumn() {
    return last;
  }

  /**
   * Classifies {@code bytes[offset, offset + length)}, one line without its terminator, and
   * when it is {@link LineKind#VALID} records where every field up to {@link #highestColumn()}
   * is. After any other result the positions are undefined.
   */
  public LineKind locate(byte[] bytes, int offset, int length) {
    byte delimiter = this.delimiter;
    int[] starts = this.starts;
    int[] ends = this.ends;
    int last = this.last;
    int limit = offset + length;
    int i = offset;
    int index = 0;
    while (true) {
      starts[index] = i;
      // The inner loop is all a field costs: one compare per byte, as in TsvFieldLocator.
      while (i < limit && bytes[i] != delimiter) {
        i++;
      }
      ends[index] = i;
      if (index == last || i == limit) {
        break;
      }
      index++;
      i++; // past the delimiter
    }
    if (index < last) {
      return TsvFieldLocator.isBlank(bytes, offset, length) ? LineKind.BLANK : LineKind.MALFORMED;
    }
    boolean blankFields = true;
    for (int column : columns) {
      int start = starts[column];
      int end = ends[column];
      if (start == end) {
        return TsvFieldLocator.isBlank(bytes, offset, length) ? LineKind.BLANK : LineKind.MALFORMED;
      }
      blankFields = blankFields && TsvFieldLocator.isBlank(bytes, start, end - start);
    }
    // A field with a non-whitespace byte (the usual case, seen at its first byte) proves the
    // line is not blank; if all are whitespace, the line is blank when the rest of it is too.
    return blankFields && TsvFieldLocator.isBlank(bytes, offset, length) ? LineKind.BLANK : LineKind.VALID;
  }

  /**
   * Start offset (in the array given to {@link #locate}) of a field of the last valid line.
   *
   * @param column any column up to {@link #highestColumn()}; only the needed ones are known
   *     to be non-empty
   */
  public int start(int column) {
    return starts[check(column)];
  }

  /** End offset, exclusive, of a field of the last valid line (see {@link #start}). */
  public int end(int column) {
    return ends[check(column)];
  }

  /** Length in bytes of a field of the last valid line (see {@link #start}). */
  public int length(int column) {
    check(column);
    return ends[column] - starts[column];
  }

  private int check(int column) {
    if (column < 0 || column > last) {
      throw new IllegalArgumentException("column " + column + " is not located: this locator reads columns 0 to "
          + last + " (needed " + Arrays.toString(columns) + ")");
    }
    return column;
  }
}
