package io.logcount.jobs.uniqueusers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.logcount.testing.Figures;
import io.logcount.testing.LocalRunner;
import io.logcount.testing.LocalRunnerExtension;
import io.logcount.testing.StreamFixtures;

/**
 * {@code unique-users} over the same events as plain text, gzip, bzip2, xz, zstd, lz4 and 7z,
 * each alone and all mixed in one directory, made by the real tools: every run reports the
 * figures of the text (computed independently, by {@link Figures}) and of its 7z; a directory of
 * 2,000 small gzip files runs as a handful of map tasks with exact figures.
 */
@ExtendWith(LocalRunnerExtension.class)
public class MixedFormatsIT {

  @TempDir
  static File work;
  static byte[] text;
  static Figures expected;

  /** Each format: file suffix and the command that makes {@code OUT} from {@code IN}. */
  private static final String[][] FORMATS = {
      {"tsv", "cp IN OUT", "cp"},
      {"gz", "gzip -c IN > OUT", "gzip"},
      {"bz2", "bzip2 -1 -c IN > OUT", "bzip2"},
      {"xz", "xz -T2 --block-size=256KiB -c IN > OUT", "xz"},
      {"zst", "pzstd -q -1 -p 2 -c IN > OUT", "pzstd"},
      {"lz4", "lz4 -q -c IN > OUT", "lz4"},
      {"7z", "7zz a -bso0 -bsp0 OUT IN", "7zz"}};

  @BeforeAll
  static void setUp() throws IOException {
    text = StreamFixtures.text(29, 3 << 20);
    expected = StreamFixtures.figures(text);
    StreamFixtures.write(work, "events.txt", text);
  }

  private static String[] format(String suffix) {
    for (String[] f : FORMATS) {
      if (f[0].equals(suffix)) {
        return f;
      }
    }
    throw new IllegalArgumentException(suffix);
  }

  /** {@code in} compressed as {@code suffix} into {@code dir/name.suffix}. */
  private static File compress(File in, String suffix, File dir, String name) throws IOException {
    String[] f = format(suffix);
    StreamFixtures.assumeTools(f[2]);
    dir.mkdirs();
    File out = new File(dir, name + "." + suffix);
    StreamFixtures.sh(work, f[1].replace("IN", "'" + in.getAbsolutePath() + "'")
        .replace("OUT", "'" + out.getAbsolutePath() + "'"));
    return out;
  }

  private static LocalRunner.Run uniqueUsers(File output, String... args) throws Exception {
    List<String> all = new ArrayList<>();
    all.add("unique-users");
    all.addAll(Arrays.asList(args));
    all.add(output.getAbsolutePath());
    LocalRunner.Run run = LocalRunner.run(all.toArray(new String[0]));
    assertEquals(0, run.exit, run.err);
    return run;
  }

  @ParameterizedTest
  @ValueSource(strings = {"tsv", "gz", "bz2", "xz", "zst", "lz4", "7z"})
  void eachFormatAloneGivesTheTextsFigures(String suffix) throws Exception {
    File dir = new File(work, "only-" + suffix);
    compress(new File(work, "events.txt"), suffix, dir, "events");
    File output = new File(work, "out-" + suffix);
    // A small split size: splittable formats run as several map tasks.
    uniqueUsers(output, "-D", "mapreduce.input.fileinputformat.split.maxsize=" + (700 << 10), dir.getAbsolutePath());
    assertEquals(expected, LocalRunner.outputFigures(output), suffix);
    assertEquals(expected.records, LocalRunner.summaryField(output, "records"), suffix);
    assertEquals(expected.malformed, LocalRunner.summaryField(output, "malformed"), suffix);
    assertEquals(text.length, LocalRunner.summaryField(output, "uncompressed_bytes"), suffix);
    long splits = LocalRunner.summaryField(output, "splits");
    if (Arrays.asList("tsv", "bz2", "xz", "zst").contains(suffix)) {
      assertTrue(splits >= 2, suffix + " runs as several map tasks: " + splits);
    }
    assertEquals(suffix.equals("7z") ? 0 : 1, LocalRunner.summaryField(output, "files"), suffix);
  }

  @Test
  void aMixedDirectoryGivesTheFiguresOfThe7zOfTheSameLines() throws Exception {
    StreamFixtures.assumeTools("gzip", "bzip2", "xz", "pzstd", "lz4", "7zz");
    // The text cut at line ends into one part per format: lines never span files, so the parts
    // hold exactly the text's lines.
    List<byte[]> parts = cutAtLines(text, FORMATS.length);
    File mixed = new File(work, "mixed");
    for (int i = 0; i < FORMATS.length; i++) {
      File part = StreamFixtures.write(work, "part-" + i + ".txt", parts.get(i));
      compress(part, FORMATS[i][0], new File(mixed, "sub" + (i % 2)), "part" + i);
    }
    // A .log that is gzip, a hidden file and a _-prefixed one (skipped) next to them.
    compress(StreamFixtures.write(work, "extra.txt", "x1\tuser-in-log\n".getBytes(StandardCharsets.UTF_8)),
        "gz", mixed, "extra");
    Files.move(new File(mixed, "extra.gz").toPath(), new File(mixed, "extra.log").toPath());
    StreamFixtures.write(mixed, ".hidden.tsv", "h\thidden\n".getBytes(StandardCharsets.UTF_8));
    StreamFixtures.write(mixed, "_ignored.tsv", "i\tignored\n".getBytes(StandardCharsets.UTF_8));

    File all7z = new File(work, "all-7z");
    compress(new File(work, "events.txt"), "7z", all7z, "all");
    StreamFixtures.write(all7z, "extra.tsv", "x1\tuser-in-log\n".getBytes(StandardCharsets.UTF_8));

    File outMixed = new File(work, "out-mixed");
    File out7z = new File(work, "out-all-7z");
    uniqueUsers(outMixed, mixed.getAbsolutePath());
    uniqueUsers(out7z, all7z.getAbsolutePath());
    Figures fromMixed = LocalRunner.outputFigures(outMixed);
    assertEquals(LocalRunner.outputFigures(out7z), fromMixed);
    assertEquals(expected.records + 1, fromMixed.records);
    for (String figure : new String[] {"records", "malformed", "blank_lines", "lines_too_long", "uncompressed_bytes"}) {
      assertEquals(LocalRunner.summaryField(out7z, figure), LocalRunner.summaryField(outMixed, figure), figure);
    }
    // Six parts that are not 7z, and extra.log; the 7z part counts as an entry.
    assertEquals(FORMATS.length - 1 + 1, LocalRunner.summaryField(outMixed, "files"));
    assertEquals(1, LocalRunner.summaryField(outMixed, "entries"));
  }

  @Test
  void twoThousandSmallGzipFilesRunAsAHandfulOfMapTasks() throws Exception {
    StreamFixtures.assumeTools("gzip");
    List<byte[]> parts = cutAtLines(Arrays.copyOf(text, 1 << 20), 2000);
    File dir = new File(work, "hourly");
    dir.mkdirs();
    for (int i = 0; i < parts.size(); i++) {
      StreamFixtures.write(dir, String.format("h%04d.tsv", i), parts.get(i));
    }
    StreamFixtures.sh(dir, "gzip -q *.tsv");
    File output = new File(work, "out-hourly");
    uniqueUsers(output, "-D", "mapreduce.input.fileinputformat.split.maxsize=" + (2 << 20), dir.getAbsolutePath());
    Figures want = StreamFixtures.figures(parts.toArray(new byte[0][]));
    assertEquals(want, LocalRunner.outputFigures(output));
    assertEquals(2000, LocalRunner.summaryField(output, "files"));
    long splits = LocalRunner.summaryField(output, "splits");
    assertTrue(splits >= 1 && splits <= 5, "2,000 small files in a handful of splits: " + splits);
  }

  @Test
  void aTruncatedGzipFailsTheJobOrIsSkippedAndListedUnderSkipCorrupt() throws Exception {
    StreamFixtures.assumeTools("gzip");
    File dir = new File(work, "damaged");
    File good = compress(new File(work, "events.txt"), "gz", dir, "good");
    StreamFixtures.truncated(good, dir, "truncated.gz", good.length() / 2);

    File failed = new File(work, "out-damaged-fails");
    LocalRunner.Run run = LocalRunner.run("unique-users", dir.getAbsolutePath(), failed.getAbsolutePath());
    // The task's error names the file (StreamCorruptionTest); the local runner logs it, and
    // gives the driver no task diagnostics to repeat.
    assertEquals(1, run.exit, run.err);
    assertTrue(!failed.exists(), "a failed job leaves no output");

    // The old 7z-only key still works: it is a deprecated alias of logcount.skip-corrupt.
    File output = new File(work, "out-damaged-skipped");
    uniqueUsers(output, "-D", "logcount.sevenz.skip-corrupt=true", dir.getAbsolutePath());
    assertEquals(1, LocalRunner.summaryField(output, "corrupt_blocks"));
    String summary = new String(Files.readAllBytes(new File(output, "_summary.json").toPath()), StandardCharsets.UTF_8);
    assertTrue(summary.matches("(?s).*\"skipped\":\\[\"[^\"]*truncated\\.gz!packed byte \\d+.*"), summary);
    long before = LocalRunner.summaryField(output, "lines_before_corruption");
    assertTrue(before > 0, "lines read before the damage are counted: " + before);
    // The good file whole, and the damaged one's lines before the damage.
    long records = LocalRunner.summaryField(output, "records");
    assertTrue(records > expected.records && records < 2 * expected.records, records + " records");
  }

  /** {@code bytes} cut into {@code n} pieces, each ending at a line end (the last at the end). */
  static List<byte[]> cutAtLines(byte[] bytes, int n) {
    List<byte[]> out = new ArrayList<>();
    int from = 0;
    for (int i = 1; i <= n; i++) {
      int to = i == n ? bytes.length : (int) ((long) bytes.length * i / n);
      while (to < bytes.length && to > from && bytes[to - 1] != '\n') {
        to++;
      }
      out.add(Arrays.copyOfRange(bytes, from, to));
      from = to;
    }
    return out;
  }
}
