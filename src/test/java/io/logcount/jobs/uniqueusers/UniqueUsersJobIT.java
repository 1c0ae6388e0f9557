package io.logcount.jobs.uniqueusers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.logcount.LogCount;
import io.logcount.jobs.common.CountSumCombiner;
import io.logcount.jobs.common.ExitCodes;
import io.logcount.jobs.common.JobSummary;
import io.logcount.jobs.common.MapAggregationSettings;
import io.logcount.testing.CommonsCompressReader;
import io.logcount.testing.Figures;
import io.logcount.testing.Fixtures;
import io.logcount.testing.Lines;
import io.logcount.testing.JobOutput;
import io.logcount.testing.LocalRunner;
import io.logcount.testing.LocalRunnerExtension;

/**
 * {@code unique-users} end to end on Hadoop's local runner, through {@link LogCount} and
 * {@code ToolRunner} exactly as {@code scripts/logcount} runs it; outputs are compared with the
 * fixtures' figures (computed by Python from the text before archiving) and with an independent
 * read of the archives by commons-compress.
 */
@ExtendWith(LocalRunnerExtension.class)
public class UniqueUsersJobIT {

  @TempDir
  static File work;

  static String[] validFixtures() {
    return Fixtures.VALID;
  }

  @ParameterizedTest
  @MethodSource("validFixtures")
  void everyValidFixtureGivesItsExpectedFigures(String name) throws Exception {
    File output = new File(work, "out-" + name);
    LocalRunner.Run run = LocalRunner.run("unique-users", Fixtures.file(name + ".7z").getAbsolutePath(), output.getAbsolutePath());
    assertEquals(0, run.exit, run.err);
    Figures expected = Fixtures.expected(name);
    assertEquals(expected, LocalRunner.outputFigures(output));
    assertTrue(new File(output, "_SUCCESS").isFile());
    assertEquals(expected.distinct, LocalRunner.summaryField(output, "distinct_users"));
    assertEquals(expected.records, LocalRunner.summaryField(output, "records"));
    assertEquals(expected.malformed, LocalRunner.summaryField(output, "malformed"));
    assertTrue(run.out.contains("\"distinct_users\":" + expected.distinct), run.out);
  }

  /** Every way of summing on the map side gives the same answer: table forced on, off, combiner. */
  @ParameterizedTest
  @ValueSource(strings = {"messy", "small-blocks"})
  void everyMapSideAggregationGivesTheSameFigures(String name) throws Exception {
    String[][] settings = {
        {MapAggregationSettings.MIN_REDUCTION + "=0", MapAggregationSettings.CHECK_INTERVAL + "=10",
            MapAggregationSettings.MEMORY_MB + "=1"}, // always on, small table
        {MapAggregationSettings.ENABLED + "=false", "logcount.unique-users.combiner=true"}, // the old key
        {MapAggregationSettings.MIN_REDUCTION + "=1", MapAggregationSettings.CHECK_INTERVAL + "=10"}}; // off at once
    for (int i = 0; i < settings.length; i++) {
      File output = new File(work, "out-aggregation-" + i + "-" + name);
      List<String> args = new ArrayList<>(Arrays.asList("unique-users"));
      for (String setting : settings[i]) {
        args.add("-D");
        args.add(setting);
      }
      args.add(Fixtures.file(name + ".7z").getAbsolutePath());
      args.add(output.getAbsolutePath());
      LocalRunner.Run run = LocalRunner.run(args.toArray(new String[0]));
      assertEquals(0, run.exit, run.err);
      assertEquals(Fixtures.expected(name), LocalRunner.outputFigures(output), String.join(" ", settings[i]));
    }
    Configuration conf = LocalRunner.localConf();
    conf.setBoolean("logcount.unique-users.combiner", true);
    assertEquals(CountSumCombiner.class, new UniqueUsersJob().createJob(conf,
        Arrays.asList(new Path(Fixtures.file(name + ".7z").getAbsolutePath())),
        new Path(new File(work, "unused").getAbsolutePath())).getCombinerClass(), "the old key still sets it");
  }

  @Test
  void malformedLinesAreWrittenUntouchedWithTheirOrigin() throws Exception {
    File output = new File(work, "out-messy-malformed");
    assertEquals(0, LocalRunner.run("unique-users", Fixtures.file("messy.7z").getAbsolutePath(), output.getAbsolutePath()).exit);
    List<File> parts = JobOutput.partFiles(new File(output, "malformed"), "part-m-");
    assertFalse(parts.isEmpty());
    for (File part : parts) {
      for (byte[] line : Lines.split(Files.readAllBytes(part.toPath()))) {
        String s = new String(line, StandardCharsets.UTF_8);
        assertTrue(s.matches(".*messy\\.7z!mixed/[^@\t]+@\\d+\t.*"), s);
      }
    }
    assertEquals(LocalRunner.summaryField(output, "records") + LocalRunner.summaryField(output, "malformed") + LocalRunner.summaryField(output, "blank_lines"),
        countLinesIndependently(Fixtures.file("messy.7z")), "every line counted once");
  }

  /** Non-empty-entry line count by commons-compress, an independent 7z reader. */
  static long countLinesIndependently(File archive) throws IOException {
    long lines = 0;
    for (byte[] entry : CommonsCompressReader.entries(archive)) {
      lines += Lines.split(entry).size();
    }
    return lines;
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
      for (byte[] entry : CommonsCompressReader.entries(archive)) {
        for (byte[] line : Lines.split(entry)) {
          allLines.add(Lines.stripCr(line));
        }
      }
    }
    File output = new File(work, "out-nested");
    LocalRunner.Run run = LocalRunner.run("-D", "mapreduce.input.fileinputformat.split.maxsize=1", "unique-users",
        input.getAbsolutePath(), output.getAbsolutePath());
    // generic options belong after the command; the run above must be refused as usage
    assertEquals(2, run.exit);
    run = LocalRunner.run("unique-users", "-D", "mapreduce.input.fileinputformat.split.maxsize=1",
        input.getAbsolutePath(), output.getAbsolutePath());
    assertEquals(0, run.exit, run.err);
    assertEquals(Figures.ofLines(allLines), LocalRunner.outputFigures(output));
    // small-blocks: 3 folders, nonsolid: 3, many-small-files: 1 -> one split per folder
    assertEquals(7, LocalRunner.summaryField(output, "splits"));
  }

  @Test
  void existingOutputIsNeverOverwritten() throws Exception {
    File output = new File(work, "existing");
    assertTrue(output.mkdirs());
    File keep = new File(output, "keep.txt");
    Files.write(keep.toPath(), "precious".getBytes(StandardCharsets.UTF_8));
    LocalRunner.Run run = LocalRunner.run("unique-users", Fixtures.file("nonsolid.7z").getAbsolutePath(), output.getAbsolutePath());
    assertEquals(1, run.exit);
    assertTrue(run.err.contains("already exists"), run.err);
    assertEquals(Arrays.asList("keep.txt"), Arrays.asList(output.list()));
    assertEquals("precious", new String(Files.readAllBytes(keep.toPath()), StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @MethodSource("invalidFixtures")
  void invalidArchivesFailClearlyAndLeaveNoSuccess(String file, String cause) throws Exception {
    File output = new File(work, "out-bad-" + file);
    LocalRunner.Run run = LocalRunner.run("unique-users", Fixtures.file(file).getAbsolutePath(), output.getAbsolutePath());
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
    // Most of this input is the damaged folder: allowed here (1 = no limit), refused by default below.
    LocalRunner.Run run = LocalRunner.run("unique-users", "-D", "logcount.sevenz.skip-corrupt=true",
        "-D", "logcount.skip-corrupt.max-share=1", input.getAbsolutePath(), output.getAbsolutePath());
    assertEquals(0, run.exit, run.err);
    assertTrue(new File(output, "_SUCCESS").isFile());
    assertEquals(1, LocalRunner.summaryField(output, "corrupt_blocks"));
    String summary = new String(Files.readAllBytes(new File(output, JobSummary.FILE_NAME).toPath()), StandardCharsets.UTF_8);
    assertTrue(summary.contains("\"skipped\":[\"") && summary.contains("corrupt-data.7z!folder 0\\u0009")
        && summary.contains("CorruptedInputException"), summary);
    // Every line of nonsolid.7z is counted, plus the lines of the damaged folder read before the damage.
    long before = LocalRunner.summaryField(output, "lines_before_corruption");
    // corrupt-data.7z is big.tsv, as lzma2-dict-resets.7z (shared/fixtures/make-fixtures.sh)
    assertTrue(before > 0 && before < Fixtures.expected("lzma2-dict-resets").records, "the folder was cut short");
    assertEquals(Fixtures.expected("nonsolid").records + before, LocalRunner.summaryField(output, "records"));
    List<File> skipped = JobOutput.partFiles(new File(output, "skipped"), "part-m-");
    assertEquals(1, skipped.size());
  }

  @Test
  void skipCorruptFailsAJobThatSkippedMoreThanItsBudget() throws Exception {
    File input = new File(work, "mostly-corrupt");
    assertTrue(input.mkdirs());
    Files.copy(Fixtures.file("corrupt-data.7z").toPath(), new File(input, "corrupt-data.7z").toPath());
    Files.copy(Fixtures.file("nonsolid.7z").toPath(), new File(input, "nonsolid.7z").toPath());
    File output = new File(work, "out-over-budget");
    LocalRunner.Run run = LocalRunner.run("unique-users", "-D", "logcount.skip-corrupt=true", input.getAbsolutePath(),
        output.getAbsolutePath());
    assertEquals(ExitCodes.FAILED, run.exit, run.err);
    assertTrue(run.err.contains("were skipped as corrupt, more than logcount.skip-corrupt.max-share=0.01 allows"),
        run.err);
    assertTrue(run.err.contains("corrupt-data.7z!folder 0"), "names the skipped place: " + run.err);
    assertTrue(run.err.contains("is kept, without _SUCCESS"), run.err);
    assertFalse(new File(output, "_SUCCESS").exists(), "no answer to wait for");
    assertEquals(1, JobOutput.partFiles(new File(output, "skipped"), "part-m-").size(), "the skip report is kept");
    assertEquals(1, LocalRunner.summaryField(output, "corrupt_blocks"));

    // A budget that is not a share is bad usage, before anything runs.
    LocalRunner.Run bad = LocalRunner.run("unique-users", "-D", "logcount.skip-corrupt.max-share=5%",
        input.getAbsolutePath(), new File(work, "out-bad-budget").getAbsolutePath());
    assertEquals(ExitCodes.USAGE, bad.exit, bad.err);
    assertTrue(bad.err.contains("logcount.skip-corrupt.max-share must be a share from 0 to 1"), bad.err);
  }

  @Test
  void thousandsOfSmallEntriesAndEmptyArchives() throws Exception {
    File input = new File(work, "small-entries");
    assertTrue(input.mkdirs());
    File many = new File(input, "many.7z");
    LocalRunner.Run generate = LocalRunner.run("generate", "--lines", "9000", "--users", "700", "--files", "3000", many.getAbsolutePath());
    assertEquals(0, generate.exit, generate.err);
    // An archive of only directories and empty files, and one with no entries at all.
    Files.copy(Fixtures.file("no-folders.7z").toPath(), new File(input, "no-folders.7z").toPath());
    try (org.apache.commons.compress.archivers.sevenz.SevenZOutputFile empty =
        new org.apache.commons.compress.archivers.sevenz.SevenZOutputFile(new File(input, "empty.7z"))) {
      empty.finish();
    }
    File output = new File(work, "out-small-entries");
    LocalRunner.Run run = LocalRunner.run("unique-users", input.getAbsolutePath(), output.getAbsolutePath());
    assertEquals(0, run.exit, run.err);
    assertEquals(io.logcount.testing.CommonsCompressReader.figures(Arrays.asList(many)), LocalRunner.outputFigures(output));
    assertEquals(3000, LocalRunner.summaryField(output, "entries"));
    assertEquals(9000, LocalRunner.summaryField(output, "records"));
  }

  @Test
  void badUsageExitsTwoWithUsage() throws Exception {
    LocalRunner.Run noArgs = LocalRunner.run("unique-users");
    assertEquals(2, noArgs.exit);
    assertTrue(noArgs.err.contains("usage: logcount unique-users"), noArgs.err);
    assertTrue(noArgs.err.contains("-D <property=value>"), "generic options listed: " + noArgs.err);
    LocalRunner.Run badColumn = LocalRunner.run("unique-users", "--user-column", "x", "in", "out");
    assertEquals(2, badColumn.exit);
    assertTrue(badColumn.err.contains("unknown column 'x'; known columns: AuctionID, UserID"), badColumn.err);
    LocalRunner.Run unknown = LocalRunner.run("no-such-job");
    assertEquals(2, unknown.exit);
    LocalRunner.Run missingInput = LocalRunner.run("unique-users", new File(work, "nope").getAbsolutePath(), new File(work, "o").getAbsolutePath());
    assertEquals(1, missingInput.exit);
    assertTrue(missingInput.err.contains("does not exist"), missingInput.err);
  }

  @Test
  void userColumnOptionCountsAnotherField() throws Exception {
    File output = new File(work, "out-sites");
    LocalRunner.Run run = LocalRunner.run("unique-users", "--user-column", "2", Fixtures.file("nonsolid.7z").getAbsolutePath(),
        output.getAbsolutePath());
    assertEquals(0, run.exit, run.err);
    List<String> sites = Files.readAllLines(JobOutput.partFiles(output, "part-r-").get(0).toPath()).stream()
        .map(l -> l.substring(0, l.indexOf('\t'))).collect(Collectors.toList());
    assertFalse(sites.isEmpty());
    assertTrue(sites.stream().allMatch(s -> s.matches("site\\d{4}")), sites.toString());
    assertEquals(Fixtures.expected("nonsolid").records, LocalRunner.summaryField(output, "records"));
  }
}
