package io.logcount.jobs.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.logcount.testing.Fixtures;
import io.logcount.testing.LocalRunner;

/** {@code index} then {@code unique-users} on the local runner: more maps, same figures. */
class IndexJobIT {

  @TempDir
  File work;

  @Test
  void indexedArchiveRunsOneMapPerBlockWithTheSameFigures() throws Exception {
    File input = new File(work, "in");
    assertTrue(input.mkdirs());
    File archive = new File(input, "lzma2-dict-resets.7z");
    Files.copy(Fixtures.file(archive.getName()).toPath(), archive.toPath());
    // Archives without LZMA2-only folders are skipped by the index job, encrypted headers too.
    Files.copy(Fixtures.file("delta-filter.7z").toPath(), new File(input, "delta-filter.7z").toPath());
    Files.copy(Fixtures.file("encrypted-headers.7z").toPath(), new File(input, "encrypted-headers.7z").toPath());

    LocalRunner.Run index = LocalRunner.run("index", input.getAbsolutePath());
    assertEquals(0, index.exit, index.err);
    assertTrue(index.out.contains("\"indexes_written\":1"), index.out);
    assertTrue(new File(archive.getPath() + ".idx").isFile());

    File output = new File(work, "out");
    LocalRunner.Run run = LocalRunner.run("unique-users", "-D",
        "mapreduce.input.fileinputformat.split.maxsize=1048576", archive.getAbsolutePath(), output.getAbsolutePath());
    assertEquals(0, run.exit, run.err);
    assertEquals(Fixtures.expected("lzma2-dict-resets"), LocalRunner.outputFigures(output));
    assertEquals(7, LocalRunner.summaryField(output, "splits"), "one split per 1 MiB LZMA2 block");
    assertEquals(1, LocalRunner.summaryField(output, "folders"));
    assertEquals(1, LocalRunner.summaryField(output, "entries"));

    // An index that no longer matches its archive is ignored: one split, same figures.
    assertTrue(archive.setLastModified(archive.lastModified() - 3_600_000));
    File stale = new File(work, "out-stale");
    run = LocalRunner.run("unique-users", "-D", "mapreduce.input.fileinputformat.split.maxsize=1048576",
        archive.getAbsolutePath(), stale.getAbsolutePath());
    assertEquals(0, run.exit, run.err);
    assertEquals(1, LocalRunner.summaryField(stale, "splits"));
    assertEquals(Fixtures.expected("lzma2-dict-resets"), LocalRunner.outputFigures(stale));
    assertEquals(LocalRunner.summaryField(stale, "uncompressed_bytes"),
        LocalRunner.summaryField(output, "uncompressed_bytes"), "pieces count each byte once");
  }

  @Test
  void badUsageExitsTwo() throws Exception {
    assertEquals(2, LocalRunner.run("index").exit);
    assertEquals(2, LocalRunner.run("index", "--bogus", "x").exit);
  }
}
