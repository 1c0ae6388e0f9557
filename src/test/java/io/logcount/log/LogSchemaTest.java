package io.logcount.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class LogSchemaTest {

  private final LogSchema schema = LogSchema.DEFAULT;

  @Test
  void defaultSchemaIsTheAdServerLayout() {
    assertEquals(Arrays.asList("AuctionID", "UserID", "SiteID", "URL", "UserAgent", "Timestamp"), schema.names());
    assertEquals(6, schema.size());
    assertEquals('\t', schema.delimiter());
  }

  @Test
  void resolvesNamesIgnoringCase() {
    assertEquals(1, schema.resolve("UserID"));
    assertEquals(1, schema.resolve("userid"));
    assertEquals(5, schema.resolve(" TIMESTAMP "));
    assertEquals(0, schema.resolve("auctionid"));
  }

  @Test
  void resolvesIndicesIncludingPastTheNamedColumns() {
    assertEquals(0, schema.resolve("0"));
    assertEquals(5, schema.resolve("5"));
    assertEquals(9, schema.resolve("9"));
    assertEquals("column 9", schema.name(9));
    assertEquals("Timestamp", schema.name(5));
  }

  @Test
  void unknownColumnListsTheKnownOnes() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> schema.resolve("Foo"));
    assertEquals("unknown column 'Foo'; known columns: AuctionID, UserID, SiteID, URL, UserAgent, Timestamp"
        + " (or a 0-based index)", e.getMessage());
  }

  @Test
  void negativeIndexRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> schema.resolve("-1"));
    assertTrue(e.getMessage().contains(">= 0"), e.getMessage());
    IllegalArgumentException huge = assertThrows(IllegalArgumentException.class,
        () -> schema.resolve("99999999999"));
    assertTrue(huge.getMessage().contains("too large"), huge.getMessage());
  }

  @Test
  void parseTrimsNames() {
    LogSchema custom = LogSchema.parse(" a , b,c ", (byte) ',');
    assertEquals(Arrays.asList("a", "b", "c"), custom.names());
    assertEquals(',', custom.delimiter());
    assertEquals(2, custom.resolve("C"));
  }

  @Test
  void emptyNameRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LogSchema.parse("a,,c", (byte) '\t'));
    assertTrue(e.getMessage().contains("column 1 has an empty name"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> LogSchema.parse("a,b,", (byte) '\t'));
    assertThrows(IllegalArgumentException.class, () -> LogSchema.parse("", (byte) '\t'));
  }

  @Test
  void duplicateNameRejectedIgnoringCase() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LogSchema.parse("UserID,SiteID,userid", (byte) '\t'));
    assertTrue(e.getMessage().contains("duplicate column name 'userid'"), e.getMessage());
  }

  @Test
  void numericNameRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> LogSchema.parse("a,42", (byte) '\t'));
    assertTrue(e.getMessage().contains("'42'"), e.getMessage());
  }

  @Test
  void locatorByNames() {
    FieldsLocator locator = schema.locator("Timestamp", "UserID");
    assertArrayEquals(new int[] {1, 5}, locator.columns());
    assertEquals('\t', locator.delimiter());
    assertThrows(IllegalArgumentException.class, () -> schema.locator("Nope"));
  }

  @Test
  void delimiterForms() {
    assertEquals('\t', LogSchema.parseDelimiter("\t"));
    assertEquals('\t', LogSchema.parseDelimiter("\\t"));
    assertEquals('\t', LogSchema.parseDelimiter("TAB"));
    assertEquals(',', LogSchema.parseDelimiter(","));
    assertEquals(',', LogSchema.parseDelimiter("comma"));
    assertEquals('|', LogSchema.parseDelimiter("|"));
    assertEquals('|', LogSchema.parseDelimiter("pipe"));
    assertEquals(' ', LogSchema.parseDelimiter(" "));
    assertEquals(' ', LogSchema.parseDelimiter("space"));
    assertEquals(';', LogSchema.parseDelimiter("semicolon"));
    assertEquals(1, LogSchema.parseDelimiter("\\x01"));
    assertEquals(0x1f, LogSchema.parseDelimiter("\\x1F"));
  }

  @Test
  void multiCharacterDelimiterRejected() {
    for (String bad : new String[] {"::", "ab", "", "\\x80", "\\xg1", "\u00e9", "\\n\\t"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LogSchema.parseDelimiter(bad),
          bad);
      assertTrue(e.getMessage().contains("'" + bad + "'") && e.getMessage().contains("tab, comma"), e.getMessage());
    }
  }

  @Test
  void describesDelimiters() {
    assertEquals("tab", LogSchema.describeDelimiter((byte) '\t'));
    assertEquals("','", LogSchema.describeDelimiter((byte) ','));
    assertEquals("\\x01", LogSchema.describeDelimiter((byte) 1));
    assertEquals("AuctionID,UserID,SiteID,URL,UserAgent,Timestamp separated by tab", schema.toString());
  }
}
