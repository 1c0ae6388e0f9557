package io.logcount.sevenz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.logcount.sevenz.archive.SevenZArchive;
import io.logcount.sevenz.coders.SevenZLimits;
import io.logcount.sevenz.header.SevenZHeaders;
import io.logcount.sevenz.source.FileArchiveSource;
import io.logcount.testing.Fixtures;

/**
 * Every valid, unencrypted fixture decodes, through the public API alone, to the figures that
 * {@code expected.py} computed from the original text files before 7-Zip packed them.
 */
class SevenZFiguresTest {

  @ParameterizedTest
  @ValueSource(strings = {
      "solid-lzma2.7z", "nonsolid.7z", "small-blocks.7z", "lzma2-dict-resets.7z", "lzma1.7z",
      "bzip2.7z", "deflate.7z", "store.7z", "delta-filter.7z", "messy.7z", "many-small-files.7z",
      // extra fixtures (make-extra-fixtures.sh): every branch filter, Deflate64, plain header
      "filter-bcj.7z", "filter-ppc.7z", "filter-ia64.7z", "filter-arm.7z", "filter-armt.7z",
      "filter-sparc.7z", "filter-arm64.7z", "filter-riscv.7z", "deflate64.7z", "plain-header.7z"})
  void decodesToExpectedFigures(String fixture) throws IOException {
    try (FileArchiveSource source = new FileArchiveSource(Fixtures.file(fixture))) {
      SevenZArchive archive = SevenZHeaders.read(source, SevenZLimits.defaults());
      assertEquals(Fixtures.expected(fixture),
          DecodedFigures.of(source, archive, SevenZLimits.defaults()), fixture);
    }
  }

  @Test
  void joinedVolumesDecodeToExpectedFigures() throws IOException {
    ByteArrayOutputStream joined = new ByteArrayOutputStream();
    for (int i = 1; i <= 12; i++) {
      joined.write(Files.readAllBytes(Fixtures.file(String.format("volumes.7z.%03d", i)).toPath()));
    }
    BytesArchiveSource source = new BytesArchiveSource("volumes.7z", joined.toByteArray());
    SevenZArchive archive = SevenZHeaders.read(source, SevenZLimits.defaults());
    assertEquals(Fixtures.expected("volumes.7z"),
        DecodedFigures.of(source, archive, SevenZLimits.defaults()));
  }
}
