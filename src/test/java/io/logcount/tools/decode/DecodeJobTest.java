package io.logcount.tools.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.logcount.jobs.common.ExitCodes;
import io.logcount.testing.CommonsCompressReader;
import io.logcount.testing.Figures;
import io.logcount.testing.Fixtures;
import io.logcount.testing.Lines;
import io.logcount.testing.LocalRunner.Run;
import io.logcount.testing.LocalRunner;

/**
 * {@code logcount decode} over the fixtures: its line, byte and record figures against an
 * independent read of the same archives by commons-compress and against the fixtures' figures
 * (computed by Python before archiving).
 */
class DecodeJobTest {

  static String[] validFixtures() {
    // commons-compress 1.28, the independent reader here, has no ARM64 or RISC-V filter.
    return java.util.Arrays.stream(Fixtures.VALID)
        .filter(n -> !n.equals("filter-arm64") && !n.equals("filter-riscv")).toArray(String[]::new);
  }

  /** {@code logcount ARGS} in this JVM, as scripts/logcount runs it, output captured. */
  static Run run(String... args) throws Exception {
    return LocalRunner.run(args);
  }

  static long field(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\":(\\d+)[,}]").matcher(json);
    assertTrue(m.find(), name + " in " + json);
    return Long.parseLong(m.group(1));
  }

  /** Lines and bytes of the entries, by commons-compress, counted as the README's rules say. */
  static long[] linesAndBytesIndependently(File archive) throws IOException {
    long lines = 0;
    long bytes = 0;
    for (byte[] entry : CommonsCompressReader.entries(archive)) {
      lines += Lines.split(entry).size();
      bytes += entry.length;
    }
    return new long[] {lines, bytes};
  }

  /** The valid fixtures commons-compress 1.28 reads too (it has no ARM64 or RISC-V filter). */
  static String[] fixturesCommonsCompressReads() {
    return Arrays.stream(Fixtures.VALID)
        .filter(name -> !name.equals("filter-arm64") && !name.equals("filter-riscv"))
        .toArray(String[]::new);
  }

  @ParameterizedTest
  @MethodSource("fixturesCommonsCompressReads")
  void linesAndBytesMatchAnIndependentReader(String name) throws Exception {
    File archive = Fixtures.file(name + ".7z");
    Run run = run("decode", archive.getAbsolutePath());
    assertEquals(ExitCodes.OK, run.exit, run.err);
    long[] expected = linesAndBytesIndependently(archive);
    assertEquals(expected[0], field(run.out, "lines"), run.out);
    assertEquals(expected[1], field(run.out, "uncompressed_bytes"), run.out);
    assertTrue(field(run.out, "splits") >= 1, run.out);
    assertTrue(run.out.contains("\"mb_per_s\":"), run.out);
  }

  @ParameterizedTest
  @MethodSource("validFixtures")
  void locateCountsTheFixturesRecordsAndMalformedLines(String name) throws Exception {
    Run run = run("decode", "--locate", "1", Fixtures.file(name + ".7z").getAbsolutePath());
    assertEquals(ExitCodes.OK, run.exit, run.err);
    Figures expected = Fixtures.expected(name);
    assertEquals(expected.records, field(run.out, "records"), run.out);
    assertEquals(expected.malformed, field(run.out, "malformed"), run.out);
    assertEquals(field(run.out, "lines"), field(run.out, "records") + field(run.out, "malformed")
        + field(run.out, "blank_lines"), "every line counted once: " + run.out);
  }

  @Test
  void rawDecodesEveryFolderWithoutCuttingLines() throws Exception {
    File archive = Fixtures.file("small-blocks.7z");
    Run run = run("decode", "--raw", archive.getAbsolutePath());
    assertEquals(ExitCodes.OK, run.exit, run.err);
    assertEquals(3, field(run.out, "folders"), run.out);
    assertEquals(linesAndBytesIndependently(archive)[1], field(run.out, "uncompressed_bytes"));
    assertTrue(run.out.contains("\"mode\":\"raw\""), run.out);
  }

  @Test
  void everySplitIsReadWhenTheArchiveIsCutSmall() throws Exception {
    File archive = Fixtures.file("small-blocks.7z");
    Run run = run("decode", "-D", "mapreduce.input.fileinputformat.split.maxsize=1",
        archive.getAbsolutePath());
    assertEquals(ExitCodes.OK, run.exit, run.err);
    assertEquals(3, field(run.out, "splits"), run.out);
    assertEquals(linesAndBytesIndependently(archive)[0], field(run.out, "lines"));
  }

  @Test
  void badUsageExitsTwo() throws Exception {
    Run none = run("decode");
    assertEquals(ExitCodes.USAGE, none.exit);
    assertTrue(none.err.contains("needs at least one INPUT"), none.err);
    Run both = run("decode", "--raw", "--locate", "1", "x.7z");
    assertEquals(ExitCodes.USAGE, both.exit);
    assertTrue(both.err.contains("exclude each other"), both.err);
    Run unknown = run("decode", "--fast", "x.7z");
    assertEquals(ExitCodes.USAGE, unknown.exit);
    assertTrue(unknown.err.contains("unknown option --fast"), unknown.err);
  }

  @Test
  void missingInputExitsOneAndNamesIt() throws Exception {
    Run run = run("decode", "/no/such/archive.7z");
    assertEquals(ExitCodes.FAILED, run.exit);
    assertTrue(run.err.contains("/no/such/archive.7z"), run.err);
  }

  @Test
  void damagedArchiveExitsOneWithTheReadersMessage() throws Exception {
    Run run = run("decode", Fixtures.file("truncated.7z").getAbsolutePath());
    assertEquals(ExitCodes.FAILED, run.exit);
    assertTrue(run.err.contains("truncated.7z"), run.err);
    assertTrue(!run.out.contains("\"mb_per_s\""), "no figures for a failed read: " + run.out);
    assertTrue(run.err.startsWith("logcount decode: "), run.err);
  }
}
