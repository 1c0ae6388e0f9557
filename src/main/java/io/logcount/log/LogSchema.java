package io.logcount.log;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The layout of a log line: ordered column names and the byte between columns.
 *
 * <p>Jobs let users name a column ({@code UserID}) or give its 0-based index ({@code 1});
 * {@link #resolve} turns either into the index that {@link FieldsLocator} and
 * {@link TsvFieldLocator} work with. Lines may have more columns than the schema names (other
 * logs append columns), so an index past the named columns is accepted; whether a line really
 * has that column is decided per line (a missing column makes the line malformed).
 *
 * <p>Names are matched case-insensitively, so two names differing only in case are rejected,
 * and a name may not be all digits (it would read as an index). Instances are immutable.
 */
public final class LogSchema {

  /** The columns of the ad-server logs, in order. */
  public static final String DEFAULT_COLUMNS = "AuctionID,UserID,SiteID,URL,UserAgent,Timestamp";
  /** The byte between columns of the ad-server logs: tab. */
  public static final byte DEFAULT_DELIMITER = '\t';
  /** {@link #DEFAULT_COLUMNS} separated by {@link #DEFAULT_DELIMITER}. */
  public static final LogSchema DEFAULT = parse(DEFAULT_COLUMNS, DEFAULT_DELIMITER);

  private static final String DELIMITER_FORMS =
      "a single ASCII character, tab, comma, pipe, space, semicolon, \\t or \\xHH";

  private final List<String> names;
  private final byte delimiter;

  private LogSchema(List<String> names, byte delimiter) {
    this.names = Collections.unmodifiableList(names);
    this.delimiter = delimiter;
  }

  /**
   * A schema from comma-separated column names, e.g. {@code "AuctionID, UserID, Timestamp"}.
   *
   * @throws IllegalArgumentException if a name is empty (after trimming), all digits, or a
   *     case-insensitive duplicate of an earlier one
   */
  public static LogSchema parse(String columns, byte delimiter) {
    return of(delimiter, columns.split(",", -1));
  }

  /**
   * A schema from column names, in order.
   *
   * @throws IllegalArgumentException as {@link #parse}
   */
  public static LogSchema of(byte delimiter, String... columns) {
    List<String> names = new ArrayList<>(columns.length);
    for (int i = 0; i < columns.length; i++) {
      String name = columns[i].trim();
      if (name.isEmpty()) {
        throw new IllegalArgumentException("column " + i + " has an empty name in schema "
            + Arrays.toString(columns) + "; give every column a name");
      }
      if (isIndex(name)) {
        throw new IllegalArgumentException("column name '" + name
            + "' is all digits and would read as a 0-based index; choose a name with a letter");
      }
      for (String earlier : names) {
        if (earlier.equalsIgnoreCase(name)) {
          throw new IllegalArgumentException("duplicate column name '" + name + "' in schema "
              + Arrays.toString(columns) + " (names are matched ignoring case)");
        }
      }
      names.add(name);
    }
    return new LogSchema(names, delimiter);
  }

  /** The column names, in order (unmodifiable). */
  public List<String> names() {
    return names;
  }

  /** The number of named columns. */
  public int size() {
    return names.size();
  }

  /** The byte between columns. */
  public byte delimiter() {
    return delimiter;
  }

  /**
   * The 0-based index of a column given by name (matched ignoring case) or by 0-based index.
   * An index may lie past the named columns.
   *
   * @throws IllegalArgumentException for an unknown name (the message lists the known ones) or
   *     an index that is negative or too large for an int
   */
  public int resolve(String nameOrIndex) {
    String key = nameOrIndex.trim();
    if (isIndex(key)) {
      try {
        return Integer.parseInt(key);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("column index " + key + " is too large", e);
      }
    }
    if (key.startsWith("-") && isIndex(key.substring(1))) {
      throw new IllegalArgumentException("column index must be >= 0 (0-based), got " + key);
    }
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).equalsIgnoreCase(key)) {
        return i;
      }
    }
    throw new IllegalArgumentException("unknown column '" + key + "'; known columns: "
        + String.join(", ", names) + " (or a 0-based index)");
  }

  /**
   * A locator for the given columns (names or indices, see {@link #resolve}) on lines of this
   * schema.
   */
  public FieldsLocator locator(String... namesOrIndices) {
    int[] columns = new int[namesOrIndices.length];
    for (int i = 0; i < columns.length; i++) {
      columns[i] = resolve(namesOrIndices[i]);
    }
    return new FieldsLocator(delimiter, columns);
  }

  /** The name of column {@code index}, or {@code "column N"} past the named columns. */
  public String name(int index) {
    return index >= 0 && index < names.size() ? names.get(index) : "column " + index;
  }

  /**
   * Parses a delimiter option: a single ASCII character ({@code ,} {@code |} {@code ;}), one of
   * the names {@code tab}, {@code comma}, {@code pipe}, {@code space}, {@code semicolon}
   * (ignoring case), or the escapes {@code \t} and {@code \xHH} (e.g. {@code \x01}, Hive's
   * default). Lines are compared byte by byte, so a delimiter must be one byte: non-ASCII and
   * multi-character values are rejected rather than silently cut to their first byte.
   *
   * @throws IllegalArgumentException naming the value and the accepted forms
   */
  public static byte parseDelimiter(String value) {
    if (value.length() == 1) {
      char c = value.charAt(0);
      if (c < 0x80) {
        return (byte) c;
      }
      throw new IllegalArgumentException("delimiter '" + value + "' is not ASCII (not one byte); use "
          + DELIMITER_FORMS);
    }
    switch (value.trim().toLowerCase(Locale.ROOT)) {
      case "tab":
      case "\\t":
        return '\t';
      case "comma":
        return ',';
      case "pipe":
        return '|';
      case "space":
        return ' ';
      case "semicolon":
        return ';';
      default:
        break;
    }
    if (value.length() == 4 && value.charAt(0) == '\\' && (value.charAt(1) == 'x' || value.charAt(1) == 'X')) {
      int high = hexDigit(value.charAt(2));
      int low = hexDigit(value.charAt(3));
      if (high >= 0 && high < 8 && low >= 0) {
        return (byte) (high * 16 + low);
      }
    }
    throw new IllegalArgumentException("delimiter '" + value + "' is not one byte; use "
        + DELIMITER_FORMS);
  }

  /** A readable form of a delimiter byte, for messages: {@code tab}, {@code ','}, {@code \x01}. */
  public static String describeDelimiter(byte delimiter) {
    if (delimiter == '\t') {
      return "tab";
    }
    if (delimiter == ' ') {
      return "space";
    }
    if (delimiter > ' ' && delimiter < 0x7f) {
      return "'" + (char) delimiter + "'";
    }
    return String.format("\\x%02x", delimiter & 0xff);
  }

  private static int hexDigit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  private static boolean isIndex(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return String.join(",", names) + " separated by " + describeDelimiter(delimiter);
  }
}
