package io.logcount.sevenz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.zip.CRC32;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tukaani.xz.LZMA2InputStream;

import io.logcount.sevenz.archive.SevenZArchive;
import io.logcount.sevenz.archive.SevenZEntry;
import io.logcount.sevenz.archive.SevenZFolder;
import io.logcount.sevenz.coders.SevenZLimits;
import io.logcount.sevenz.decode.SevenZFolderDecoder;
import io.logcount.sevenz.header.SevenZHeaders;
import io.logcount.sevenz.source.FileArchiveSource;
import io.logcount.testing.Fixtures;
import io.logcount.testing.StreamFixtures;

/** The parsed layout: folders, entries, offsets, CRCs, names, methods. */
class SevenZArchiveTest {

  @Test
  void solidArchiveIsOneFolderWithThreeFiles() throws IOException {
    SevenZArchive archive = Fixtures.read("solid-lzma2.7z");
    assertEquals(1, archive.folders().size());
    assertEquals(List.of("logs/2026-01/a.tsv", "logs/2026-01/b.tsv", "logs/2026-01/c.tsv"),
        names(archive.folders().get(0).entries()));
    assertEquals(5, archive.entries().size()); // plus directories logs and logs/2026-01
    assertEquals("LZMA2:4m", archive.folders().get(0).methods());
  }

  @Test
  void nonSolidArchiveHasOneFolderPerFile() throws IOException {
    SevenZArchive archive = Fixtures.read("nonsolid.7z");
    assertEquals(3, archive.folders().size());
    for (SevenZFolder folder : archive.folders()) {
      assertEquals(1, folder.entries().size());
      assertEquals(folder.unpackSize(), folder.entries().get(0).size());
    }
  }

  @Test
  void smallBlocksMakeThreeFoldersOfTwelveFiles() throws IOException {
    SevenZArchive archive = Fixtures.read("small-blocks.7z");
    assertEquals(3, archive.folders().size());
    assertEquals(12, archive.folders().stream().mapToInt(f -> f.entries().size()).sum());
    assertEquals(12, archive.entries().size());
  }

  @ParameterizedTest
  @ValueSource(strings = {"solid-lzma2.7z", "nonsolid.7z", "small-blocks.7z",
      "lzma2-dict-resets.7z", "lzma1.7z", "bzip2.7z", "deflate.7z", "store.7z",
      "delta-filter.7z", "messy.7z", "many-small-files.7z", "plain-header-blocks.7z",
      "unicode-names.7z", "no-folders.7z", "encrypted.7z", "unsupported-ppmd.7z"})
  void foldersAreContiguousAndEntriesTileThem(String fixture) throws IOException {
    SevenZArchive archive = Fixtures.read(fixture);
    long packedEnd = 32;
    for (int i = 0; i < archive.folders().size(); i++) {
      SevenZFolder folder = archive.folders().get(i);
      assertEquals(i, folder.index());
      assertEquals(packedEnd, folder.packedOffset(), "7-Zip writes folders back to back");
      assertTrue(folder.packedSize() > 0);
      packedEnd += folder.packedSize();
      long offset = 0;
      for (SevenZEntry entry : folder.entries()) {
        assertEquals(i, entry.folderIndex());
        assertEquals(offset, entry.offsetInFolder());
        assertTrue(entry.hasStream() && entry.hasCrc() && !entry.isDirectory());
        assertSame(entry, archive.entries().get(entry.index()));
        offset += entry.size();
      }
      assertEquals(folder.unpackSize(), offset, "the last entry ends where the folder does");
    }
    assertTrue(packedEnd <= archive.length());
    long withStream = archive.entries().stream().filter(SevenZEntry::hasStream).count();
    assertEquals(withStream, archive.folders().stream().mapToLong(f -> f.entries().size()).sum());
  }

  @ParameterizedTest
  @ValueSource(strings = {"solid-lzma2.7z", "nonsolid.7z", "small-blocks.7z", "messy.7z",
      "plain-header-blocks.7z", "archive-properties.7z"})
  void decodedEntriesMatchTheirCrcs(String fixture) throws IOException {
    try (FileArchiveSource source = new FileArchiveSource(Fixtures.file(fixture))) {
      SevenZArchive archive = SevenZHeaders.read(source, SevenZLimits.defaults());
      for (SevenZFolder folder : archive.folders()) {
        try (InputStream in =
            SevenZFolderDecoder.open(source, archive, folder, SevenZLimits.defaults())) {
          for (SevenZEntry entry : folder.entries()) {
            assertEquals(entry.crc(), crc(in, entry.size()), entry.toString());
          }
          assertEquals(-1, in.read());
        }
      }
    }
  }

  private static long crc(InputStream in, long size) throws IOException {
    CRC32 crc = new CRC32();
    byte[] buf = new byte[8192];
    long left = size;
    while (left > 0) {
      int n = in.read(buf, 0, (int) Math.min(buf.length, left));
      assertTrue(n > 0, "folder ended early");
      crc.update(buf, 0, n);
      left -= n;
    }
    return crc.getValue();
  }

  @Test
  void messyArchiveReportsDirectoriesAndEmptyFiles() throws IOException {
    SevenZArchive archive = Fixtures.read("messy.7z");
    assertEquals(List.of("empty-dir", "mixed", "mixed/empty.tsv", "mixed/messy.tsv",
        "mixed/no-final-newline.tsv"), names(archive.entries()));
    List<SevenZEntry> e = archive.entries();
    assertTrue(e.get(0).isDirectory() && !e.get(0).hasStream());
    assertTrue(e.get(1).isDirectory() && !e.get(1).hasStream());
    SevenZEntry empty = e.get(2);
    assertFalse(empty.isDirectory());
    assertFalse(empty.hasStream());
    assertEquals(0, empty.size());
    assertEquals(-1, empty.folderIndex());
    assertFalse(empty.hasCrc());
    assertEquals(52, e.get(4).size());
  }

  @Test
  void archiveOfDirectoriesAndEmptyFilesHasNoFolders() throws IOException {
    SevenZArchive archive = Fixtures.read("no-folders.7z");
    assertEquals(0, archive.folders().size());
    assertEquals(4, archive.entries().stream().filter(SevenZEntry::isDirectory).count());
    SevenZEntry empty = archive.entries().stream().filter(x -> !x.isDirectory()).findFirst()
        .orElseThrow();
    assertEquals("only/dir-a/empty.tsv", empty.name());
    assertFalse(empty.hasStream());
  }

  @Test
  void archiveWithNoHeaderIsEmpty() throws IOException {
    // What 7-Zip writes for an archive without files: a start header with NextHeaderSize 0.
    byte[] bytes = new byte[32];
    System.arraycopy(new byte[] {'7', 'z', (byte) 0xBC, (byte) 0xAF, 0x27, 0x1C, 0, 4}, 0,
        bytes, 0, 8);
    BytesArchiveSource.fixCrcs(bytes);
    SevenZArchive archive =
        SevenZHeaders.read(new BytesArchiveSource("empty.7z", bytes), SevenZLimits.defaults());
    assertEquals(0, archive.folders().size());
    assertEquals(0, archive.entries().size());
    assertEquals(32, archive.length());
  }

  /**
   * COMPRESS-681: ArchiveProperties whose PropertyType is a multi-byte number. 7zFormat.txt draws
   * the type as a BYTE, but 7-Zip reads every id as a UINT64 (7zIn.cpp ReadID), so this archive's
   * {@code FF 01 00 9A 78 56 34 12 3F} is one type, then its size (3) and data; read as one byte,
   * the next bytes were taken for a huge size and the header refused as corrupt.
   */
  @Test
  void archivePropertiesWithMultiByteTypesAreSkipped() throws IOException, InterruptedException {
    SevenZArchive archive = Fixtures.read("archive-properties.7z");
    assertEquals(Arrays.asList("COMPRESS-681.txt"), names(archive.entries()));
    assertEquals(50, archive.entries().get(0).size());
    assertEquals(1, archive.folders().size());
    StreamFixtures.assumeTools("7zz");
    File file = Fixtures.file("archive-properties.7z");
    Process p = new ProcessBuilder("7zz", "x", "-so", file.getAbsolutePath()).start();
    byte[] native7z;
    try (InputStream out = p.getInputStream()) {
      native7z = out.readAllBytes();
    }
    assertEquals(0, p.waitFor(), "7zz x -so");
    try (FileArchiveSource source = new FileArchiveSource(file);
        InputStream in = SevenZFolderDecoder.open(source, archive, archive.folders().get(0),
            SevenZLimits.defaults())) {
      assertArrayEquals(native7z, in.readAllBytes());
    }
  }

  @Test
  void namesAreDecodedFromUtf16() throws IOException {
    SevenZArchive archive = Fixtures.read("unicode-names.7z");
    assertTrue(names(archive.entries()).contains("données/用户/journal-ü.tsv"),
        names(archive.entries()).toString());
  }

  @Test
  void methodsReadInEncodingOrder() throws IOException {
    assertEquals("Delta:4 LZMA2:4m", Fixtures.read("delta-filter.7z").folders().get(0).methods());
    assertEquals("BCJ LZMA2:96k", Fixtures.read("filter-bcj.7z").folders().get(0).methods());
    assertEquals("ARM64 LZMA2:96k", Fixtures.read("filter-arm64.7z").folders().get(0).methods());
    assertEquals("LZMA:4m", Fixtures.read("lzma1.7z").folders().get(0).methods());
    assertEquals("BZip2", Fixtures.read("bzip2.7z").folders().get(0).methods());
    assertEquals("Deflate", Fixtures.read("deflate.7z").folders().get(0).methods());
    assertEquals("Copy", Fixtures.read("store.7z").folders().get(0).methods());
    assertEquals("PPMD", Fixtures.read("unsupported-ppmd.7z").folders().get(0).methods());
  }

  @Test
  void decoderMemoryIsTheDictionaryCappedAtTheFolderSize() throws IOException {
    // LZMA2:1m over a 6.5 MB folder: the whole 1 MiB dictionary, plus xz's fixed state.
    SevenZFolder resets = Fixtures.read("lzma2-dict-resets.7z").folders().get(0);
    assertEquals("LZMA2:1m", resets.methods());
    assertEquals(LZMA2InputStream.getMemoryUsage(1 << 20) * 1024L, resets.decoderMemoryBytes());
    // LZMA2:4m over 3.4 MB of output: only the output's size is needed.
    SevenZFolder solid = Fixtures.read("solid-lzma2.7z").folders().get(0);
    assertTrue(solid.decoderMemoryBytes() < (4L << 20));
    assertTrue(solid.decoderMemoryBytes() >= solid.unpackSize());
  }

  private static List<String> names(List<SevenZEntry> entries) {
    return entries.stream().map(SevenZEntry::name).collect(Collectors.toList());
  }
}
