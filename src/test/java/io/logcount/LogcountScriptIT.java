package io.logcount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.logcount.jobs.common.ExitCodes;
import io.logcount.testing.Fixtures;

/**
 * {@code scripts/logcount}'s class data sharing: the first run of a command lists its classes
 * and leaves a static archive, later runs map it, and every run answers the same and keeps the
 * command's exit code. After packaging (Failsafe): the script runs the built job jar.
 */
class LogcountScriptIT {

  private static final Path BASEDIR = Paths.get(System.getProperty("basedir", ".")).toAbsolutePath();

  @TempDir
  Path tmp;

  /** Exit code and stdout of {@code scripts/logcount ARGS} with LOGCOUNT_TMPDIR in tmp. */
  private String[] logcount(String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add("bash");
    command.add(BASEDIR.resolve("scripts/logcount").toString());
    command.addAll(Arrays.asList(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("LOGCOUNT_TMPDIR", tmp.resolve("runner").toString());
    pb.environment().remove("LOGCOUNT_CDS");
    pb.redirectError(tmp.resolve("stderr.txt").toFile());
    pb.redirectOutput(tmp.resolve("stdout.txt").toFile());
    Process process = pb.start();
    assertTrue(process.waitFor(2, TimeUnit.MINUTES), "scripts/logcount finished");
    String out = new String(Files.readAllBytes(tmp.resolve("stdout.txt")), StandardCharsets.UTF_8);
    return new String[] {String.valueOf(process.exitValue()), out};
  }

  private List<Path> archives() throws IOException {
    Path cds = tmp.resolve("runner/cds");
    if (!Files.isDirectory(cds)) {
      return new ArrayList<>();
    }
    try (Stream<Path> files = Files.list(cds)) {
      return files.collect(Collectors.toList());
    }
  }

  /** The "lines" figure of a decode summary. */
  private static String lines(String json) {
    int at = json.indexOf("\"lines\":");
    assertTrue(at >= 0, json);
    int end = json.indexOf(',', at);
    return json.substring(at + 8, end);
  }

  @Test
  void firstRunLeavesAStaticArchiveAndLaterRunsAnswerTheSame() throws Exception {
    File archive = Fixtures.file("nonsolid.7z");
    String[] first = logcount("decode", archive.getAbsolutePath());
    assertEquals("0", first[0], first[1]);
    List<Path> made = archives();
    assertEquals(1, made.size(), "one archive, no leftovers: " + made);
    assertTrue(made.get(0).getFileName().toString().matches("decode-[0-9]+\\.static\\.jsa"), made.toString());
    assertTrue(Files.size(made.get(0)) > 1_000_000, "it holds the classes");

    String[] second = logcount("decode", archive.getAbsolutePath());
    assertEquals("0", second[0], second[1]);
    assertEquals(lines(first[1]), lines(second[1]));
    assertEquals(made, archives(), "the archive is reused, not remade");
  }

  @Test
  void aFirstRunKeepsTheCommandsExitCode() throws Exception {
    String[] bad = logcount("decode", "--no-such-option");
    assertEquals(String.valueOf(ExitCodes.USAGE), bad[0]);
    // Another command: a first run too (archives are per command).
    String[] missing =
        logcount("unique-users", tmp.resolve("absent.7z").toString(), tmp.resolve("out").toString());
    assertEquals(String.valueOf(ExitCodes.FAILED), missing[0]);
    assertEquals(2, archives().size(), "both first runs made their archive: " + archives());
  }
}
