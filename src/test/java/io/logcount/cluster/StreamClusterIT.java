package io.logcount.cluster;

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
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.apache.hadoop.mapreduce.MRJobConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.logcount.LogCount;
import io.logcount.jobs.common.ExitCodes;
import io.logcount.testing.CommonsCompressReader;
import io.logcount.testing.Figures;
import io.logcount.testing.Fixtures;
import io.logcount.testing.JobOutput;
import io.logcount.testing.Lines;

/**
 * {@code logcount stream} on a real in-process cluster ({@link MiniCluster}), submitted with the
 * built job jar as {@code hadoop jar} submits it, the Python scripts shipped with
 * {@code -files}, and hadoop-streaming <em>removed</em> from the containers' classpath: the
 * command must ship it (and our jar) itself. Two small jobs: the classic Python pair against an
 * independent read of the archives, and a failing mapper whose stderr must reach the command's
 * message through the task diagnostics.
 */
class StreamClusterIT {

  private static final String[] FIXTURES = {"small-blocks", "messy", "bzip2"};
  private static final File PY = new File(System.getProperty("basedir", "."), "scripts/streaming");

  private static MiniCluster cluster;
  private static DistributedFileSystem fs;
  private static File work;
  private static final List<File> archives = new ArrayList<>();

  @BeforeAll
  static void startCluster() throws IOException {
    work = new File("target/it-work/" + StreamClusterIT.class.getSimpleName()).getAbsoluteFile();
    FileUtil.fullyDelete(work);
    assertTrue(work.mkdirs(), "cannot create " + work);
    cluster = MiniCluster.start(StreamClusterIT.class.getSimpleName());
    fs = cluster.fs();
    for (String name : FIXTURES) {
      File archive = Fixtures.file(name + ".7z");
      cluster.upload(archive, new Path("/in/" + archive.getName()), 128 * 1024);
      archives.add(archive);
    }
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** The cluster's job configuration, with no hadoop-streaming jar on the containers' classpath. */
  private static Configuration withoutStreamingOnTheCluster() {
    Configuration conf = cluster.jobConf();
    List<String> kept = new ArrayList<>();
    for (String entry : conf.get(MRJobConfig.MAPREDUCE_APPLICATION_CLASSPATH).split(",")) {
      if (!new File(entry).getName().startsWith("hadoop-streaming")) {
        kept.add(entry);
      }
    }
    conf.set(MRJobConfig.MAPREDUCE_APPLICATION_CLASSPATH, String.join(",", kept));
    return conf;
  }

  /** Runs {@code logcount ARGS...} on the cluster; returns the exit code, {@code err} gets its stderr. */
  private static int run(Configuration conf, StringBuilder err, String... args) throws Exception {
    PrintStream old = System.err;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      System.setErr(new PrintStream(bytes, true, "UTF-8"));
      return LogCount.run(conf, args);
    } finally {
      System.setErr(old);
      err.append(bytes.toString("UTF-8"));
      old.print(err);
    }
  }

  @Test
  void pythonPairShippedWithFilesCountsEveryUser() throws Exception {
    Path output = new Path("/out/streamed");
    StringBuilder err = new StringBuilder();
    int exit = run(withoutStreamingOnTheCluster(), err, "stream",
        "-files", new File(PY, "mapper.py").getAbsolutePath() + "," + new File(PY, "reducer.py").getAbsolutePath(),
        "-D", MRJobConfig.NUM_REDUCES + "=2",
        "-mapper", "mapper.py", "-reducer", "reducer.py", "/in", output.toString());
    assertEquals(ExitCodes.OK, exit, err.toString());

    Figures expected = CommonsCompressReader.figures(archives);
    List<byte[]> lines = new ArrayList<>();
    long events = 0;
    for (Path part : JobOutput.partFiles(fs, output, "part-")) {
      for (byte[] line : Lines.split(JobOutput.read(fs, part))) {
        lines.add(Lines.concat(line, new byte[] {'\n'}));
        String s = new String(line, StandardCharsets.ISO_8859_1);
        events += Long.parseLong(s.substring(s.lastIndexOf('\t') + 1));
      }
    }
    assertEquals(2, JobOutput.partFiles(fs, output, "part-").size());
    assertEquals(expected, new Figures(lines.size(), events, expected.malformed, Figures.md5OfSorted(lines)),
        "the Python pair's per-user counts, sorted, are unique-users' figures");
  }

  @Test
  void failingMapperNamesItsStderrThroughTheTaskDiagnostics() throws Exception {
    File script = new File(work, "failing_mapper.py");
    Files.write(script.toPath(), ("#!/usr/bin/env python3\n"
        + "import sys\n"
        + "for line in sys.stdin.buffer:\n"
        + "    pass\n"
        + "sys.stderr.write('mapper on yarn says: boom-77\\n')\n"
        + "sys.exit(5)\n").getBytes(StandardCharsets.UTF_8));
    Path output = new Path("/out/failed");
    StringBuilder err = new StringBuilder();
    int exit = run(withoutStreamingOnTheCluster(), err, "stream", "-files", script.getAbsolutePath(),
        "-D", "mapreduce.map.maxattempts=1", "-mapper", "failing_mapper.py", "-reducer", "NONE",
        "/in/" + Fixtures.file("messy.7z").getName(), output.toString());
    assertEquals(ExitCodes.FAILED, exit);
    String message = "";
    for (String line : err.toString().split("\n")) {
      if (line.contains("mapper on yarn says: boom-77") && line.contains("attempt_")) {
        message = line;
      }
    }
    assertTrue(message.contains("subprocess failed with code 5"), "a failed attempt's line names the exit code"
        + " and the mapper's stderr: " + err);
    assertFalse(fs.exists(output), "the incomplete output is removed");
  }
}
