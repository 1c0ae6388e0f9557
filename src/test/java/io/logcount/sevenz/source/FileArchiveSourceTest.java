package io.logcount.sevenz.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.EOFException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.logcount.sevenz.archive.SevenZArchive;
import io.logcount.sevenz.coders.SevenZLimits;
import io.logcount.sevenz.decode.SevenZFolderDecoder;
import io.logcount.sevenz.header.SevenZHeaders;
import io.logcount.testing.Fixtures;

class FileArchiveSourceTest {

  @TempDir
  File dir;

  private File file(int size) throws IOException {
    byte[] b = new byte[size];
    for (int i = 0; i < size; i++) {
      b[i] = (byte) i;
    }
    File f = new File(dir, "a.7z");
    Files.write(f.toPath(), b);
    return f;
  }

  @Test
  void positionalReadsAndRanges() throws IOException {
    try (FileArchiveSource source = new FileArchiveSource(file(1000))) {
      assertEquals(1000, source.length());
      byte[] b = new byte[3];
      source.readFully(998, new byte[2], 0, 2);
      source.readFully(10, b, 0, 3);
      assertArrayEquals(new byte[] {10, 11, 12}, b);
      try (InputStream first = source.openRange(100, 50);
          InputStream second = source.openRange(500, 500)) {
        // Interleaved reads: each range keeps its own position.
        assertEquals(100, first.read());
        assertEquals(500 & 0xFF, second.read());
        byte[] rest = first.readAllBytes();
        assertEquals(49, rest.length);
        assertEquals((byte) 149, rest[48]);
        assertEquals(499, second.readAllBytes().length);
        assertEquals(-1, first.read());
      }
    }
  }

  @Test
  void readsPastTheEndAreEofExceptions() throws IOException {
    try (FileArchiveSource source = new FileArchiveSource(file(100))) {
      assertThrows(EOFException.class, () -> source.readFully(90, new byte[20], 0, 20));
      InputStream range = source.openRange(90, 20);
      assertEquals(10, range.readNBytes(10).length);
      assertThrows(EOFException.class, range::read);
    }
  }

  @Test
  void closingTwiceIsSafe() throws IOException {
    FileArchiveSource source = new FileArchiveSource(file(10));
    source.close();
    source.close();
  }

  @Test
  void folderStreamCloseTwiceIsSafeAndReadAfterCloseFails() throws IOException {
    try (FileArchiveSource source = new FileArchiveSource(Fixtures.file("nonsolid.7z"))) {
      SevenZArchive archive = SevenZHeaders.read(source, SevenZLimits.defaults());
      InputStream in = SevenZFolderDecoder.open(source, archive, archive.folders().get(1),
          SevenZLimits.defaults());
      byte[] start = in.readNBytes(16);
      in.close();
      in.close();
      assertThrows(IOException.class, in::read);
      assertEquals(16, Arrays.copyOf(start, 16).length);
    }
  }
}
