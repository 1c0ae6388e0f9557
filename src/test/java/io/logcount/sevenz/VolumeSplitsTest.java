package io.logcount.sevenz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.logcount.sevenz.source.ArchiveSources;
import io.logcount.testing.Figures;
import io.logcount.testing.Fixtures;
import io.logcount.testing.Indexes;
import io.logcount.testing.Volumes;

/**
 * Multi-volume archives through {@link SevenZInputFormat} and {@link SevenZRecordReader}: one
 * input however the set is named, splits in the joined bytes that together read exactly what one
 * reader reads, the sidecar index of a set, and clear errors for missing volumes.
 */
class VolumeSplitsTest {

  /** From "one folder or block per split" to "whole archive in one split". */
  private static final long[] SPLIT_SIZES = {1, 300 << 10, 1 << 20, 2_000_000, Long.MAX_VALUE};

  @TempDir
  File tmp;

  /** All records of all splits, in order; raw lines added to {@code raw} when not null. */
  private static List<String> readAll(Configuration conf, List<InputSplit> splits, List<byte[]> raw) throws IOException {
    List<String> records = new ArrayList<>();
    for (InputSplit split : splits) {
      records.addAll(SevenZRecordReaderTest.read(conf, split, raw == null ? new ArrayList<>() : raw));
    }
    return records;
  }

  /** Records without their archive path ({@code entry@offset TAB line}), to compare two copies. */
  private static List<String> withoutArchive(List<String> records) {
    return records.stream().map(r -> r.substring(r.indexOf('!') + 1)).collect(Collectors.toList());
  }

  @Test
  void firstVolumeAloneGivesTheExpectedFiguresAtEverySplitSize() throws Exception {
    Configuration conf = SevenZRecordReaderTest.conf();
    File first = Fixtures.file("volumes.7z.001");
    List<InputSplit> whole = SevenZRecordReaderTest.splits(conf, first, Long.MAX_VALUE);
    assertEquals(1, whole.size());
    SevenZSplit split = (SevenZSplit) whole.get(0);
    assertEquals("volumes.7z.001", split.getPath().getName());
    assertEquals(Volumes.joinedFixture().length, split.getArchiveLength(), "the joined length");
    assertTrue(split.getStart() + split.getLength() > 11 * 102400, "offsets in the joined bytes: " + split);
    assertTrue(split.getLocations().length > 0);
    List<byte[]> raw = new ArrayList<>();
    List<String> expected = readAll(conf, whole, raw);
    assertEquals(Fixtures.expected("volumes"), Figures.ofLines(raw));
    assertTrue(expected.get(0).contains("volumes.7z.001!big.tsv@0\t"), expected.get(0));
    for (long size : new long[] {1, 1 << 20}) { // one folder: one split at every size
      List<InputSplit> splits = SevenZRecordReaderTest.splits(conf, first, size);
      assertEquals(1, splits.size());
      assertEquals(expected, readAll(conf, splits, null), "split size " + size);
    }
  }

  @Test
  void anyVolumeAloneMapsToItsSet() throws Exception {
    Configuration conf = SevenZRecordReaderTest.conf();
    for (int n : new int[] {3, 12}) {
      List<InputSplit> splits = SevenZRecordReaderTest.splits(conf, Fixtures.file(Volumes.name("volumes.7z", n)), Long.MAX_VALUE);
      assertEquals(1, splits.size());
      assertEquals("volumes.7z.001", ((SevenZSplit) splits.get(0)).getPath().getName());
    }
  }

  @Test
  void directoryWithTheVolumesCountsTheArchiveOnce() throws Exception {
    Configuration conf = SevenZRecordReaderTest.conf();
    conf.setBoolean(FileInputFormat.INPUT_DIR_RECURSIVE, true);
    File dir = new File(tmp, "in");
    Volumes.copyFixture(new File(dir, "deep/er"));
    Files.copy(Fixtures.file("nonsolid.7z").toPath(), new File(dir, "nonsolid.7z").toPath());
    List<InputSplit> splits = SevenZRecordReaderTest.splits(conf, dir, 1);
    List<String> paths = splits.stream().map(s -> ((SevenZSplit) s).getPath().getName()).collect(Collectors.toList());
    assertEquals(List.of("volumes.7z.001", "nonsolid.7z", "nonsolid.7z", "nonsolid.7z"), paths, "sorted by path");
    List<byte[]> raw = new ArrayList<>();
    List<String> records = readAll(conf, splits.subList(0, 1), raw);
    assertEquals(Fixtures.expected("volumes"), Figures.ofLines(raw));
    assertEquals(Fixtures.expected("volumes").records, records.size());
  }

  /**
   * Fixtures with several folders, or one LZMA2 folder indexed at its dictionary resets, cut into
   * volumes of a size that puts volume boundaries inside folders, pieces and the header: every
   * split size reads exactly what one reader reads from the uncut archive.
   */
  @ParameterizedTest
  @CsvSource({"small-blocks, 7000", "nonsolid, 100000", "many-small-files, 4096", "lzma2-dict-resets, 65536"})
  void cutArchivesReadLikeTheWholeAtEverySplitSize(String fixture, int volumeBytes) throws Exception {
    Configuration conf = SevenZRecordReaderTest.conf();
    File archive = Fixtures.file(fixture + ".7z");
    List<String> expected = withoutArchive(readAll(conf, SevenZRecordReaderTest.splits(conf, archive, Long.MAX_VALUE), null));
    List<File> volumes = Volumes.cut(archive, new File(tmp, "cut"), volumeBytes);
    assertTrue(volumes.size() > 2, volumes.size() + " volumes");
    File first = volumes.get(0);
    if (fixture.equals("lzma2-dict-resets")) {
      Indexes.write(first, conf);
      assertTrue(new File(first.getPath() + ".idx").isFile(), "the index of a set is named after .001");
      assertEquals(7, SevenZRecordReaderTest.splits(conf, first, 1 << 20).size(), "cut at the indexed resets");
    }
    for (long size : SPLIT_SIZES) {
      List<InputSplit> splits = SevenZRecordReaderTest.splits(conf, first, size);
      long previousEnd = 0;
      for (InputSplit s : splits) {
        SevenZSplit split = (SevenZSplit) s;
        assertEquals(archive.length(), split.getArchiveLength());
        assertTrue(split.getStart() >= previousEnd && split.getStart() + split.getLength() <= archive.length(), split.toString());
        previousEnd = split.getStart() + split.getLength();
      }
      assertEquals(expected, withoutArchive(readAll(conf, splits, null)),
          fixture + " in " + volumes.size() + " volumes at split size " + size + " (" + splits.size() + " splits)");
    }
  }

  @Test
  void indexOfASetIsIgnoredOnceAnyVolumeIsReplaced() throws Exception {
    Configuration conf = SevenZRecordReaderTest.conf();
    List<File> volumes = Volumes.cut(Fixtures.file("lzma2-dict-resets.7z"), new File(tmp, "stale"), 500_000);
    for (File v : volumes) {
      assertTrue(v.setLastModified(1_000_000_000_000L));
    }
    Indexes.write(volumes.get(0), conf);
    Path first = new Path(volumes.get(0).getAbsolutePath());
    assertNotNull(SevenZIndexFiles.load(ArchiveSources.status(first, conf), conf));
    assertEquals(7, SevenZRecordReaderTest.splits(conf, volumes.get(0), 1 << 20).size());

    // A middle volume copied again (same bytes, newer time): the index is no longer trusted.
    assertTrue(volumes.get(2).setLastModified(1_000_000_060_000L));
    assertNull(SevenZIndexFiles.load(ArchiveSources.status(first, conf), conf));
    List<InputSplit> splits = SevenZRecordReaderTest.splits(conf, volumes.get(0), 1 << 20);
    assertEquals(1, splits.size(), "unindexed: one split per folder");
    List<byte[]> raw = new ArrayList<>();
    readAll(conf, splits, raw);
    assertEquals(Fixtures.expected("lzma2-dict-resets"), Figures.ofLines(raw));
  }

  @Test
  void missingMiddleVolumeFailsPlanningNamingIt() throws Exception {
    File first = Volumes.copyFixture(new File(tmp, "gap"), 5);
    for (File input : new File[] {first, first.getParentFile(), new File(first.getParentFile(), "volumes.7z.009")}) {
      IOException e = assertThrows(IOException.class, () -> SevenZRecordReaderTest.splits(SevenZRecordReaderTest.conf(), input, Long.MAX_VALUE));
      assertTrue(e.getMessage().matches("missing volume file:/\\S+/gap/volumes\\.7z\\.005 of the set"
          + " volumes\\.7z\\.001\\.\\.012; copy it next to the others"), e.getMessage());
    }
  }

  @Test
  void missingLastVolumeIsATruncatedArchive() throws Exception {
    File first = Volumes.copyFixture(new File(tmp, "nolast"), 12);
    IOException e = assertThrows(IOException.class, () -> SevenZRecordReaderTest.splits(SevenZRecordReaderTest.conf(), first, Long.MAX_VALUE));
    assertTrue(e.getMessage().contains("volumes.7z.001 is truncated (is a volume missing?)"), e.getMessage());
  }

  @Test
  void setChangedSincePlanningIsRefused() throws Exception {
    Configuration conf = SevenZRecordReaderTest.conf();
    File first = Volumes.copyFixture(new File(tmp, "changing"));
    List<InputSplit> splits = SevenZRecordReaderTest.splits(conf, first, Long.MAX_VALUE);
    Files.copy(Fixtures.file("volumes.7z.012").toPath(), new File(first.getParentFile(), "volumes.7z.013").toPath());
    IOException e = assertThrows(IOException.class, () -> readAll(conf, splits, null));
    assertTrue(e.getMessage().contains("volumes.7z.001 changed after the job was planned"), e.getMessage());

    assertTrue(new File(first.getParentFile(), "volumes.7z.013").delete());
    assertTrue(new File(first.getParentFile(), "volumes.7z.004").delete());
    e = assertThrows(IOException.class, () -> readAll(conf, splits, null));
    assertTrue(e.getMessage().contains("missing volume") && e.getMessage().contains("volumes.7z.004"), e.getMessage());
  }
}
