package io.logcount.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class FieldsLocatorTest {

  private static final byte TAB = '\t';
  private static final int USER = 1;
  private static final int TIMESTAMP = 5;

  private final FieldsLocator userAndTime = new FieldsLocator(TAB, TIMESTAMP, USER);

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String field(FieldsLocator locator, byte[] line, int column) {
    return new String(line, locator.start(column), locator.length(column), StandardCharsets.UTF_8);
  }

  @Test
  void validLineYieldsEveryNeededColumn() {
    byte[] line = bytes("a1\tU00ff\tsite1\thttp://x/\tagent\t1700000000");
    assertEquals(LineKind.VALID, userAndTime.locate(line, 0, line.length));
    assertEquals("U00ff", field(userAndTime, line, USER));
    assertEquals("1700000000", field(userAndTime, line, TIMESTAMP));
    assertEquals("site1", field(userAndTime, line, 2), "columns between the needed ones are located too");
    assertEquals(line.length, userAndTime.end(TIMESTAMP));
  }

  @Test
  void columnsSortedAndDuplicatesMerged() {
    FieldsLocator locator = new FieldsLocator(TAB, 5, 1, 5, 3, 1);
    assertArrayEquals(new int[] {1, 3, 5}, locator.columns());
    assertEquals(5, locator.highestColumn());
  }

  @Test
  void missingUserColumn() {
    byte[] line = bytes("only-one-column");
    assertEquals(LineKind.MALFORMED, userAndTime.locate(line, 0, line.length));
  }

  @Test
  void missingTimestampColumn() {
    byte[] line = bytes("a1\tU1\tsite1\turl\tagent");
    assertEquals(LineKind.MALFORMED, userAndTime.locate(line, 0, line.length));
  }

  @Test
  void emptyTimestampAtEnd() {
    byte[] line = bytes("a1\tU1\tsite1\turl\tagent\t");
    assertEquals(LineKind.MALFORMED, userAndTime.locate(line, 0, line.length));
  }

  @Test
  void emptyUserColumn() {
    byte[] line = bytes("a1\t\tsite1\turl\tagent\t1700000000");
    assertEquals(LineKind.MALFORMED, userAndTime.locate(line, 0, line.length));
  }

  @Test
  void emptyColumnThatIsNotNeededIsFine() {
    byte[] line = bytes("\tU1\t\t\t\t1700000000");
    assertEquals(LineKind.VALID, userAndTime.locate(line, 0, line.length));
    assertEquals("U1", field(userAndTime, line, USER));
    assertEquals(0, userAndTime.length(2));
  }

  @Test
  void trailingDelimiterAfterLastNeededColumn() {
    byte[] line = bytes("a1\tU1\ts\tu\tg\t1700000000\t");
    assertEquals(LineKind.VALID, userAndTime.locate(line, 0, line.length));
    assertEquals("1700000000", field(userAndTime, line, TIMESTAMP));
  }

  @Test
  void moreColumnsThanSchemaStopsAtHighestNeeded() {
    byte[] line = bytes("a1\tU1\ts\tu\tg\t1700000000\textra1\textra2");
    assertEquals(LineKind.VALID, userAndTime.locate(line, 0, line.length));
    assertEquals("1700000000", field(userAndTime, line, TIMESTAMP));
    FieldsLocator extra = new FieldsLocator(TAB, 7);
    assertEquals(LineKind.VALID, extra.locate(line, 0, line.length));
    assertEquals("extra2", field(extra, line, 7));
  }

  @Test
  void neededColumnBeyondTheLine() {
    byte[] line = bytes("a1\tU1\ts\tu\tg\t1700000000");
    FieldsLocator beyond = new FieldsLocator(TAB, 1, 9);
    assertEquals(LineKind.MALFORMED, beyond.locate(line, 0, line.length));
  }

  @Test
  void restOfLineIsNotRead() {
    // Bytes after the highest needed column are never read: the length given here reaches
    // past the end of the array, so a scan of the whole line would throw.
    byte[] line = bytes("a\tU\tlong-tail");
    FieldsLocator first2 = new FieldsLocator(TAB, 0, 1);
    assertEquals(LineKind.VALID, first2.locate(line, 0, line.length + 1000));
    assertEquals("U", field(first2, line, 1));
  }

  @Test
  void emptyLine() {
    assertEquals(LineKind.BLANK, userAndTime.locate(new byte[0], 0, 0));
  }

  @Test
  void whitespaceOnlyLineIsBlankEvenWithAllColumnsPresent() {
    byte[] line = bytes(" \t \t\u000b\t\f\t \t ");
    assertEquals(LineKind.BLANK, userAndTime.locate(line, 0, line.length));
    byte[] tabs = bytes("\t\t");
    assertEquals(LineKind.BLANK, userAndTime.locate(tabs, 0, tabs.length));
  }

  @Test
  void whitespaceFieldsInANonBlankLineAreValid() {
    byte[] line = bytes("a\t \ts\tu\tg\t ");
    assertEquals(LineKind.VALID, userAndTime.locate(line, 0, line.length));
    assertEquals(" ", field(userAndTime, line, USER));
    byte[] lateNonBlank = bytes(" \t \t \t \t \t \tX");
    assertEquals(LineKind.VALID, userAndTime.locate(lateNonBlank, 0, lateNonBlank.length));
  }

  @Test
  void carriageReturnAlreadyStrippedOrKept() {
    // The reader drops one trailing \r; if a second one remains it is part of the last field.
    byte[] line = bytes("a\tU\ts\tu\tg\t17\r");
    assertEquals(LineKind.VALID, userAndTime.locate(line, 0, line.length - 1));
    assertEquals("17", field(userAndTime, line, TIMESTAMP));
    assertEquals(LineKind.VALID, userAndTime.locate(line, 0, line.length));
    assertEquals("17\r", field(userAndTime, line, TIMESTAMP));
  }

  @Test
  void invalidUtf8PassesThroughAsBytes() {
    byte[] line = {'a', '\t', (byte) 0xff, (byte) 0xc3, 'x', '\t', (byte) 0x80};
    FieldsLocator locator = new FieldsLocator(TAB, 1, 2);
    assertEquals(LineKind.VALID, locator.locate(line, 0, line.length));
    assertEquals(2, locator.start(1));
    assertEquals(5, locator.end(1));
    assertEquals(6, locator.start(2));
    assertEquals(1, locator.length(2));
  }

  @Test
  void respectsOffsetAndLengthWithinLargerBuffer() {
    byte[] buf = bytes("junk\tX\nA\tU7\tS\nmore\tY");
    FieldsLocator locator = new FieldsLocator(TAB, 0, 2);
    assertEquals(LineKind.VALID, locator.locate(buf, 7, 6)); // "A\tU7\tS"
    assertEquals("A", field(locator, buf, 0));
    assertEquals("S", field(locator, buf, 2));
    assertEquals(LineKind.MALFORMED, new FieldsLocator(TAB, 3).locate(buf, 7, 6));
  }

  @Test
  void otherDelimiter() {
    byte[] line = bytes("a,b\tc,d");
    FieldsLocator comma = new FieldsLocator((byte) ',', 1, 2);
    assertEquals(LineKind.VALID, comma.locate(line, 0, line.length));
    assertEquals("b\tc", field(comma, line, 1));
    assertEquals("d", field(comma, line, 2));
    byte[] commas = bytes(",,");
    assertEquals(LineKind.MALFORMED, comma.locate(commas, 0, commas.length), "commas are not whitespace");
  }

  @Test
  void reusedAcrossLines() {
    byte[] longLine = bytes("a\tU1\ts\tu\tg\t1");
    byte[] shortLine = bytes("a\tU2");
    assertEquals(LineKind.VALID, userAndTime.locate(longLine, 0, longLine.length));
    assertEquals(LineKind.MALFORMED, userAndTime.locate(shortLine, 0, shortLine.length),
        "positions left from the previous line must not count");
    assertEquals(LineKind.VALID, userAndTime.locate(longLine, 0, longLine.length));
    assertEquals("U1", field(userAndTime, longLine, USER));
  }

  @Test
  void badColumnsRejected() {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new FieldsLocator(TAB, 1, -2))
        .getMessage().contains("-2"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> new FieldsLocator(TAB))
        .getMessage().contains("at least one column"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> new FieldsLocator(TAB, FieldsLocator.MAX_COLUMN + 1)).getMessage().contains("<= 65535"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> userAndTime.start(6));
    assertTrue(e.getMessage().contains("column 6 is not located"), e.getMessage());
  }

  /**
   * Random lines (empty fields, whitespace, delimiters at either end, invalid UTF-8) and random
   * column sets against an independent classification built on a plain split of the line.
   */
  @Test
  void agreesWithSplitOnRandomLines() {
    Random random = new Random(20260105L);
    byte[] alphabet = {'\t', '\t', '\t', ' ', '\r', 'a', 'b', (byte) 0xc3, (byte) 0xff, ','};
    for (int n = 0; n < 20_000; n++) {
      byte[] line = new byte[random.nextInt(16)];
      for (int i = 0; i < line.length; i++) {
        line[i] = alphabet[random.nextInt(alphabet.length)];
      }
      int[] columns = new int[1 + random.nextInt(3)];
      for (int i = 0; i < columns.length; i++) {
        columns[i] = random.nextInt(6);
      }
      FieldsLocator locator = new FieldsLocator(TAB, columns);
      List<int[]> fields = split(line);
      LineKind expected = expectedKind(line, fields, columns);
      assertEquals(expected, locator.locate(line, 0, line.length), () -> describe(line, columns));
      if (expected == LineKind.VALID) {
        for (int column : columns) {
          assertEquals(fields.get(column)[0], locator.start(column));
          assertEquals(fields.get(column)[1], locator.end(column));
        }
      }
      if (columns.length == 1) {
        assertEquals(expected, new TsvFieldLocator(columns[0]).locate(line, 0, line.length),
            () -> "one-column locator differs: " + describe(line, columns));
      }
    }
  }

  private static List<int[]> split(byte[] line) {
    List<int[]> fields = new ArrayList<>();
    int start = 0;
    for (int i = 0; i <= line.length; i++) {
      if (i == line.length || line[i] == TAB) {
        fields.add(new int[] {start, i});
        start = i + 1;
      }
    }
    return fields;
  }

  private static LineKind expectedKind(byte[] line, List<int[]> fields, int[] columns) {
    boolean blank = new String(line, StandardCharsets.ISO_8859_1).chars()
        .allMatch(c -> c == ' ' || (c >= '\t' && c <= '\r'));
    if (blank) {
      return LineKind.BLANK;
    }
    for (int column : columns) {
      if (column >= fields.size() || fields.get(column)[0] == fields.get(column)[1]) {
        return LineKind.MALFORMED;
      }
    }
    return LineKind.VALID;
  }

  private static String describe(byte[] line, int[] columns) {
    StringBuilder s = new StringBuilder("columns ").append(java.util.Arrays.toString(columns)).append(" line [");
    for (byte b : line) {
      s.append(String.format(" %02x", b & 0xff));
    }
    return s.append(" ]").toString();
  }
}
