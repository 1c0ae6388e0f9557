package io.logcount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
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
 * A smoke run of {@code scripts/bench} on a 1 MB dataset (about 15 s): the dataset and both
 * archives are made, the commands run, the answers agree, and the table and JSON come out.
 * After packaging (Failsafe), since the script runs the built job jar.
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
  void tinyRunMakesTheArchivesChecksTheAnswersAndWritesTheTable() throws Exception {
    assumeTrue(onPath("7zz"), "7zz is not installed (apt-get install -y 7zip): smoke run skipped");
    Path json = tmp.resolve("bench.json");
    ProcessBuilder pb = new ProcessBuilder(Arrays.asList("bash", BASEDIR.resolve("scripts/bench").toString(),
        "--size-mb", "1", "--reps", "1", "--only", "7zz-mmt1,pipeline,unique-users",
        "--json", json.toString()));
    pb.environment().put("LOGCOUNT_BENCH_DIR", tmp.resolve("bench").toString());
    pb.redirectErrorStream(true);
    pb.redirectOutput(tmp.resolve("out.txt").toFile());
    Process process = pb.start();
    assertTrue(process.waitFor(5, TimeUnit.MINUTES), "scripts/bench finished");
    String out = new String(Files.readAllBytes(tmp.resolve("out.txt")), StandardCharsets.UTF_8);
    assertEquals(0, process.exitValue(), out);
    assertTrue(out.contains("| logcount unique-users (all cores) |"), out);
    assertTrue(out.contains("machine: "), out);

    JsonNode result = new ObjectMapper().readTree(json.toFile());
    assertEquals(0, result.get("problems").size(), result.toString());
    for (String archive : new String[] {"a", "b"}) {
      JsonNode commands = result.get("archives").get(archive).get("commands");
      String pipeline = commands.get("pipeline").get("answer").asText();
      assertEquals(pipeline, commands.get("unique-users").get("answer").asText(), archive);
      assertTrue(Long.parseLong(pipeline) > 1000, "distinct users of 1 MB of events: " + pipeline);
      assertTrue(commands.get("7zz-mmt1").get("seconds_median").asDouble() > 0);
    }
    assertEquals("4", result.get("archives").get("a").get("blocks").asText());
    assertEquals("1", result.get("archives").get("b").get("blocks").asText());
  }
}
