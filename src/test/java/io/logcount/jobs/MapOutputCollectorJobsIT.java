package io.logcount.jobs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.MRJobConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.logcount.mapout.RadixMapOutputCollector;
import io.logcount.testing.Fixtures;
import io.logcount.testing.JobOutput;
import io.logcount.testing.LocalRunner;
import io.logcount.testing.LocalRunnerExtension;
import io.logcount.testing.LogCapture;

/**
 * Every job's figures with {@code logcount.map.collector} on ({@link RadixMapOutputCollector})
 * (the default) are those with Hadoop's collector: each job over every valid fixture at once, with
 * three reducers, off and then on with a 1 MB sort buffer (so the collector spills many times and
 * merges), gives byte-identical part files, malformed lines and figures; {@code unique-users}
 * with the collector on gives each fixture's expected figures; and the index job (FolderResets
 * values), given the collector by name, writes the same sidecar index.
 */
@ExtendWith(LocalRunnerExtension.class)
class MapOutputCollectorJobsIT {

  @TempDir
  static File work;

  private static final String ON = RadixMapOutputCollector.ENABLED + "=true";
  private static final String OFF = RadixMapOutputCollector.ENABLED + "=false";
  private static final String SMALL_BUFFER = MRJobConfig.IO_SORT_MB + "=1";

  static Stream<Arguments> jobs() {
    return Stream.of(
        Arguments.of("unique-users", new String[0]),
        Arguments.of("count-by", new String[] {"--column", "SiteID"}),
        Arguments.of("distinct-by", new String[] {"--key", "day"}),
        Arguments.of("distinct-by", new String[] {"--key", "SiteID", "--approx"}),
        Arguments.of("top-users", new String[] {"--n", "25"}),
        // approx-unique-users has NullWritable keys: the collector hands it to Hadoop's buffer
        Arguments.of("approx-unique-users", new String[0]));
  }

  private static List<String> allFixtures() {
    List<String> paths = new ArrayList<>();
    for (String name : Fixtures.VALID) {
      paths.add(Fixtures.file(name + ".7z").getAbsolutePath());
    }
    return paths;
  }

  private static File run(String name, String command, String[] options, List<String> inputs, String... settings)
      throws Exception {
    File output = new File(work, name);
    List<String> args = new ArrayList<>(Arrays.asList(command, "-D", MRJobConfig.NUM_REDUCES + "=3"));
    for (String setting : settings) {
      args.add("-D");
      args.add(setting);
    }
    args.addAll(Arrays.asList(options));
    args.addAll(inputs);
    args.add(output.getAbsolutePath());
    LocalRunner.Run run = LocalRunner.run(args.toArray(new String[0]));
    assertEquals(0, run.exit, run.err);
    return output;
  }

  @ParameterizedTest
  @MethodSource("jobs")
  void everyJobGivesTheSameOutputWithTheCollectorOn(String command, String[] options) throws Exception {
    String name = command + String.join("", options).replace("-", "_");
    File off;
    File on;
    try (LogCapture log = LogCapture.of(RadixMapOutputCollector.class)) {
      off = run(name + "-off", command, options, allFixtures(), OFF);
      assertEquals("", log.text(), "off: Hadoop's collector, ours never asked");
      on = run(name + "-on", command, options, allFixtures(), ON, SMALL_BUFFER);
      assertTrue(log.text().contains(command.equals("approx-unique-users")
          ? "collected by Hadoop's MapOutputBuffer: map output keys are org.apache.hadoop.io.NullWritable"
          : "collected by the radix-sorting collector"), log.text());
    }
    FileSystem local = FileSystem.getLocal(new Configuration());
    Map<String, byte[]> expected = JobOutput.dataFiles(local, new Path(off.toURI()));
    Map<String, byte[]> actual = JobOutput.dataFiles(local, new Path(on.toURI()));
    assertFalse(expected.isEmpty());
    assertEquals(expected.keySet(), actual.keySet());
    for (String file : expected.keySet()) {
      assertArrayEquals(expected.get(file), actual.get(file), file);
    }
    String offSummary = figures(off);
    assertEquals(offSummary, figures(on));
  }

  /** The summary without its timing and the paths of its outputs. */
  private static String figures(File output) throws Exception {
    String json = new String(Files.readAllBytes(new File(output, "_summary.json").toPath()), "UTF-8");
    return json.replaceAll("\"seconds\":[0-9.]+", "").replaceAll("\"(output|result)\":\"[^\"]*\"", "");
  }

  static String[] validFixtures() {
    return Fixtures.VALID;
  }

  @ParameterizedTest
  @MethodSource("validFixtures")
  void uniqueUsersWithTheCollectorGivesEachFixturesFigures(String fixture) throws Exception {
    File output;
    try (LogCapture log = LogCapture.of(RadixMapOutputCollector.class)) {
      output = run("unique-" + fixture, "unique-users", new String[0],
          Arrays.asList(Fixtures.file(fixture + ".7z").getAbsolutePath()), ON, SMALL_BUFFER);
      assertTrue(log.text().contains("collected by the radix-sorting collector"), log.text());
    }
    assertEquals(Fixtures.expected(fixture), LocalRunner.outputFigures(output));
    assertEquals(Fixtures.expected(fixture).distinct, LocalRunner.summaryField(output, "distinct_users"));
  }

  @Test
  void theIndexJobWritesTheSameIndexThroughTheCollector() throws Exception {
    byte[][] indexes = new byte[2][];
    String[][] settings = {{}, {MRJobConfig.MAP_OUTPUT_COLLECTOR_CLASS_ATTR + "=" + RadixMapOutputCollector.class.getName()}};
    for (int i = 0; i < 2; i++) {
      File input = new File(work, "index-" + i);
      assertTrue(input.mkdirs());
      File archive = new File(input, "lzma2-dict-resets.7z");
      Files.copy(Fixtures.file(archive.getName()).toPath(), archive.toPath());
      // the index records the archive's length and modification time: the same for both copies
      assertTrue(archive.setLastModified(Fixtures.file(archive.getName()).lastModified()));
      List<String> args = new ArrayList<>(Arrays.asList("index"));
      for (String setting : settings[i]) {
        args.add("-D");
        args.add(setting);
      }
      args.add(input.getAbsolutePath());
      LocalRunner.Run run;
      try (LogCapture log = LogCapture.of(RadixMapOutputCollector.class)) {
        run = LocalRunner.run(args.toArray(new String[0]));
        assertEquals(i == 1, log.text().contains("collected by the radix-sorting collector"), log.text());
      }
      assertEquals(0, run.exit, run.err);
      assertTrue(run.out.contains("\"indexes_written\":1"), run.out);
      indexes[i] = Files.readAllBytes(new File(archive.getPath() + ".idx").toPath());
    }
    assertArrayEquals(indexes[0], indexes[1]);
  }
}
