package io.logcount.jobs.uniqueusers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.logcount.testing.CommonsCompressReader;
import io.logcount.testing.Figures;
import io.logcount.testing.Fixtures;
import io.logcount.testing.Lines;
import io.logcount.testing.LocalRunner;
import io.logcount.testing.LocalRunnerExtension;
import io.logcount.testing.Volumes;

/**
 * Multi-volume archives end to end on the local runner, through {@code LogCount} as
 * {@code scripts/logcount} runs it: a directory or the first volume as input, the index job on a
 * set, and the errors of a set missing a volume. Figures are checked against the fixture's JSON
 * and against commons-compress reading the volumes joined on disk.
 */
@ExtendWith(LocalRunnerExtension.class)
class VolumesIT {

  @TempDir
  static File work;

  /** Raw lines of every entry of {@code archives}, read by commons-compress. */
  private static List<byte[]> linesIndependently(File... archives) throws IOException {
    List<byte[]> lines = new ArrayList<>();
    for (File archive : archives) {
      for (byte[] entry : CommonsCompressReader.entries(archive)) {
        for (byte[] line : Lines.split(entry)) {
          lines.add(Lines.stripCr(line));
        }
      }
    }
    return lines;
  }

  @Test
  void directoryWithVolumesCountsTheSetOnceBesideOtherArchives() throws Exception {
    File input = new File(work, "dir-input");
    Volumes.copyFixture(new File(input, "volumes"));
    File other = new File(input, "nonsolid.7z");
    Files.copy(Fixtures.file("nonsolid.7z").toPath(), other.toPath());
    // commons-compress reads the volumes joined on disk, as one would without logcount.
    File joined = new File(work, "volumes-joined.7z");
    Files.write(joined.toPath(), Volumes.joinedFixture());
    assertEquals(Fixtures.expected("volumes"), Figures.ofLines(linesIndependently(joined)), "agrees with the JSON");
    List<byte[]> lines = linesIndependently(joined, other);

    File output = new File(work, "out-dir");
    LocalRunner.Run run = LocalRunner.run("unique-users", "-D", "mapreduce.input.fileinputformat.split.maxsize=1",
        input.getAbsolutePath(), output.getAbsolutePath());
    assertEquals(0, run.exit, run.err);
    assertEquals(Figures.ofLines(lines), LocalRunner.outputFigures(output));
    assertEquals(1 + 3, LocalRunner.summaryField(output, "splits"), "the set's one folder, nonsolid's three");
    assertEquals(1 + 3, LocalRunner.summaryField(output, "entries"), "big.tsv once");
  }

  @Test
  void firstVolumeAsInputGivesTheExpectedFigures() throws Exception {
    File output = new File(work, "out-001");
    LocalRunner.Run run = LocalRunner.run("unique-users", Fixtures.file("volumes.7z.001").getAbsolutePath(),
        output.getAbsolutePath());
    assertEquals(0, run.exit, run.err);
    Figures expected = Fixtures.expected("volumes");
    assertEquals(expected, LocalRunner.outputFigures(output));
    assertEquals(expected.distinct, LocalRunner.summaryField(output, "distinct_users"));
    assertTrue(new File(output, "_SUCCESS").isFile());
  }

  @Test
  void indexedVolumeSetRunsOneMapPerBlock() throws Exception {
    File input = new File(work, "cut");
    List<File> volumes = Volumes.cut(Fixtures.file("lzma2-dict-resets.7z"), input, 100 << 10);
    LocalRunner.Run index = LocalRunner.run("index", input.getAbsolutePath());
    assertEquals(0, index.exit, index.err);
    assertTrue(index.out.contains("\"indexes_written\":1"), index.out);
    assertTrue(new File(volumes.get(0).getPath() + ".idx").isFile(), "one index, named after .001");

    File output = new File(work, "out-cut");
    LocalRunner.Run run = LocalRunner.run("unique-users", "-D", "mapreduce.input.fileinputformat.split.maxsize=1048576",
        input.getAbsolutePath(), output.getAbsolutePath());
    assertEquals(0, run.exit, run.err);
    assertEquals(Fixtures.expected("lzma2-dict-resets"), LocalRunner.outputFigures(output));
    assertEquals(7, LocalRunner.summaryField(output, "splits"), "one split per 1 MiB LZMA2 block");
    assertEquals(1, LocalRunner.summaryField(output, "entries"));
  }

  @Test
  void missingMiddleVolumeFailsNamingIt() throws Exception {
    File first = Volumes.copyFixture(new File(work, "gap"), 5);
    File output = new File(work, "out-gap");
    LocalRunner.Run run = LocalRunner.run("unique-users", first.getParentFile().getAbsolutePath(),
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
    LocalRunner.Run run = LocalRunner.run("unique-users", first.getAbsolutePath(), output.getAbsolutePath());
    assertEquals(1, run.exit, run.err);
    assertTrue(run.err.contains("volumes.7z.001 is truncated (is a volume missing?)"), run.err);
    assertFalse(new File(output, "_SUCCESS").exists());
  }
}
