package io.logcount.input;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;

import org.apache.hadoop.io.Text;
import org.junit.jupiter.api.Test;

class BoundedLineReaderTest {

  private static List<String> lines(BoundedLineReader reader, InputStream in, long size) throws IOException {
    reader.startEntry(in, size);
    List<String> out = new ArrayList<>();
    Text line = new Text();
    while (reader.next(line)) {
      out.add(line.toString() + (reader.truncated() ? "<cut>" : "") + "@" + reader.lineOffset());
    }
    return out;
  }

  private static InputStream stream(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void splitsAtNewlinesAndDropsOneCarriageReturn() throws IOException {
    String text = "a\tb\r\n\nc\r\r\nlast";
    BoundedLineReader reader = new BoundedLineReader(4, 100); // tiny buffer: lines cross refills
    assertEquals(Arrays.asList("a\tb@0", "@5", "c\r@6", "last@10"), lines(reader, stream(text), text.length()));
  }

  @Test
  void finalNewlineDoesNotMakeAnExtraLine() throws IOException {
    BoundedLineReader reader = new BoundedLineReader(64, 100);
    assertEquals(Arrays.asList("x@0", "y@2"), lines(reader, stream("x\ny\n"), 4));
  }

  @Test
  void emptyEntryHasNoLines() throws IOException {
    BoundedLineReader reader = new BoundedLineReader(64, 100);
    assertEquals(new ArrayList<String>(), lines(reader, stream(""), 0));
  }

  @Test
  void linesNeverContinueIntoTheNextEntry() throws IOException {
    // Two entries back to back in one stream; the first lacks its final newline.
    InputStream folder = stream("one\ntwo" + "three\nfour\n");
    BoundedLineReader reader = new BoundedLineReader(3, 100);
    assertEquals(Arrays.asList("one@0", "two@4"), lines(reader, folder, 7));
    assertEquals(Arrays.asList("three@0", "four@6"), lines(reader, folder, 11));
  }

  @Test
  void longLineIsTruncatedAndTheRestSkipped() throws IOException {
    String text = "short\n" + "0123456789ABCDEF\n" + "next\n";
    BoundedLineReader reader = new BoundedLineReader(4, 8);
    assertEquals(Arrays.asList("short@0", "01234567<cut>@6", "next@23"), lines(reader, stream(text), text.length()));
  }

  @Test
  void crcCoversTheWholeEntry() throws IOException {
    byte[] bytes = "a\nbb\nccc".getBytes(StandardCharsets.UTF_8);
    BoundedLineReader reader = new BoundedLineReader(2, 100);
    lines(reader, new ByteArrayInputStream(bytes), bytes.length);
    CRC32 crc = new CRC32();
    crc.update(bytes);
    assertEquals(crc.getValue(), reader.crc());
    assertEquals(bytes.length, reader.bytesRead());
  }

  @Test
  void invalidUtf8BytesPassThrough() throws IOException {
    byte[] bytes = {'a', '\t', (byte) 0xff, (byte) 0xc0, '\n'};
    BoundedLineReader reader = new BoundedLineReader(64, 100);
    reader.startEntry(new ByteArrayInputStream(bytes), bytes.length);
    Text line = new Text();
    assertTrue(reader.next(line));
    assertArrayEquals(Arrays.copyOf(bytes, 4), Arrays.copyOf(line.getBytes(), line.getLength()));
    assertFalse(reader.next(line));
  }

  @Test
  void streamShorterThanEntryIsAnError() {
    BoundedLineReader reader = new BoundedLineReader(64, 100);
    reader.startEntry(stream("abc"), 10);
    EOFException e = assertThrows(EOFException.class, () -> {
      Text line = new Text();
      while (reader.next(line)) {
        // drain
      }
    });
    assertTrue(e.getMessage().contains("3 of its 10 bytes"), e.getMessage());
  }

  @Test
  void aStreamOfUnknownLengthEndsAtItsEndWithOffsetsFromItsStart() throws IOException {
    BoundedLineReader reader = new BoundedLineReader(4, 100);
    reader.startStream(stream("x\r\nyy\nlast"), 1000);
    List<String> out = new ArrayList<>();
    Text line = new Text();
    while (reader.next(line)) {
      out.add(line + "@" + reader.lineOffset());
    }
    assertEquals(Arrays.asList("x@1000", "yy@1003", "last@1006"), out);
    assertEquals(10, reader.bytesRead());
    assertFalse(reader.next(line), "stays at its end");
  }
}
