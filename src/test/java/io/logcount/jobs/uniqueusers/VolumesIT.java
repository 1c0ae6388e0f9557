package io.logcount.jobs.uniqueusers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.compress.archivers.sevenz.SevenZArchiveEntry;
import org.apache.commons.compress.archivers.sevenz.SevenZFile;
import org.apache.commons.compress.utils.MultiReadOnlySeekableByteChannel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.logcount.testing.Figures;
import io.logcount.testing.Fixtures;
import io.logcount.testing.Volumes;

/**
 * Multi-volume archives end to end on the local runner, through {@code LogCount} as
 * {@code scripts/logcount} runs it: a directory or the first volume as input, the index job on a
 * set, and the errors of a set missing a volume. Figures are checked against the fixture's JSON
 * and against commons-compress reading the volumes as one channel.
 */
class VolumesIT {

  @TempDir
  static File work;

  @BeforeAll
  static void localRunnerUnderThisTempDir() {
    UniqueUsersJobIT.quietHadoop();
    UniqueUsersJobIT.work = work; // localConf() keeps Hadoop's scratch files there
  }

  /** Raw lines of every entry of the volume set, read by commons-compress over the joined volumes. */
  private static List<byte[]> linesIndependently(List<File> volumes) throws IOException {
    List<byte[]> lines = new ArrayList<>();
    try (SevenZFile sevenZ = SevenZFile.builder()
        .setSeekableByteChannel(MultiReadOnlySeekableByteChannel.forFiles(volumes.toArray(new File[0]))).get()) {
      SevenZArchiveEntry entry;
      while ((entry = sevenZ.getNextEntry()) != null) {
        if (!entry.hasStream()) {
          continue;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        while ((n = sevenZ.read(buf)) > 0) {
          bytes.write(buf, 0, n);
        }
        for (byte[] line : UniqueUsersJobIT.splitLines(bytes.toByteArray())) {
          lines.add(UniqueUsersJobIT.stripCr(line));
        }
      }
    }
    return lines;
  }

  @Test
  void directoryWithVolumesCountsTheSetOnceBesideOtherArchives() throws Exception {
    File input = new File(work, "dir-input");
    File first = Volumes.copyFixture(new File(input, "volumes"));
    File other = new File(input, "nonsolid.7z");
    Files.copy(Fixtures.file("nonsolid.7z").toPath(), other.toPath());
    List<File> volumes = new ArrayList<>();
    for (int i = 1; i <= Volumes.FIXTURE_VOLUMES; i++) {
      volumes.add(new File(first.getParentFile(), Volumes.name("volumes.7z", i)));
    }
    List<byte[]> lines = linesIndependently(volumes);
    assertEquals(Fixtures.expected("volumes"), Figures.ofLines(lines), "commons-compress agrees with the JSON");
    for (byte[] entry : UniqueUsersJobIT.entriesIndependently(other)) {
      for (byte[] line : UniqueUsersJobIT.splitLines(entry)) {
        lines.add(UniqueUsersJobIT.stripCr(line));
      }
    }

    File output = new File(work, "out-dir");
    UniqueUsersJobIT.Run run = UniqueUsersJobIT.run("unique-users", "-D", "mapreduce.input.fileinputformat.split.maxsize=1",
        input.getAbsolutePath(), output.getAbsolutePath());
    assertEquals(0, run.exit, run.err);
    assertEquals(Figures.ofLines(lines), UniqueUsersJobIT.outputFigures(output));
    assertEquals(1 + 3, UniqueUsersJobIT.summaryField(output, "splits"), "the set's one folder, nonsolid's three");
    assertEquals(1 + 3, UniqueUsersJobIT.summaryField(output, "entries"), "big.tsv once");
  }

  @Test
  void firstVolumeAsInputGivesTheExpectedFigures() throws Exception {
    File output = new File(work, "out-001");
    UniqueUsersJobIT.Run run = UniqueUsersJobIT.run("unique-users", Fixtures.file("volumes.7z.001").getAbsolutePath(),
        output.getAbsolutePath());
    assertEquals(0, run.exit, run.err);
    Figures expected = Fixtures.expected("volumes");
    assertEquals(expected, UniqueUsersJobIT.outputFigures(output));
    assertEquals(expected.distinct, UniqueUsersJobIT.summaryField(output, "distinct_users"));
    assertTrue(new File(output, "_SUCCESS").isFile());
  }

  @Test
  void indexedVolumeSetRunsOneMapPerBlock() throws Exception {
    File input = new File(work, "cut");
    List<File> volumes = Volumes.cut(Fixtures.file("lzma2-dict-resets.7z"), input, 100 << 10);
    UniqueUsersJobIT.Run index = UniqueUsersJobIT.run("index", input.getAbsolutePath());
    assertEquals(0, index.exit, index.err);
    assertTrue(index.out.contains("\"indexes_written\":1"), index.out);
    assertTrue(new File(volumes.get(0).getPath() + ".idx").isFile(), "one index, named after .001");

    File output = new File(work, "out-cut");
    UniqueUsersJobIT.Run run = UniqueUsersJobIT.run("unique-users", "-D", "mapreduce.input.fileinputformat.split.maxsize=1048576",
        input.getAbsolutePath(), output.getAbsolutePath());
    assertEquals(0, run.exit, run.err);
    assertEquals(Fixtures.expected("lzma2-dict-resets"), UniqueUsersJobIT.outputFigures(output));
    assertEquals(7, UniqueUsersJobIT.summaryField(output, "splits"), "one split per 1 MiB LZMA2 block");
    assertEquals(1, UniqueUsersJobIT.summaryField(output, "entries"));
  }

  @Test
  void missingMiddleVolumeFailsNamingIt() throws Exception {
    File first = Volumes.copyFixture(new File(work, "gap"), 5);
    File output = new File(work, "out-gap");
    UniqueUsersJobIT.Run run = UniqueUsersJobIT.run("unique-users", first.getParentFile().getAbsolutePath(),
        output.getAbsolutePath());
    assertEquals(1, run.exit, run.err);
    assertTrue(run.err.contains("missing volume") && run.err.contains("gap/volumes.7z.005 of the set volumes.7z.001..012"),
        run.err);
    assertFalse(new File(output, "_SUCCESS").exists());
  }

  @Test
  void missingLastVolumeFailsAsTruncated() throws Exception {
    File first = Volumes.copyFixture(new File(work, "nolast"), Volumes.FIXTURE_VOLUMES);
    File output = new File(work, "out-nolast");
    UniqueUsersJobIT.Run run = UniqueUsersJobIT.run("unique-users", first.getAbsolutePath(), output.getAbsolutePath());
    assertEquals(1, run.exit, run.err);
    assertTrue(run.err.contains("volumes.7z.001 is truncated (is a volume missing?)"), run.err);
    assertFalse(new File(output, "_SUCCESS").exists());
  }
}
