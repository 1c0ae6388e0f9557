package io.logcount.jobs.uniqueusers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.logcount.LogCount;
import io.logcount.jobs.JobSummary;
import io.logcount.testing.CommonsCompressReader;
import io.logcount.testing.Figures;
import io.logcount.testing.Fixtures;
import io.logcount.testing.JobOutput;
import io.logcount.testing.Lines;

/**
 * {@code unique-users} end to end on Hadoop's local runner, through {@link LogCount} and
 * {@code ToolRunner} exactly as {@code scripts/logcount} runs it; outputs are compared with the
 * fixtures' figures (computed by Python from the text before archiving) and with an independent
 * read of the archives by commons-compress.
 */
public class UniqueUsersJobIT {

  @TempDir
  static File work;

  static String[] validFixtures() {
    return Fixtures.VALID;
  }

  @BeforeAll
  static void quietHadoop() {
    System.setProperty("hadoop.home.dir", "/");
  }

  /** Hadoop's scratch space for local runs: {@link #work} while this class runs, else target/it-scratch. */
  private static File scratch() {
    return work != null ? work : new File("target/it-scratch").getAbsoluteFile();
  }

  static Configuration localConf() {
    Configuration conf = new Configuration();
    conf.set("mapreduce.framework.name", "local");
    conf.set("fs.defaultFS", "file:///");
    conf.set("hadoop.tmp.dir", new File(scratch(), "hadoop-tmp").getAbsolutePath());
    conf.set("mapreduce.jobtracker.staging.root.dir", new File(scratch(), "staging").getAbsolutePath());
    conf.setInt("mapreduce.local.map.tasks.maximum", 2);
    conf.setInt("mapreduce.task.io.sort.mb", 16);
    return conf;
  }

  /** Exit code, stdout and stderr of one run. */
  public static final class Run {
    public int exit;
    public String out;
    public String err;
  }

  public static synchronized Run run(String... args) throws Exception {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Run run = new Run();
    try {
      System.setOut(new PrintStream(out, true, "UTF-8"));
      System.setErr(new PrintStream(err, true, "UTF-8"));
      run.exit = LogCount.run(localConf(), args);
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
    run.out = out.toString("UTF-8");
    run.err = err.toString("UTF-8");
    oldErr.print(run.err);
    return run;
  }

  /** The job's output as figures: part files for users, malformed/ for malformed lines. */
  public static Figures outputFigures(File output) throws IOException {
    return JobOutput.figures(FileSystem.getLocal(new Configuration()), new Path(output.toURI()));
  }

  static List<File> partFiles(File dir, String prefix) {
    File[] files = dir.listFiles((d, n) -> n.startsWith(prefix));
    List<File> list = files == null ? new ArrayList<>() : new ArrayList<>(Arrays.asList(files));
    list.sort(null);
    return list;
  }

  static List<byte[]> splitLines(byte[] bytes) {
    return Lines.split(bytes);
  }

  public static long summaryField(File output, String field) throws IOException {
    return JobOutput.summaryField(FileSystem.getLocal(new Configuration()), new Path(output.toURI()), field);
  }

  @ParameterizedTest
  @MethodSource("validFixtures")
  void everyValidFixtureGivesItsExpectedFigures(String name) throws Exception {
    File output = new File(work, "out-" + name);
    Run run = run("unique-users", Fixtures.file(name + ".7z").getAbsolutePath(), output.getAbsolutePath());
    assertEquals(0, run.exit, run.err);
    Figures expected = Fixtures.expected(name);
    assertEquals(expected, outputFigures(output));
    assertTrue(new File(output, "_SUCCESS").isFile());
    assertEquals(expected.distinct, summaryField(output, "distinct_users"));
    assertEquals(expected.records, summaryField(output, "records"));
    assertEquals(expected.malformed, summaryField(output, "malformed"));
    assertTrue(run.out.contains("\"distinct_users\":" + expected.distinct), run.out);
  }

  @ParameterizedTest
  @ValueSource(strings = {"messy", "small-blocks"})
  void withoutTheCombinerTheFiguresAreTheSame(String name) throws Exception {
    File output = new File(work, "out-nocombiner-" + name);
    Run run = run("unique-users", "-D", UniqueUsersJob.COMBINER + "=false",
        Fixtures.file(name + ".7z").getAbsolutePath(), output.getAbsolutePath());
    assertEquals(0, run.exit, run.err);
    assertEquals(Fixtures.expected(name), outputFigures(output));
    Configuration conf = localConf();
    UniqueUsersJob.setCombiner(conf, false);
    assertEquals(null, UniqueUsersJob.createJob(conf,
        Arrays.asList(new Path(Fixtures.file(name + ".7z").getAbsolutePath())),
        new Path(output.getAbsolutePath() + "-unused")).getCombinerClass(), "no combiner is set");
  }

  @Test
  void malformedLinesAreWrittenUntouchedWithTheirOrigin() throws Exception {
    File output = new File(work, "out-messy-malformed");
    assertEquals(0, run("unique-users", Fixtures.file("messy.7z").getAbsolutePath(), output.getAbsolutePath()).exit);
    List<File> parts = partFiles(new File(output, "malformed"), "part-m-");
    assertFalse(parts.isEmpty());
    for (File part : parts) {
      for (byte[] line : splitLines(Files.readAllBytes(part.toPath()))) {
        String s = new String(line, StandardCharsets.UTF_8);
        assertTrue(s.matches(".*messy\\.7z!mixed/[^@\t]+@\\d+\t.*"), s);
      }
    }
    assertEquals(summaryField(output, "records") + summaryField(output, "malformed") + summaryField(output, "blank_lines"),
        countLinesIndependently(Fixtures.file("messy.7z")), "every line counted once");
  }

  /** Non-empty-entry line count by commons-compress, an independent 7z reader. */
  static long countLinesIndependently(File archive) throws IOException {
    long lines = 0;
    for (byte[] entry : entriesIndependently(archive)) {
      lines += splitLines(entry).size();
    }
    return lines;
  }

  static List<byte[]> entriesIndependently(File archive) throws IOException {
    return CommonsCompressReader.entries(archive);
  }

  @Test
  void directoryInputIsReadRecursivelyAndMatchesAnIndependentCount() throws Exception {
    File input = new File(work, "nested-input");
    File deep = new File(input, "a/b");
    assertTrue(deep.mkdirs());
    String[] names = {"small-blocks", "nonsolid", "many-small-files"};
    List<byte[]> allLines = new ArrayList<>();
    for (String name : names) {
      File archive = Fixtures.file(name + ".7z");
      Files.copy(archive.toPath(), new File(name.equals("nonsolid") ? deep : input, archive.getName()).toPath());
      for (byte[] entry : entriesIndependently(archive)) {
        for (byte[] line : splitLines(entry)) {
          allLines.add(stripCr(line));
        }
      }
    }
    File output = new File(work, "out-nested");
    Run run = run("-D", "mapreduce.input.fileinputformat.split.maxsize=1", "unique-users",
        input.getAbsolutePath(), output.getAbsolutePath());
    // generic options belong after the command; the run above must be refused as usage
    assertEquals(2, run.exit);
    run = run("unique-users", "-D", "mapreduce.input.fileinputformat.split.maxsize=1",
        input.getAbsolutePath(), output.getAbsolutePath());
    assertEquals(0, run.exit, run.err);
    assertEquals(Figures.ofLines(allLines), outputFigures(output));
    // small-blocks: 3 folders, nonsolid: 3, many-small-files: 1 -> one split per folder
    assertEquals(7, summaryField(output, "splits"));
  }

  static byte[] stripCr(byte[] line) {
    return Lines.stripCr(line);
  }

  @Test
  void existingOutputIsNeverOverwritten() throws Exception {
    File output = new File(work, "existing");
    assertTrue(output.mkdirs());
    File keep = new File(output, "keep.txt");
    Files.write(keep.toPath(), "precious".getBytes(StandardCharsets.UTF_8));
    Run run = run("unique-users", Fixtures.file("nonsolid.7z").getAbsolutePath(), output.getAbsolutePath());
    assertEquals(1, run.exit);
    assertTrue(run.err.contains("already exists"), run.err);
    assertEquals(Arrays.asList("keep.txt"), Arrays.asList(output.list()));
    assertEquals("precious", new String(Files.readAllBytes(keep.toPath()), StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @MethodSource("invalidFixtures")
  void invalidArchivesFailClearlyAndLeaveNoSuccess(String file, String cause) throws Exception {
    File output = new File(work, "out-bad-" + file);
    Run run = run("unique-users", Fixtures.file(file).getAbsolutePath(), output.getAbsolutePath());
    assertEquals(1, run.exit, run.err);
    assertTrue(run.err.contains(file), "message names the file: " + run.err);
    assertTrue(run.err.toLowerCase().contains(cause), "message names the cause '" + cause + "': " + run.err);
    assertFalse(new File(output, "_SUCCESS").exists());
  }

  static Stream<org.junit.jupiter.params.provider.Arguments> invalidFixtures() {
    return Stream.of(
        org.junit.jupiter.params.provider.Arguments.of("not-a-7z.7z", "not a 7z"),
        org.junit.jupiter.params.provider.Arguments.of("truncated.7z", "truncated"),
        org.junit.jupiter.params.provider.Arguments.of("corrupt-data.7z", "corrupt"),
        org.junit.jupiter.params.provider.Arguments.of("unsupported-ppmd.7z", "ppmd"));
  }

  @Test
  void skipCorruptSkipsTheDamagedFolderAndCountsTheRest() throws Exception {
    File input = new File(work, "with-corrupt");
    assertTrue(input.mkdirs());
    Files.copy(Fixtures.file("corrupt-data.7z").toPath(), new File(input, "corrupt-data.7z").toPath());
    Files.copy(Fixtures.file("nonsolid.7z").toPath(), new File(input, "nonsolid.7z").toPath());
    File output = new File(work, "out-skip-corrupt");
    Run run = run("unique-users", "-D", "logcount.sevenz.skip-corrupt=true", input.getAbsolutePath(),
        output.getAbsolutePath());
    assertEquals(0, run.exit, run.err);
    assertTrue(new File(output, "_SUCCESS").isFile());
    assertEquals(1, summaryField(output, "corrupt_blocks"));
    String summary = new String(Files.readAllBytes(new File(output, JobSummary.FILE_NAME).toPath()), StandardCharsets.UTF_8);
    assertTrue(summary.contains("\"skipped\":[\"") && summary.contains("corrupt-data.7z!folder 0\\u0009")
        && summary.contains("CorruptedInputException"), summary);
    // Every line of nonsolid.7z is counted, plus the lines of the damaged folder read before the damage.
    long before = summaryField(output, "lines_before_corruption");
    // corrupt-data.7z is big.tsv, as lzma2-dict-resets.7z (shared/fixtures/make-fixtures.sh)
    assertTrue(before > 0 && before < Fixtures.expected("lzma2-dict-resets").records, "the folder was cut short");
    assertEquals(Fixtures.expected("nonsolid").records + before, summaryField(output, "records"));
    List<File> skipped = partFiles(new File(output, "skipped"), "part-m-");
    assertEquals(1, skipped.size());
  }

  @Test
  void thousandsOfSmallEntriesAndEmptyArchives() throws Exception {
    File input = new File(work, "small-entries");
    assertTrue(input.mkdirs());
    File many = new File(input, "many.7z");
    Run generate = run("generate", "--lines", "9000", "--users", "700", "--files", "3000", many.getAbsolutePath());
    assertEquals(0, generate.exit, generate.err);
    // An archive of only directories and empty files, and one with no entries at all.
    Files.copy(Fixtures.file("no-folders.7z").toPath(), new File(input, "no-folders.7z").toPath());
    try (org.apache.commons.compress.archivers.sevenz.SevenZOutputFile empty =
        new org.apache.commons.compress.archivers.sevenz.SevenZOutputFile(new File(input, "empty.7z"))) {
      empty.finish();
    }
    File output = new File(work, "out-small-entries");
    Run run = run("unique-users", input.getAbsolutePath(), output.getAbsolutePath());
    assertEquals(0, run.exit, run.err);
    assertEquals(io.logcount.testing.CommonsCompressReader.figures(Arrays.asList(many)), outputFigures(output));
    assertEquals(3000, summaryField(output, "entries"));
    assertEquals(9000, summaryField(output, "records"));
  }

  @Test
  void badUsageExitsTwoWithUsage() throws Exception {
    Run noArgs = run("unique-users");
    assertEquals(2, noArgs.exit);
    assertTrue(noArgs.err.contains("usage: logcount unique-users"), noArgs.err);
    assertTrue(noArgs.err.contains("-D <property=value>"), "generic options listed: " + noArgs.err);
    Run badColumn = run("unique-users", "--user-column", "x", "in", "out");
    assertEquals(2, badColumn.exit);
    Run unknown = run("no-such-job");
    assertEquals(2, unknown.exit);
    Run missingInput = run("unique-users", new File(work, "nope").getAbsolutePath(), new File(work, "o").getAbsolutePath());
    assertEquals(1, missingInput.exit);
    assertTrue(missingInput.err.contains("does not exist"), missingInput.err);
  }

  @Test
  void userColumnOptionCountsAnotherField() throws Exception {
    File output = new File(work, "out-sites");
    Run run = run("unique-users", "--user-column", "2", Fixtures.file("nonsolid.7z").getAbsolutePath(),
        output.getAbsolutePath());
    assertEquals(0, run.exit, run.err);
    List<String> sites = Files.readAllLines(partFiles(output, "part-r-").get(0).toPath()).stream()
        .map(l -> l.substring(0, l.indexOf('\t'))).collect(Collectors.toList());
    assertFalse(sites.isEmpty());
    assertTrue(sites.stream().allMatch(s -> s.matches("site\\d{4}")), sites.toString());
    assertEquals(Fixtures.expected("nonsolid").records, summaryField(output, "records"));
  }
}
