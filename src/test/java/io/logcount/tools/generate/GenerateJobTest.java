package io.logcount.tools.generate;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.commons.compress.archivers.sevenz.SevenZArchiveEntry;
import org.apache.commons.compress.archivers.sevenz.SevenZFile;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.ToolRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.logcount.LogCount;
import io.logcount.jobs.common.ExitCodes;

class GenerateJobTest {

  private static final Pattern AUCTION_ID = Pattern.compile("[0-9a-f]{32}");
  private static final Pattern USER_ID = Pattern.compile("U[0-9a-f]{12}");
  private static final Pattern NUMBER = Pattern.compile("[0-9]+");
  private static final long DAY_START = 1767225600L; // 2026-01-01T00:00:00Z

  @TempDir
  Path tmp;

  @Test
  void sevenZArchiveReadsBackAsSkewedEvents() throws Exception {
    Path archive = tmp.resolve("sample.7z");
    Result result = generate("--lines", "6000", "--users", "1000", "--files", "3", "--seed", "11",
        archive.toString());
    assertEquals(ExitCodes.OK, result.exit, result.err);

    Map<String, byte[]> entries = readSevenZ(archive);
    assertEquals(Arrays.asList("events/part-00000.tsv", "events/part-00001.tsv",
        "events/part-00002.tsv"), new ArrayList<>(entries.keySet()));
    Map<String, Integer> eventsPerUser = new HashMap<>();
    int lines = 0;
    for (byte[] entry : entries.values()) {
      List<String> entryLines = lines(entry);
      assertEquals(2000, entryLines.size());
      for (String line : entryLines) {
        String[] f = line.split("\t", -1);
        assertEquals(6, f.length, line);
        assertTrue(AUCTION_ID.matcher(f[0]).matches(), line);
        assertTrue(USER_ID.matcher(f[1]).matches(), line);
        assertTrue(NUMBER.matcher(f[2]).matches(), line);
        assertTrue(f[3].startsWith("https://www.") && f[3].contains(".example/"), line);
        assertTrue(f[4].startsWith("Mozilla/5.0 ("), line);
        long seconds = Long.parseLong(f[5]);
        assertTrue(seconds >= DAY_START && seconds < DAY_START + 86400 + 4, line);
        eventsPerUser.merge(f[1], 1, Integer::sum);
        lines++;
      }
    }
    assertEquals(6000, lines);
    int distinct = eventsPerUser.size();
    assertTrue(distinct <= 1000, "distinct users " + distinct);
    int busiest = Collections.max(eventsPerUser.values());
    double average = 6000.0 / distinct;
    assertTrue(busiest > 20 * average, "busiest user " + busiest + ", average " + average);
    assertTrue(result.out.contains("users  " + distinct + " distinct of 1000"), result.out);
    assertTrue(result.out.contains("lines  6000"), result.out);
  }

  @Test
  void sameSeedWritesSameBytesOtherSeedOthers() throws Exception {
    Path a = tmp.resolve("a.7z");
    Path b = tmp.resolve("b.7z");
    Path c = tmp.resolve("c.7z");
    assertEquals(0, generate("--lines", "3000", "--users", "300", "--files", "2", "--seed", "5",
        a.toString()).exit);
    assertEquals(0, generate("--lines", "3000", "--users", "300", "--files", "2", "--seed", "5",
        b.toString()).exit);
    assertEquals(0, generate("--lines", "3000", "--users", "300", "--files", "2", "--seed", "6",
        c.toString()).exit);

    List<byte[]> entriesA = new ArrayList<>(readSevenZ(a).values());
    List<byte[]> entriesB = new ArrayList<>(readSevenZ(b).values());
    List<byte[]> entriesC = new ArrayList<>(readSevenZ(c).values());
    for (int i = 0; i < 2; i++) {
      assertArrayEquals(entriesA.get(i), entriesB.get(i), "entry " + i + ", same seed");
      assertFalse(Arrays.equals(entriesA.get(i), entriesC.get(i)), "entry " + i + ", other seed");
    }
    assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b), "whole archive, same seed");
  }

  @Test
  void tsvFilesHoldTheSameLinesAsTheArchive() throws Exception {
    Path dir = tmp.resolve("out");
    Path archive = tmp.resolve("same.7z");
    Result tsv = generate("--lines", "1001", "--users", "200", "--files", "4", "--seed", "3",
        "--format", "tsv", dir.toString());
    assertEquals(ExitCodes.OK, tsv.exit, tsv.err);
    assertEquals(0, generate("--lines=1001", "--users=200", "--files=4", "--seed=3",
        archive.toString()).exit);

    List<String> names = listNames(dir);
    // Nothing else in the directory: no .crc files, no temporary files.
    assertEquals(Arrays.asList("part-00000.tsv", "part-00001.tsv", "part-00002.tsv",
        "part-00003.tsv"), names);
    List<byte[]> entries = new ArrayList<>(readSevenZ(archive).values());
    int total = 0;
    for (int i = 0; i < 4; i++) {
      byte[] file = Files.readAllBytes(dir.resolve(names.get(i)));
      assertEquals(i == 0 ? 251 : 250, lines(file).size(), names.get(i));
      assertArrayEquals(entries.get(i), file, names.get(i) + " against the 7z entry");
      total += lines(file).size();
    }
    assertEquals(1001, total);
  }

  @Test
  void linesMayBeGivenWithSuffix() throws Exception {
    Path dir = tmp.resolve("k");
    assertEquals(0, generate("--lines", "2k", "--users", "10", "--files", "1", "--format", "tsv",
        dir.toString()).exit);
    assertEquals(2000, lines(Files.readAllBytes(dir.resolve("part-00000.tsv"))).size());
  }

  @Test
  void existingArchiveIsLeftAlone() throws Exception {
    Path archive = tmp.resolve("taken.7z");
    Files.write(archive, "keep me".getBytes(UTF_8));
    Result result = generate("--lines", "10", "--users", "5", "--files", "1", archive.toString());
    assertEquals(ExitCodes.FAILED, result.exit);
    assertTrue(result.err.contains("already exists"), result.err);
    assertEquals("keep me", new String(Files.readAllBytes(archive), UTF_8));
    assertEquals(Collections.singletonList("taken.7z"), listNames(tmp));
  }

  @Test
  void existingDirectoryIsLeftAlone() throws Exception {
    Path dir = tmp.resolve("taken");
    Files.createDirectory(dir);
    Files.write(dir.resolve("part-00000.tsv"), "keep me".getBytes(UTF_8));
    Result result = generate("--lines", "10", "--users", "5", "--files", "2", "--format", "tsv",
        dir.toString());
    assertEquals(ExitCodes.FAILED, result.exit);
    assertTrue(result.err.contains("already exists"), result.err);
    assertEquals(Collections.singletonList("part-00000.tsv"), listNames(dir));
    assertEquals("keep me", new String(Files.readAllBytes(dir.resolve("part-00000.tsv")), UTF_8));
    assertEquals(Collections.singletonList("taken"), listNames(tmp));
  }

  static Stream<List<String>> badUsage() {
    return Stream.of(
        Arrays.<String>asList(),
        Arrays.asList("--lines", "10", "--users", "5", "--files", "1"),
        Arrays.asList("--lines", "ten", "--users", "5", "--files", "1", "OUT"),
        Arrays.asList("--lines", "-1", "--users", "5", "--files", "1", "OUT"),
        Arrays.asList("--lines", "10", "--files", "1", "OUT"),
        Arrays.asList("--lines", "10", "--users", "0", "--files", "1", "OUT"),
        Arrays.asList("--lines", "10", "--users", "5", "--files", "0", "OUT"),
        Arrays.asList("--lines", "10", "--users", "5", "--files", "1", "--seed", "x", "OUT"),
        Arrays.asList("--lines", "10", "--users", "5", "--files", "1", "--format", "zip", "OUT"),
        Arrays.asList("--lines", "10", "--users", "5", "--files", "1", "--bogus", "1", "OUT"),
        Arrays.asList("--lines", "10", "--users", "5", "--files", "1", "OUT", "OTHER"),
        Arrays.asList("--lines", "10", "--users", "5", "--files"),
        Arrays.asList("-D", GenerateJob.USER_SKEW + "=0.5",
            "--lines", "10", "--users", "5", "--files", "1", "OUT"),
        Arrays.asList("-D", GenerateJob.LZMA2_PRESET + "=12",
            "--lines", "10", "--users", "5", "--files", "1", "OUT"));
  }

  @ParameterizedTest
  @MethodSource
  void badUsage(List<String> args) throws Exception {
    List<String> resolved = new ArrayList<>();
    for (String arg : args) {
      resolved.add(arg.equals("OUT") || arg.equals("OTHER") ? tmp.resolve(arg).toString() : arg);
    }
    Result result = generate(resolved.toArray(new String[0]));
    assertEquals(ExitCodes.USAGE, result.exit, result.err);
    assertTrue(result.err.contains("usage: logcount generate"), result.err);
    assertTrue(result.err.contains("Generic options supported are:"), result.err);
    assertEquals(Collections.emptyList(), listNames(tmp));
  }

  @Test
  void helpPrintsUsageAndSucceeds() throws Exception {
    Result result = generate("--help");
    assertEquals(ExitCodes.OK, result.exit);
    assertTrue(result.out.contains("usage: logcount generate"), result.out);
  }

  @Test
  void realSevenZipAcceptsTheArchive() throws Exception {
    assumeTrue(onPath("7zz"), "7zz is not installed (apt-get install -y 7zip): check skipped");
    Path archive = tmp.resolve("checked.7z");
    assertEquals(0, generate("--lines", "5000", "--users", "500", "--files", "3",
        archive.toString()).exit);
    Process p = new ProcessBuilder("7zz", "t", archive.toString()).redirectErrorStream(true)
        .start();
    String output = new String(p.getInputStream().readAllBytes(), UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "7zz t timed out");
    assertEquals(0, p.exitValue(), output);
    assertTrue(output.contains("Everything is Ok"), output);
    assertTrue(output.contains("Files: 3"), output);
  }

  private static final class Result {
    final int exit;
    final String out;
    final String err;

    Result(int exit, String out, String err) {
      this.exit = exit;
      this.out = out;
      this.err = err;
    }
  }

  /** Runs the tool as {@code LogCount} does, with its stdout and stderr captured. */
  private static Result generate(String... args) throws Exception {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int exit;
    try {
      System.setOut(new PrintStream(out, true, "UTF-8"));
      System.setErr(new PrintStream(err, true, "UTF-8"));
      exit = ToolRunner.run(new Configuration(), new GenerateJob(), args);
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
    return new Result(exit, out.toString("UTF-8"), err.toString("UTF-8"));
  }

  /** Every entry's bytes, in archive order, read by commons-compress (not by our code). */
  private static Map<String, byte[]> readSevenZ(Path archive) throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (SevenZFile sevenZ = SevenZFile.builder().setFile(archive.toFile()).get()) {
      SevenZArchiveEntry entry;
      byte[] buffer = new byte[8192];
      while ((entry = sevenZ.getNextEntry()) != null) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int n; (n = sevenZ.read(buffer)) > 0; ) {
          bytes.write(buffer, 0, n);
        }
        entries.put(entry.getName(), bytes.toByteArray());
      }
    }
    return entries;
  }

  /** The lines of a text, whose last line must end with a newline. */
  private static List<String> lines(byte[] text) {
    String s = new String(text, UTF_8);
    assertTrue(s.isEmpty() || s.endsWith("\n"), "text ends without a newline");
    return s.lines().collect(Collectors.toList());
  }

  private static List<String> listNames(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
    }
  }

  private static boolean onPath(String program) {
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        if (new File(dir, program).canExecute()) {
          return true;
        }
      }
    }
    return false;
  }
}
