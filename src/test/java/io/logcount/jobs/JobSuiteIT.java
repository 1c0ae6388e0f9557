package io.logcount.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.logcount.testing.CommonsCompressReader;
import io.logcount.testing.Fixtures;
import io.logcount.testing.Lines;
import io.logcount.testing.JobOutput;
import io.logcount.testing.LocalRunner;
import io.logcount.testing.LocalRunnerExtension;
import io.logcount.testing.LogModel;

/**
 * The counting jobs ({@code count-by}, {@code distinct-by}, {@code top-users}) end to end on the
 * local runner, each compared with {@link LogModel}'s plain computation over the same lines
 * read independently by commons-compress, with one and with three reducers.
 */
@ExtendWith(LocalRunnerExtension.class)
class JobSuiteIT {

  private static final int USER = 1;
  private static final int SITE = 2;
  private static final int TIME = 5;

  @TempDir
  static File work;

  static Stream<Arguments> fixturesAndReducers() {
    // messy: blank, short and CRLF lines, empty users, UTF-8 IDs; many-small-files: 400 entries;
    // lzma2-dict-resets: one solid folder. One and three reducers each where it matters.
    return Stream.of(Arguments.of("messy", 1), Arguments.of("messy", 3), Arguments.of("many-small-files", 1),
        Arguments.of("many-small-files", 3), Arguments.of("lzma2-dict-resets", 3));
  }

  private static List<byte[]> lines(File archive) throws IOException {
    List<byte[]> lines = new ArrayList<>();
    for (byte[] entry : CommonsCompressReader.entries(archive)) {
      lines.addAll(Lines.split(entry));
    }
    return lines;
  }

  /** Every part file's lines, sorted; there must be part files. */
  private static List<String> output(File dir, String prefix) throws IOException {
    assertTrue(!JobOutput.partFiles(dir, prefix).isEmpty(), "no " + prefix + " files in " + dir);
    return JobOutput.sortedLines(dir, prefix);
  }

  private static List<String> sorted(List<String> lines) {
    List<String> copy = new ArrayList<>(lines);
    copy.sort(null);
    return copy;
  }

  private File run(String name, String command, int reducers, String... args) throws Exception {
    File output = new File(work, name);
    List<String> all = new ArrayList<>(Arrays.asList(command, "-D", "mapreduce.job.reduces=" + reducers));
    all.addAll(Arrays.asList(args));
    all.add(output.getAbsolutePath());
    LocalRunner.Run run = LocalRunner.run(all.toArray(new String[0]));
    assertEquals(0, run.exit, run.err);
    return output;
  }

  @ParameterizedTest
  @MethodSource("fixturesAndReducers")
  void countByColumnEqualsThePlainCount(String fixture, int reducers) throws Exception {
    File archive = Fixtures.file(fixture + ".7z");
    LogModel model = new LogModel(lines(archive), SITE);
    File out = run("count-by-" + fixture + "-" + reducers, "count-by", reducers, "--column", "SiteID",
        archive.getAbsolutePath());
    assertEquals(sorted(model.countBy(SITE)), output(out, "part-r-"));
    assertEquals(model.countBy(SITE).size(), LocalRunner.summaryField(out, "distinct_values"));
    assertEquals(model.records(), LocalRunner.summaryField(out, "records"));
  }

  @ParameterizedTest
  @MethodSource("fixturesAndReducers")
  void distinctUsersPerSiteDayAndHourEqualThePlainCount(String fixture, int reducers) throws Exception {
    File archive = Fixtures.file(fixture + ".7z");
    List<byte[]> lines = lines(archive);
    LogModel bySite = new LogModel(lines, USER, SITE);
    File site = run("by-site-" + fixture + "-" + reducers, "distinct-by", reducers, "--key", "SiteID",
        archive.getAbsolutePath());
    assertEquals(sorted(bySite.distinctBy(SITE, USER, TIME)), output(site, "part-r-"));

    LogModel byTime = new LogModel(lines, USER, TIME);
    File day = run("by-day-" + fixture + "-" + reducers, "distinct-by", reducers, "--key", "day",
        archive.getAbsolutePath());
    assertEquals(sorted(byTime.distinctBy(-1, USER, TIME)), output(day, "part-r-"));
    File hour = run("by-hour-" + fixture + "-" + reducers, "distinct-by", reducers, "--key=hour",
        "--value", "UserID", archive.getAbsolutePath());
    assertEquals(sorted(byTime.distinctBy(-2, USER, TIME)), output(hour, "part-r-"));
    assertEquals(byTime.records(), LocalRunner.summaryField(hour, "records"));
  }

  @ParameterizedTest
  @MethodSource("fixturesAndReducers")
  void topUsersEqualThePlainRanking(String fixture, int reducers) throws Exception {
    File archive = Fixtures.file(fixture + ".7z");
    LogModel model = new LogModel(lines(archive), USER);
    File out = run("top-" + fixture + "-" + reducers, "top-users", reducers, "--n", "25",
        archive.getAbsolutePath());
    String answer = new String(Files.readAllBytes(new File(out, "top-users.tsv").toPath()),
        StandardCharsets.ISO_8859_1);
    assertEquals(String.join("\n", model.topUsers(USER, 25)) + "\n", answer);
    assertEquals(0, JobOutput.partFiles(out, "part-r-").size(), "one output file");
    assertEquals(model.distinct(USER), LocalRunner.summaryField(out, "distinct_users"));
  }

  @Test
  void aMillionGeneratedLinesWithThreeReducers() throws Exception {
    File archive = new File(work, "million.7z");
    LocalRunner.Run generate = LocalRunner.run("generate", "--lines", "1m", "--users", "40000", "--files", "4",
        archive.getAbsolutePath());
    assertEquals(0, generate.exit, generate.err);
    List<byte[]> lines = lines(archive);
    assertEquals(1_000_000, lines.size());
    LogModel byTime = new LogModel(lines, USER, TIME);
    File day = run("million-day", "distinct-by", 3, "--key", "day", archive.getAbsolutePath());
    assertEquals(sorted(byTime.distinctBy(-1, USER, TIME)), output(day, "part-r-"));
    LogModel users = new LogModel(lines, USER);
    File top = run("million-top", "top-users", 3, "--n", "100", archive.getAbsolutePath());
    assertEquals(String.join("\n", users.topUsers(USER, 100)) + "\n",
        new String(Files.readAllBytes(new File(top, "top-users.tsv").toPath()), StandardCharsets.ISO_8859_1));
    File sites = run("million-sites", "count-by", 3, "--column", "2", archive.getAbsolutePath());
    assertEquals(sorted(new LogModel(lines, SITE).countBy(SITE)), output(sites, "part-r-"));
  }
}
