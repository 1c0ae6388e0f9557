package io.logcount.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class TsvFieldLocatorTest {

  private final TsvFieldLocator userColumn = new TsvFieldLocator(1);

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private String field(TsvFieldLocator locator, byte[] line) {
    return new String(line, locator.start(), locator.length(), StandardCharsets.UTF_8);
  }

  @Test
  void validLineYieldsSecondField() {
    byte[] line = bytes("a1\tU00ff\tsite1\thttp://x/\tagent\t1700000000");
    assertEquals(LineKind.VALID, userColumn.locate(line, 0, line.length));
    assertEquals("U00ff", field(userColumn, line));
  }

  @Test
  void fieldAtEndOfLineWithoutTrailingTab() {
    byte[] line = bytes("a1\tlast-user");
    assertEquals(LineKind.VALID, userColumn.locate(line, 0, line.length));
    assertEquals("last-user", field(userColumn, line));
  }

  @Test
  void respectsOffsetAndLengthWithinLargerBuffer() {
    byte[] buf = bytes("junk\tX\nA\tU7\tS\nmore\tY");
    int start = 7;
    int len = 7; // "A\tU7\tS"
    assertEquals(LineKind.VALID, userColumn.locate(buf, start, len));
    assertEquals("U7", field(userColumn, buf));
  }

  @Test
  void missingUserColumn() {
    byte[] line = bytes("only-one-column");
    assertEquals(LineKind.MALFORMED, userColumn.locate(line, 0, line.length));
  }

  @Test
  void emptyUserColumn() {
    byte[] line = bytes("a1\t\tsite1\turl");
    assertEquals(LineKind.MALFORMED, userColumn.locate(line, 0, line.length));
  }

  @Test
  void emptyUserAtEnd() {
    byte[] line = bytes("a1\t");
    assertEquals(LineKind.MALFORMED, userColumn.locate(line, 0, line.length));
  }

  @Test
  void emptyLine() {
    assertEquals(LineKind.BLANK, userColumn.locate(new byte[0], 0, 0));
  }

  @Test
  void whitespaceOnlyLineIsBlankEvenWithTabs() {
    byte[] line = bytes(" \t \u000b\f\r");
    assertEquals(LineKind.BLANK, userColumn.locate(line, 0, line.length));
    byte[] tabs = bytes("\t\t\t");
    assertEquals(LineKind.BLANK, userColumn.locate(tabs, 0, tabs.length));
  }

  @Test
  void spaceInsideUserFieldIsKeptAndNotBlank() {
    byte[] line = bytes("a\t \tb");
    assertEquals(LineKind.VALID, userColumn.locate(line, 0, line.length));
    assertEquals(" ", field(userColumn, line));
  }

  @Test
  void invalidUtf8PassesThroughAsBytes() {
    byte[] line = {'a', '\t', (byte) 0xff, (byte) 0xc3, 'x', '\t', 'z'};
    assertEquals(LineKind.VALID, userColumn.locate(line, 0, line.length));
    assertEquals(2, userColumn.start());
    assertEquals(5, userColumn.end());
  }

  @Test
  void firstAndOtherColumns() {
    byte[] line = bytes("c0\tc1\tc2");
    TsvFieldLocator first = new TsvFieldLocator(0);
    assertEquals(LineKind.VALID, first.locate(line, 0, line.length));
    assertEquals("c0", field(first, line));
    TsvFieldLocator third = new TsvFieldLocator(2);
    assertEquals(LineKind.VALID, third.locate(line, 0, line.length));
    assertEquals("c2", field(third, line));
    TsvFieldLocator fourth = new TsvFieldLocator(3);
    assertEquals(LineKind.MALFORMED, fourth.locate(line, 0, line.length));
  }

  @Test
  void otherDelimiter() {
    byte[] line = bytes("a|b\tc|d");
    TsvFieldLocator pipe = new TsvFieldLocator(1, (byte) '|');
    assertEquals('|', pipe.delimiter());
    assertEquals(LineKind.VALID, pipe.locate(line, 0, line.length));
    assertEquals("b\tc", field(pipe, line));
    byte[] pipes = bytes("|");
    assertEquals(LineKind.MALFORMED, pipe.locate(pipes, 0, pipes.length));
    assertEquals('\t', userColumn.delimiter());
  }

  @Test
  void negativeColumnRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TsvFieldLocator(-1));
    assertTrue(e.getMessage().contains("-1"));
  }

  @Test
  void blankDetection() {
    assertTrue(TsvFieldLocator.isBlank(bytes("  \t"), 0, 3));
    assertFalse(TsvFieldLocator.isBlank(bytes(" x "), 0, 3));
    assertFalse(TsvFieldLocator.isBlank(new byte[] {0}, 0, 1));
  }
}
