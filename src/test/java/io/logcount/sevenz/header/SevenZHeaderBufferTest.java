package io.logcount.sevenz.header;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;

import org.junit.jupiter.api.Test;

import io.logcount.sevenz.PackedHeaders;
import io.logcount.sevenz.source.SevenZFormatException;

/** The header's number and bit encodings (7zFormat.txt "Notes about Notation and encoding"). */
class SevenZHeaderBufferTest {

  private static SevenZHeaderBuffer buffer(int... bytes) {
    byte[] b = new byte[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      b[i] = (byte) bytes[i];
    }
    return new SevenZHeaderBuffer("t.7z", "header", b);
  }

  @Test
  void numbersUseAsManyExtraBytesAsLeadingOneBits() throws SevenZFormatException {
    assertEquals(0x7F, buffer(0x7F).readNumber());
    assertEquals(0x1234, buffer(0x80 | 0x12, 0x34).readNumber());
    assertEquals(0x1ABCDE, buffer(0xC0 | 0x1A, 0xDE, 0xBC).readNumber());
    assertEquals(-1L, buffer(0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF).readNumber());
  }

  @Test
  void numbersRoundTripAtEveryLength() throws SevenZFormatException {
    for (int bits = 0; bits < 64; bits++) {
      long v = (1L << bits) | (bits * 0x0101010101L & ((1L << bits) - 1));
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      PackedHeaders.number(out, v);
      assertEquals(v, new SevenZHeaderBuffer("t.7z", "header", out.toByteArray()).readNumber());
    }
  }

  /** Ids are numbers (7-Zip's ReadID): a 9-byte id is one id, and expect() reads it whole. */
  @Test
  void idsAreNumbersOfAnyLength() throws SevenZFormatException {
    SevenZHeaderBuffer b = buffer(0xFF, 0x01, 0x00, 0x9A, 0x78, 0x56, 0x34, 0x12, 0x3F, 0x03);
    assertEquals(0x3F123456789A0001L, b.readId());
    assertEquals(3, b.readSize("size", 10));
    assertEquals(SevenZNid.END, buffer(0x00).readId());
    SevenZHeaderBuffer c = buffer(0x81, 0x00, 0x01);
    SevenZFormatException e = assertThrows(SevenZFormatException.class, () -> c.expect(SevenZNid.HEADER, "t"));
    assertTrue(e.getMessage().contains("found 0x100"), e.getMessage());
  }

  @Test
  void countsThatTheRemainingBytesCannotHoldAreRefused() {
    // 100 items of at least 4 bytes each, in a 3-byte buffer.
    SevenZFormatException e = assertThrows(SevenZFormatException.class,
        () -> buffer(100, 0, 0).readCount("NumThings", 4, 1000));
    assertTrue(e.getMessage().contains("NumThings"), e.getMessage());
    assertThrows(SevenZFormatException.class, () -> buffer(0x81, 0x00).readCount("n", 0, 200));
    assertThrows(SevenZFormatException.class, () -> buffer(5).readIndex("index", 5));
  }

  @Test
  void bitsAreMostSignificantFirst() throws SevenZFormatException {
    assertArrayEquals(new boolean[] {true, false, true, false, false, false, false, false, true},
        buffer(0xA0, 0x80).readBits(9));
    assertArrayEquals(new boolean[] {true, true, true}, buffer(1).readAllOrBits(3));
  }

  @Test
  void readingPastTheEndIsAFormatErrorNamingTheArchive() {
    SevenZFormatException e =
        assertThrows(SevenZFormatException.class, () -> buffer(0xC0, 1).readNumber());
    assertTrue(e.getMessage().contains("t.7z") && e.getMessage().contains("header byte"),
        e.getMessage());
    assertThrows(SevenZFormatException.class, () -> buffer('a', 0, 'b').readUtf16String());
  }
}
