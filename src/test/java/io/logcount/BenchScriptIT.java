package io.logcount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A smoke run of {@code scripts/bench/run} on two 1 MB datasets (few and many events per user), archive
 * (b) of each: the datasets and archives are made, the commands run, the answers agree, and the
 * table and JSON come out with wall and CPU seconds and the targets of issues 10 and 9 (1-3 min
 * on an idle 2-core machine; a busy one takes several times that). After packaging (Failsafe),
 * since the script runs the built job jar.
 */
class BenchScriptIT {

  private static final Path BASEDIR = Paths.get(System.getProperty("basedir", ".")).toAbsolutePath();

  @TempDir
  Path tmp;

  private static boolean onPath(String tool) {
    for (String dir : System.getenv("PATH").split(File.pathSeparator)) {
      if (new File(dir, tool).canExecute()) {
        return true;
      }
    }
    return false;
  }

  @Test
  void tinyRunMakesBothDatasetsChecksTheAnswersAndWritesTheTable() throws Exception {
    assumeTrue(onPath("7zz"), "7zz is not installed (apt-get install -y 7zip): smoke run skipped");
    Path json = tmp.resolve("bench.json");
    ProcessBuilder pb = new ProcessBuilder(Arrays.asList("bash", BASEDIR.resolve("scripts/bench/run").toString(),
        "--size-mb", "1", "--reps", "1", "--archives", "b",
        "--only", "7zz-mmt2,pipeline,unique-users,distinct-by-day,top-users,count-by-site,decode-raw-1core",
        "--json", json.toString()));
    pb.environment().put("LOGCOUNT_BENCH_DIR", tmp.resolve("bench").toString());
    pb.redirectErrorStream(true);
    pb.redirectOutput(tmp.resolve("out.txt").toFile());
    Process process = pb.start();
    if (!process.waitFor(20, TimeUnit.MINUTES)) {
      process.descendants().forEach(ProcessHandle::destroy);
      process.destroy();
      fail("scripts/bench/run did not finish in 20 minutes:\n"
          + new String(Files.readAllBytes(tmp.resolve("out.txt")), StandardCharsets.UTF_8));
    }
    String out = new String(Files.readAllBytes(tmp.resolve("out.txt")), StandardCharsets.UTF_8);
    assertEquals(0, process.exitValue(), out);
    assertTrue(out.contains("| logcount unique-users (all cores) |"), out);
    assertTrue(out.contains("| command | wall s (median) | CPU s (median) |"), out);
    assertTrue(out.contains("CPU unique-users / CPU decode --raw <= 1.5"), out);
    assertTrue(out.contains("machine: "), out);

    JsonNode result = new ObjectMapper().readTree(json.toFile());
    assertEquals(0, result.get("problems").size(), result.toString());
    String[][] runs = {{"few", "b"}, {"many", "b"}};
    for (String[] run : runs) {
      JsonNode dataset = result.get("datasets").get(run[0]);
      JsonNode commands = dataset.get("archives").get(run[1]).get("commands");
      String where = run[0] + " (" + run[1] + ")";
      long distinct = commands.get("pipeline").get("answer").get("distinct").asLong();
      long records = commands.get("unique-users").get("answer").get("records").asLong();
      assertEquals(distinct, commands.get("unique-users").get("answer").get("distinct_users").asLong(), where);
      assertEquals(distinct, commands.get("top-users").get("answer").get("distinct_users").asLong(), where);
      assertEquals(dataset.get("lines").asLong(), records, where);
      for (String job : new String[] {"distinct-by-day", "top-users", "count-by-site"}) {
        assertEquals(records, commands.get(job).get("answer").get("records").asLong(), where + " " + job);
      }
      // One day of events: one user-day pair per user.
      assertEquals(distinct, commands.get("distinct-by-day").get("answer").get("pairs").asLong(), where);
      assertEquals(dataset.get("uncompressed_bytes").asLong(),
          commands.get("decode-raw-1core").get("answer").get("uncompressed_bytes").asLong(), where);
      for (String command : new String[] {"7zz-mmt2", "pipeline", "unique-users", "decode-raw-1core"}) {
        JsonNode c = commands.get(command);
        assertTrue(c.get("seconds_median").asDouble() > 0, where + " " + command);
        // GNU time counts CPU in 10 ms ticks: 7-Zip on a 1 MB archive may well take none.
        boolean jvm = command.equals("unique-users") || command.equals("decode-raw-1core");
        double cpu = c.get("cpu_seconds_median").asDouble(-1);
        assertTrue(jvm ? cpu > 0 : cpu >= 0, where + " " + command + " CPU seconds: " + cpu);
      }
      JsonNode ratios = dataset.get("archives").get(run[1]).get("ratios");
      assertTrue(ratios.get("cpu_unique_users_over_cpu_decode_raw").asDouble() > 0, where);
      assertTrue(ratios.get("distinct_by_day_over_unique_users").asDouble() > 0, where);
    }
    long fewDistinct = result.get("datasets").get("few").get("distinct_users").asLong();
    long manyDistinct = result.get("datasets").get("many").get("distinct_users").asLong();
    assertTrue(fewDistinct > 1000, "distinct users of 1 MB of events, few per user: " + fewDistinct);
    // generate --users lines/100: nearly every possible user occurs, ~100 events each.
    double perUser = result.get("datasets").get("many").get("events_per_user").asDouble();
    assertTrue(perUser >= 80 && perUser <= 120, "events per user of 'many': " + perUser + ", " + manyDistinct + " users");
    assertTrue(out.contains(result.get("datasets").get("many").get("name").asText()), out);
    assertEquals("1", result.get("datasets").get("few").get("archives").get("b").get("blocks").asText());
    assertEquals("1", result.get("datasets").get("many").get("archives").get("b").get("blocks").asText());
  }

  /** A run's JSON as scripts/bench/run writes it, one dataset and archive, for slope.py. */
  private static String benchJson(long bytes, double uniqueCpu, double uniqueWall, double decodeCpu,
      double unzipWall, double pipelineWall) {
    return "{\"machine\": {\"cores\": \"2\", \"git\": \"x\"}, \"datasets\": {\"few\": {\"name\":"
        + " \"2 ev/user\", \"uncompressed_bytes\": " + bytes + ", \"archives\": {\"b\": {\"commands\": {"
        + command("unique-users", uniqueCpu, uniqueWall) + ", " + command("decode-raw-1core", decodeCpu, decodeCpu)
        + ", " + command("7zz-mmt2", unzipWall, unzipWall) + ", " + command("pipeline", pipelineWall, pipelineWall)
        + "}}}}}}";
  }

  private static String command(String name, double cpu, double wall) {
    return "\"" + name + "\": {\"label\": \"" + name + "\", \"cpu_seconds_median\": " + cpu
        + ", \"seconds_median\": " + wall + "}";
  }

  @Test
  void slopeIsTheCostPerGigabyteBetweenTwoSizesAndItsTargets() throws Exception {
    assumeTrue(onPath("python3"), "python3 is not installed: slope report not run");
    // unique-users: CPU 10 s at 0.3 GB, 37 s at 1.2 GB: 30 s per GB, 1 s fixed; decode --raw 20 s
    // per GB: the ratio of slopes is 1.5 (over 1.3) though the CPU ratio at 1.2 GB is 1.42.
    Path small = tmp.resolve("small.json");
    Path large = tmp.resolve("large.json");
    Path out = tmp.resolve("slope.json");
    Files.write(small, benchJson(300_000_000L, 10, 6, 8, 5, 9).getBytes(StandardCharsets.UTF_8));
    Files.write(large, benchJson(1_200_000_000L, 37, 18, 26, 19, 30).getBytes(StandardCharsets.UTF_8));
    Process process = new ProcessBuilder("python3", BASEDIR.resolve("scripts/bench/py/slope.py").toString(),
        small.toString(), large.toString(), out.toString()).redirectErrorStream(true).start();
    String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(process.waitFor(1, TimeUnit.MINUTES), text);
    assertEquals(0, process.exitValue(), text);
    JsonNode archive = new ObjectMapper().readTree(out.toFile()).get("datasets").get("few").get("b");
    JsonNode unique = archive.get("commands").get("unique-users");
    assertEquals(30.0, unique.get("cpu_per_gb").asDouble(), 1e-9);
    assertEquals(1.0, unique.get("cpu_fixed").asDouble(), 1e-9);
    assertEquals(40.0 / 3, unique.get("wall_per_gb").asDouble(), 1e-9);
    JsonNode targets = archive.get("targets");
    assertEquals(1.5, targets.get(0).get("value").asDouble(), 1e-9, text);
    assertFalse(targets.get(0).get("met").asBoolean(), text);
    assertEquals(0.947, targets.get(1).get("value").asDouble(), 1e-9, text); // 18 / 19: met
    assertTrue(targets.get(1).get("met").asBoolean(), text);
    assertEquals(1.667, targets.get(2).get("value").asDouble(), 1e-9, text); // 30 / 18: met
    assertTrue(text.contains("| unique-users | 10.00 | 37.00 | 30.00 | 1.00 |"), text);
  }
}
