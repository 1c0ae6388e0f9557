package io.logcount.sevenz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.InputSplit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.logcount.sevenz.archive.SevenZArchive;
import io.logcount.sevenz.archive.SevenZFolder;
import io.logcount.sevenz.coders.SevenZLimits;
import io.logcount.sevenz.decode.Lzma2Blocks;
import io.logcount.sevenz.decode.SevenZFolderDecoder;
import io.logcount.sevenz.header.SevenZHeaders;
import io.logcount.sevenz.source.FileArchiveSource;
import io.logcount.sevenz.source.SevenZFormatException;
import io.logcount.testing.Figures;
import io.logcount.testing.Fixtures;
import io.logcount.testing.Indexes;

/**
 * Splits inside one LZMA2 folder at its dictionary resets: the scan, the decoder started at a
 * reset, the sidecar index, and the split contract at many split sizes.
 */
class Lzma2SplitTest {

  @TempDir
  File tmp;

  private static final String RESETS = "lzma2-dict-resets";

  private static Configuration conf() {
    Configuration conf = new Configuration(false);
    conf.set("fs.defaultFS", "file:///");
    return conf;
  }

  private static byte[] drain(InputStream in) throws IOException {
    return in.readAllBytes();
  }

  private File copyOf(String fixture) throws IOException {
    File copy = new File(tmp, fixture);
    Files.copy(Fixtures.file(fixture).toPath(), copy.toPath());
    return copy;
  }

  private static List<Lzma2Blocks.Reset> scan(File file) throws IOException {
    try (FileArchiveSource source = new FileArchiveSource(file)) {
      SevenZArchive archive = SevenZHeaders.read(source, SevenZLimits.defaults());
      return Lzma2Blocks.scan(source, archive, archive.folders().get(0));
    }
  }

  @Test
  void scanFindsEveryDictionaryResetAndEachDecodesOnItsOwn() throws IOException {
    File file = Fixtures.file(RESETS + ".7z");
    try (FileArchiveSource source = new FileArchiveSource(file)) {
      SevenZArchive archive = SevenZHeaders.read(source, SevenZLimits.defaults());
      SevenZFolder folder = archive.folders().get(0);
      assertTrue(Lzma2Blocks.isSplittable(folder));
      List<Lzma2Blocks.Reset> resets = Lzma2Blocks.scan(source, archive, folder);
      // 7-Zip was asked for a reset every 1 MiB of a ~5 MiB file (fixtures README).
      assertEquals((folder.unpackSize() + (1 << 20) - 1) >> 20, resets.size(), resets.toString());
      byte[] whole = drain(SevenZFolderDecoder.open(source, archive, folder, SevenZLimits.defaults()));
      for (Lzma2Blocks.Reset r : resets) {
        assertEquals(0, r.unpackedOffset() % (1 << 20), "resets fall on 1 MiB boundaries: " + r);
        byte[] tail = drain(SevenZFolderDecoder.openAt(source, archive, folder, r, SevenZLimits.defaults()));
        assertArrayEquals(Arrays.copyOfRange(whole, (int) r.unpackedOffset(), whole.length), tail,
            "decoding from " + r + " gives the folder's bytes from there on");
      }
    }
  }

  @Test
  void defaultSolidArchiveHasOnlyTheFirstReset() throws IOException {
    assertEquals(Arrays.asList(new Lzma2Blocks.Reset(0, 0)), scan(Fixtures.file("solid-lzma2.7z")));
  }

  @Test
  void filteredFolderIsNotSplittable() throws IOException {
    try (FileArchiveSource source = new FileArchiveSource(Fixtures.file("delta-filter.7z"))) {
      SevenZArchive archive = SevenZHeaders.read(source, SevenZLimits.defaults());
      assertFalse(Lzma2Blocks.isSplittable(archive.folders().get(0)));
    }
  }

  @Test
  void indexRoundTripsAsText() throws IOException {
    Map<Integer, List<Lzma2Blocks.Reset>> folders = new HashMap<>();
    folders.put(0, Arrays.asList(new Lzma2Blocks.Reset(0, 0), new Lzma2Blocks.Reset(1000, 1 << 20)));
    SevenZIndex index = new SevenZIndex(12345, 678, folders);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    index.write(out, null);
    SevenZIndex back = SevenZIndex.read(new ByteArrayInputStream(out.toByteArray()), "x.idx");
    assertEquals(12345, back.archiveLength());
    assertEquals(678, back.archiveModificationTime());
    assertEquals(folders.get(0), back.resets(0));
    assertTrue(back.resets(1).isEmpty());
  }

  @Test
  void damagedIndexIsRefusedWithItsName() {
    String text = "logcount-7z-index 1\narchive-length 10\narchive-mtime 5\nfolder 0 resets 2\n0 0 0\n";
    SevenZFormatException e = assertThrows(SevenZFormatException.class,
        () -> SevenZIndex.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "a.7z.idx"));
    assertTrue(e.getMessage().contains("a.7z.idx") && e.getMessage().contains("logcount index"), e.getMessage());
  }

  @Test
  void indexedFolderSplitsAtResetsAndEverySplitSizeReadsTheSameRecords() throws Exception {
    Configuration conf = conf();
    File archive = copyOf(RESETS + ".7z");
    List<byte[]> raw = new ArrayList<>();
    List<String> expected = SevenZRecordReaderTest.read(conf,
        SevenZRecordReaderTest.splits(conf, archive, Long.MAX_VALUE).get(0), raw);
    assertEquals(Fixtures.expected(RESETS), Figures.ofLines(raw));

    Indexes.write(archive, conf);
    assertTrue(new File(archive.getPath() + ".idx").isFile());
    int blocks = scan(archive).size();
    assertEquals(blocks, SevenZRecordReaderTest.splits(conf, archive, 1 << 20).size(),
        "1 MiB splits: one per LZMA2 block");
    for (long size : new long[] {1, 100_000, 1 << 20, 400_000, 700_000, 2_000_000, Long.MAX_VALUE}) {
      List<InputSplit> splits = SevenZRecordReaderTest.splits(conf, archive, size);
      List<String> together = new ArrayList<>();
      for (InputSplit split : splits) {
        together.addAll(SevenZRecordReaderTest.read(conf, split, new ArrayList<>()));
      }
      assertEquals(expected.size(), together.size(), "record count at split size " + size);
      assertEquals(expected, together, "records at split size " + size + " (" + splits.size() + " splits)");
    }
  }

  @Test
  void staleIndexIsIgnored() throws Exception {
    Configuration conf = conf();
    File archive = copyOf(RESETS + ".7z");
    Indexes.write(archive, conf);
    assertTrue(archive.setLastModified(archive.lastModified() - 60_000));
    FileStatus status = FileSystem.getLocal(conf).getFileStatus(new Path(archive.getAbsolutePath()));
    assertNull(SevenZIndexFiles.load(status, conf));
    assertEquals(1, SevenZRecordReaderTest.splits(conf, archive, 1 << 20).size(), "unindexed: one split per folder");
  }

  @Test
  void indexDirMirrorsTheArchivePath() throws Exception {
    Configuration conf = conf();
    File dir = new File(tmp, "indexes");
    SevenZIndexFiles.setIndexDir(conf, new Path(dir.getAbsolutePath()));
    File archive = copyOf(RESETS + ".7z");
    Indexes.write(archive, conf);
    assertFalse(new File(archive.getPath() + ".idx").exists());
    assertTrue(new File(dir, archive.getAbsolutePath().substring(1) + ".idx").isFile());
    assertTrue(SevenZRecordReaderTest.splits(conf, archive, 1 << 20).size() > 1);
  }
}
