package io.logcount.jobs.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.logcount.jobs.common.ExitCodes;
import io.logcount.testing.Fixtures;
import io.logcount.testing.JobOutput;
import io.logcount.testing.Lines;
import io.logcount.testing.LocalRunner;
import io.logcount.testing.LocalRunnerExtension;

/**
 * {@code logcount stream} on Hadoop's local runner, as {@code scripts/logcount stream} runs it:
 * the classic Python pair of scripts/streaming (mapper prints {@code user<TAB>1}, reducer sums in
 * a dict), unchanged, over every valid 7z fixture, must give byte for byte the lines
 * {@code unique-users} gives (both sorted); a mapper that fails must fail the job with what it
 * wrote to stderr in the command's message.
 */
@ExtendWith(LocalRunnerExtension.class)
class StreamCommandIT {

  @TempDir
  static File work;

  private static final File PY = new File(System.getProperty("basedir", "."), "scripts/streaming");

  private static List<String> allValidFixtures() {
    List<String> paths = new ArrayList<>();
    for (String name : Fixtures.VALID) {
      paths.add(Fixtures.file(name + ".7z").getAbsolutePath());
    }
    return paths;
  }

  /** Every line of the files of {@code output} whose names start with {@code prefix}, each with its '\n', byte-sorted. */
  private static List<byte[]> sortedLines(File output, String prefix) throws IOException {
    FileSystem fs = FileSystem.getLocal(new Configuration());
    List<byte[]> lines = new ArrayList<>();
    for (Path part : JobOutput.partFiles(fs, new Path(output.toURI()), prefix)) {
      for (byte[] line : Lines.split(JobOutput.read(fs, part))) {
        lines.add(Lines.concat(line, new byte[] {'\n'}));
      }
    }
    lines.sort(Arrays::compareUnsigned);
    return lines;
  }

  @Test
  void pythonPairGivesExactlyTheUniqueUsersOutput() throws Exception {
    List<String> inputs = allValidFixtures();
    File streamed = new File(work, "streamed");
    List<String> args = new ArrayList<>(Arrays.asList("stream", "-D", "mapreduce.job.reduces=2",
        "-mapper", new File(PY, "mapper.py").getAbsolutePath(),
        "-reducer", new File(PY, "reducer.py").getAbsolutePath()));
    args.addAll(inputs);
    args.add(streamed.getAbsolutePath());
    LocalRunner.Run run = LocalRunner.run(args.toArray(new String[0]));
    assertEquals(ExitCodes.OK, run.exit, run.err);

    File counted = new File(work, "counted");
    List<String> uniqueUsers = new ArrayList<>(Arrays.asList("unique-users"));
    uniqueUsers.addAll(inputs);
    uniqueUsers.add(counted.getAbsolutePath());
    assertEquals(ExitCodes.OK, LocalRunner.run(uniqueUsers.toArray(new String[0])).exit);

    List<byte[]> fromStreaming = sortedLines(streamed, "part-");
    List<byte[]> fromUniqueUsers = sortedLines(counted, "part-r-");
    assertEquals(2, JobOutput.partFiles(FileSystem.getLocal(new Configuration()), new Path(streamed.toURI()),
        "part-").size(), "-D passed through: two reducers");
    assertEquals(fromUniqueUsers.size(), fromStreaming.size(), "distinct users");
    for (int i = 0; i < fromStreaming.size(); i++) {
      assertArrayEquals(fromUniqueUsers.get(i), fromStreaming.get(i), "line " + i + ": "
          + new String(fromStreaming.get(i), StandardCharsets.ISO_8859_1));
    }
    // And with the fixtures' own figures (computed from the text before archiving): every event once.
    long events = 0;
    for (byte[] line : fromStreaming) {
      String s = new String(line, StandardCharsets.ISO_8859_1).trim();
      events += Long.parseLong(s.substring(s.lastIndexOf('\t') + 1));
    }
    long expected = 0;
    for (String name : Fixtures.VALID) {
      expected += Fixtures.expected(name).records;
    }
    assertEquals(expected, events, "events counted by the Python pair");
  }

  @Test
  void failingMapperFailsTheJobWithItsStderrInTheMessage() throws Exception {
    File script = new File(work, "failing_mapper.py");
    Files.write(script.toPath(), ("#!/usr/bin/env python3\n"
        + "import sys\n"
        + "for line in sys.stdin.buffer:\n"
        + "    pass\n"
        + "sys.stderr.write('mapper says: cannot parse boom-42\\n')\n"
        + "sys.exit(3)\n").getBytes(StandardCharsets.UTF_8));
    assertTrue(script.setExecutable(true));
    File output = new File(work, "failed");
    LocalRunner.Run run = LocalRunner.run("stream", "-mapper", script.getAbsolutePath(), "-reducer",
        new File(PY, "reducer.py").getAbsolutePath(), Fixtures.file("nonsolid.7z").getAbsolutePath(),
        output.getAbsolutePath());
    assertEquals(ExitCodes.FAILED, run.exit);
    String message = null;
    for (String line : run.err.split("\n")) {
      if (line.startsWith("logcount stream: job ")) {
        message = line;
      }
    }
    assertTrue(message != null && message.contains("failed") && message.contains("cannot parse boom-42"),
        "the driver's message names the mapper's stderr: " + message);
    assertFalse(output.exists(), "the incomplete output is removed");
  }

  @Test
  void encryptedArchiveWithPasswordFile() throws Exception {
    File password = new File(work, "password");
    Files.write(password.toPath(), "logcount-test\n".getBytes(StandardCharsets.UTF_8));
    File output = new File(work, "encrypted");
    LocalRunner.Run run = LocalRunner.run("stream", "-D", "mapreduce.job.reduces=1",
        "--password-file", password.getAbsolutePath(),
        "-mapper", new File(PY, "mapper.py").getAbsolutePath(), "-reducer", new File(PY, "reducer.py").getAbsolutePath(),
        Fixtures.file("encrypted.7z").getAbsolutePath(), output.getAbsolutePath());
    assertEquals(ExitCodes.OK, run.exit, run.err);
    List<byte[]> lines = sortedLines(output, "part-");
    assertEquals(Fixtures.expected("encrypted").distinct, lines.size());
    assertEquals(Fixtures.expected("encrypted").md5, io.logcount.testing.Figures.md5OfSorted(lines));
  }

  @Test
  void streamingOptionsThisCommandSetsAreRefused() throws Exception {
    LocalRunner.Run run = LocalRunner.run("stream", "-mapper", "cat", "-inputformat", "TextInputFormat",
        Fixtures.file("nonsolid.7z").getAbsolutePath(), new File(work, "never").getAbsolutePath());
    assertEquals(ExitCodes.USAGE, run.exit);
    assertTrue(run.err.contains("-inputformat is set by this command"), run.err);
    run = LocalRunner.run("stream", "-mapper", "cat", "-files", "x.py",
        Fixtures.file("nonsolid.7z").getAbsolutePath(), new File(work, "never").getAbsolutePath());
    assertEquals(ExitCodes.USAGE, run.exit);
    assertTrue(run.err.contains("must come right after the command"), run.err);
    run = LocalRunner.run("stream", "-mapper", "cat", "-noSuchStreamingOption", "x",
        Fixtures.file("nonsolid.7z").getAbsolutePath(), new File(work, "never").getAbsolutePath());
    assertEquals(ExitCodes.USAGE, run.exit, "Streaming's own refusal is bad usage too");
    assertFalse(new File(work, "never").exists());
  }
}
