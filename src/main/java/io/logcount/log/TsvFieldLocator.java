package io.logcount.log;

/**
 * Finds one tab-separated (or otherwise delimited) field of a log line in place, on the raw
 * bytes: the one-column fast path. {@link FieldsLocator} finds several columns in one pass.
 *
 * <p>Lines are bytes, not text: nothing here decodes UTF-8, so an invalid sequence in any
 * column passes through unchanged and the field is compared byte for byte. The hot path
 * (every event of a multi-TB input goes through {@link #locate}) allocates nothing.
 *
 * <p>Usage: {@code if (locator.locate(buf, 0, len) == LineKind.VALID) use(buf, locator.start(),
 * locator.length())}. Instances are not thread safe.
 */
public final class TsvFieldLocator {

  private final int column;
  private final byte delimiter;
  private int start;
  private int end;

  /**
   * A locator for tab-separated lines.
   *
   * @param column 0-based index of the wanted field
   * @throws IllegalArgumentException if {@code column} is negative
   */
  public TsvFieldLocator(int column) {
    this(column, LogSchema.DEFAULT_DELIMITER);
  }

  /**
   * @param column 0-based index of the wanted field
   * @param delimiter the byte between fields (see {@link LogSchema#parseDelimiter})
   * @throws IllegalArgumentException if {@code column} is negative
   */
  public TsvFieldLocator(int column, byte delimiter) {
    if (column < 0) {
      throw new IllegalArgumentException("column must be >= 0, got " + column);
    }
    this.column = column;
    this.delimiter = delimiter;
  }

  /** The 0-based index of the field this locator finds. */
  public int column() {
    return column;
  }

  /** The byte between fields. */
  public byte delimiter() {
    return delimiter;
  }

  /**
   * Classifies {@code bytes[offset, offset + length)}, one line without its terminator, and
   * when it is {@link LineKind#VALID} records where the field is ({@link #start()},
   * {@link #end()}).
   */
  public LineKind locate(byte[] bytes, int offset, int length) {
    byte delimiter = this.delimiter;
    int limit = offset + length;
    int fieldStart = offset;
    int index = 0;
    for (int i = offset; i < limit; i++) {
      if (bytes[i] == delimiter) {
        if (index == column) {
          return finish(bytes, offset, limit, fieldStart, i);
        }
        index++;
        fieldStart = i + 1;
      }
    }
    if (index == column) {
      return finish(bytes, offset, limit, fieldStart, limit);
    }
    return isBlank(bytes, offset, length) ? LineKind.BLANK : LineKind.MALFORMED;
  }

  private LineKind finish(byte[] bytes, int offset, int limit, int fieldStart, int fieldEnd) {
    if (isBlank(bytes, fieldStart, fieldEnd - fieldStart) && isBlank(bytes, offset, limit - offset)) {
      // A whitespace-only line is blank even when its tabs make the field "present".
      return LineKind.BLANK;
    }
    if (fieldEnd > fieldStart) {
      start = fieldStart;
      end = fieldEnd;
      return LineKind.VALID;
    }
    return LineKind.MALFORMED;
  }

  /** Start offset (in the array given to {@link #locate}) of the last field found. */
  public int start() {
    return start;
  }

  /** End offset, exclusive, of the last field found. */
  public int end() {
    return end;
  }

  /** Length in bytes of the last field found. */
  public int length() {
    return end - start;
  }

  /**
   * True if the bytes are empty or only ASCII whitespace (space, tab, LF, VT, FF, CR): the
   * definition of a blank line, the same as Python's {@code bytes.strip()} used to compute the
   * fixtures' expected figures.
   */
  public static boolean isBlank(byte[] bytes, int offset, int length) {
    for (int i = offset, limit = offset + length; i < limit; i++) {
      byte b = bytes[i];
      if (b != ' ' && (b < '\t' || b > '\r')) {
        return false;
      }
    }
    return true;
  }
}
