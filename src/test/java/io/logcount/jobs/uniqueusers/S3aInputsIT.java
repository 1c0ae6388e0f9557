package io.logcount.jobs.uniqueusers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.logcount.formats.LogInputFormat;
import io.logcount.input.LineOrigin;
import io.logcount.jobs.common.CountingReporter;
import io.logcount.testing.Figures;
import io.logcount.testing.Fixtures;
import io.logcount.testing.LocalRunner;
import io.logcount.testing.LocalRunnerExtension;
import io.logcount.testing.S3ProxyServer;
import io.logcount.testing.S3aRequests;
import io.logcount.testing.StreamFixtures;

/**
 * Inputs on an object store: {@code unique-users} over {@code s3a://} paths, served by a real S3
 * server (S3Proxy, started by the test on loopback) through S3A (hadoop-aws, Hadoop's S3
 * connector), reports exactly the figures of the same files read from the local disk, for every
 * format whose planning or reading seeks: 7z (several folders; one LZMA2 folder cut into pieces
 * at its dictionary resets by an index that {@code logcount index} wrote on S3), multi-block xz
 * (its index at the end), zstd (the one frame the {@code zstd} command writes, and pzstd's
 * frames), and a directory of small gzip files (combined splits).
 *
 * <p>It also counts the GET requests that planning and each split send (S3A's statistics), under
 * S3A's default read policy and under the {@code sequential} one docs/cluster.md recommends (the
 * same files in two buckets, the second with that per-bucket setting), prints them as a table
 * ({@code target/failsafe-reports/*S3aInputsIT-output.txt}) and holds them under bounds: a
 * one-frame zstd file is planned from its frame header (no walk of its blocks), a zstd split that
 * runs to the end of the file is one GET, a directory of small files costs one GET per file to
 * plan and to read, and under the recommended policy a 7z or xz split is a few GETs, not one per
 * 64 KiB.
 */
@ExtendWith(LocalRunnerExtension.class)
class S3aInputsIT {

  /** S3A's defaults. */
  private static final String DEFAULT_BUCKET = "logs-default";
  /** {@code fs.s3a.experimental.input.fadvise=sequential}, as a per-bucket setting. */
  private static final String SEQUENTIAL_BUCKET = "logs-sequential";
  /** 1 MiB: the indexed 7z folder makes 7 pieces, xz and pzstd several splits each. */
  private static final long SPLIT_SIZE = 1 << 20;
  /** Input directories, one format each: planning is counted per directory. */
  private static final String[] DIRS = {"7z", "xz", "zst", "pzstd", "gz"};
  /** Small gzip files: planning reads the first bytes of each, one GET apiece. */
  private static final int SMALL_FILES = 200;

  @TempDir
  static File work;
  static S3ProxyServer server;
  static Configuration conf;
  static File local;
  /** Records each directory holds, from the texts and the fixtures' JSON (independent of the code). */
  static final Map<String, Long> RECORDS = new LinkedHashMap<>();

  @BeforeAll
  static void setUp() throws Exception {
    StreamFixtures.assumeTools("xz", "zstd", "pzstd", "gzip");
    local = new File(work, "in");
    makeInputs(local);

    server = S3ProxyServer.start(new File("target/s3proxy").getAbsoluteFile());
    conf = LocalRunner.localConf();
    server.configureS3a(conf);
    conf.set("fs.s3a.bucket." + SEQUENTIAL_BUCKET + ".experimental.input.fadvise", "sequential");
    List<String> archives = new ArrayList<>();
    archives.add(new File(local, "7z/lzma2-dict-resets.7z").getAbsolutePath());
    for (String bucket : new String[] {DEFAULT_BUCKET, SEQUENTIAL_BUCKET}) {
      server.createBucket(bucket);
      // Through S3A's output stream (one PUT per file): its copyFromLocalFile sends the upload
      // in a form S3Proxy 2.6 refuses (XAmzContentSHA256Mismatch).
      assertTrue(FileUtil.copy(local, fs(bucket), input(bucket), false, conf));
      archives.add(input(bucket) + "/7z/lzma2-dict-resets.7z");
    }
    // The index of the LZMA2 folder, beside each copy: it names the archive's length and
    // modification time, which differ from place to place.
    List<String> args = new ArrayList<>();
    args.add("index");
    args.addAll(archives);
    LocalRunner.Run index = LocalRunner.run(conf, args.toArray(new String[0]));
    assertEquals(0, index.exit, index.err);
    assertTrue(index.out.contains("\"indexes_written\":3"), index.out);
  }

  /** One directory per format under {@code in}, and the records each holds. */
  private static void makeInputs(File in) throws Exception {
    File sevenZ = new File(in, "7z");
    assertTrue(sevenZ.mkdirs());
    for (String fixture : new String[] {"small-blocks", "lzma2-dict-resets"}) {
      Files.copy(Fixtures.file(fixture + ".7z").toPath(), new File(sevenZ, fixture + ".7z").toPath());
    }
    RECORDS.put("7z", Fixtures.expected("small-blocks").records + Fixtures.expected("lzma2-dict-resets").records);

    byte[] text = StreamFixtures.text(41, 3 << 20);
    File events = StreamFixtures.write(work, "events.tsv", text);
    long textRecords = StreamFixtures.figures(text).records;
    String[][] streams = {
        {"xz", "xz -T2 --block-size=256KiB -c IN > OUT/events.xz"},
        {"zst", "zstd -q -c IN > OUT/events.zst"},
        {"pzstd", "pzstd -q -1 -p 2 -c IN > OUT/events.zst"}};
    for (String[] s : streams) {
      File dir = new File(in, s[0]);
      assertTrue(dir.mkdirs());
      StreamFixtures.sh(work, s[1].replace("IN", "'" + events.getAbsolutePath() + "'")
          .replace("OUT", "'" + dir.getAbsolutePath() + "'"));
      RECORDS.put(s[0], textRecords);
    }

    File gz = new File(in, "gz");
    assertTrue(gz.mkdirs());
    List<byte[]> parts = MixedFormatsIT.cutAtLines(Arrays.copyOf(text, 1 << 20), SMALL_FILES);
    for (int i = 0; i < parts.size(); i++) {
      StreamFixtures.write(gz, String.format("h%04d.tsv", i), parts.get(i));
    }
    StreamFixtures.sh(gz, "gzip -q *.tsv");
    RECORDS.put("gz", StreamFixtures.figures(parts.toArray(new byte[0][])).records);
  }

  @AfterAll
  static void tearDown() {
    if (server != null) {
      server.close();
    }
  }

  private static Path input(String bucket) {
    return new Path("s3a://" + bucket + "/in");
  }

  /** The (cached) S3A file system of {@code bucket}: the one planning and the readers use too. */
  private static FileSystem fs(String bucket) throws Exception {
    return input(bucket).getFileSystem(conf);
  }

  @Test
  void uniqueUsersOverS3aReportsTheFiguresOfTheLocalFiles() throws Exception {
    File fromS3 = new File(work, "out-s3a");
    File fromDisk = new File(work, "out-local");
    for (String[] run : new String[][] {{input(SEQUENTIAL_BUCKET).toString(), fromS3.getAbsolutePath()},
        {local.getAbsolutePath(), fromDisk.getAbsolutePath()}}) {
      LocalRunner.Run r = LocalRunner.run(conf, "unique-users", "-D",
          "mapreduce.input.fileinputformat.split.maxsize=" + SPLIT_SIZE, run[0], run[1]);
      assertEquals(0, r.exit, r.err);
    }
    Figures disk = LocalRunner.outputFigures(fromDisk);
    assertEquals(disk, LocalRunner.outputFigures(fromS3));
    long records = 0;
    for (long r : RECORDS.values()) {
      records += r;
    }
    assertEquals(records, disk.records, "the local run counts every record");
    // Not input_bytes: the packed bytes the readers consumed, read-ahead past a split's end
    // included, depend on how many bytes each read returns (S3A's sequential policy returns other
    // chunks than the local file system: 1% more for the 7z pieces here).
    for (String figure : new String[] {"distinct_users", "records", "malformed", "blank_lines", "splits",
        "folders", "entries", "files", "uncompressed_bytes"}) {
      assertEquals(LocalRunner.summaryField(fromDisk, figure), LocalRunner.summaryField(fromS3, figure), figure);
    }
    // The indexed folder's 7 pieces, small-blocks' 3 folders, several xz and pzstd splits.
    assertTrue(LocalRunner.summaryField(fromS3, "splits") >= 15, "splits");
  }

  @ParameterizedTest
  @ValueSource(strings = {DEFAULT_BUCKET, SEQUENTIAL_BUCKET})
  void planningAndEachSplitSendFewGets(String bucket) throws Exception {
    FileSystem s3 = fs(bucket);
    StringBuilder table = new StringBuilder(bucket + ": GET requests, split size " + SPLIT_SIZE + "\n");
    Map<String, Long> planningGets = new LinkedHashMap<>();
    Map<String, List<Long>> splitGets = new LinkedHashMap<>();
    for (String dir : DIRS) {
      Job job = Job.getInstance(conf);
      FileInputFormat.addInputPath(job, new Path(input(bucket), dir));
      FileInputFormat.setMaxInputSplitSize(job, SPLIT_SIZE);
      FileInputFormat.setMinInputSplitSize(job, 1);
      S3aRequests before = S3aRequests.of(s3);
      long started = System.nanoTime();
      List<InputSplit> splits = new LogInputFormat().getSplits(job);
      S3aRequests planning = S3aRequests.of(s3).minus(before);
      List<byte[]> lines = new ArrayList<>();
      List<Long> gets = new ArrayList<>();
      for (InputSplit split : splits) {
        before = S3aRequests.of(s3);
        read(split, lines);
        gets.add(S3aRequests.of(s3).minus(before).gets);
      }
      assertEquals(RECORDS.get(dir).longValue(), Figures.ofLines(lines).records, bucket + " " + dir + ": records");
      planningGets.put(dir, planning.gets);
      splitGets.put(dir, gets);
      table.append(String.format("  %-6s planning %s, %d ms; %d splits, GETs each: %s%n", dir, planning,
          (System.nanoTime() - started) / 1_000_000, splits.size(), gets));
    }
    System.out.println(table);

    // zstd: the one frame's header says it holds the file; its 25 blocks are not walked.
    assertTrue(planningGets.get("zst") <= 2, "one-frame zstd: magic bytes and frame header: " + table);
    assertEquals(Arrays.asList(1L), splitGets.get("zst"), "one-frame zstd: one split, one GET");
    List<Long> pzstd = splitGets.get("pzstd");
    assertEquals(1L, pzstd.get(pzstd.size() - 1), "a zstd split to the end of the file is one stream: " + table);
    // Small files: one GET each to plan (magic bytes), one each to read.
    assertEquals(SMALL_FILES, planningGets.get("gz").longValue(), table.toString());
    assertEquals(Arrays.asList((long) SMALL_FILES), splitGets.get("gz"), "one combined split: " + table);
    if (bucket.equals(SEQUENTIAL_BUCKET)) {
      // Header or index reads, then one GET streaming the split's packed bytes.
      for (long gets : splitGets.get("7z")) {
        assertTrue(gets <= 4, "7z split under the sequential policy: " + table);
      }
      for (long gets : splitGets.get("xz")) {
        assertTrue(gets <= 5, "xz split under the sequential policy: " + table);
      }
    }
  }

  /** Reads every line of {@code split} into {@code lines}, as a map task's reader does. */
  private static void read(InputSplit split, List<byte[]> lines) throws Exception {
    TaskAttemptContext context = new TaskAttemptContextImpl(conf, new TaskAttemptID(), new CountingReporter());
    try (RecordReader<LineOrigin, Text> reader = new LogInputFormat().createRecordReader(split, context)) {
      reader.initialize(split, context);
      while (reader.nextKeyValue()) {
        Text line = reader.getCurrentValue();
        lines.add(Arrays.copyOf(line.getBytes(), line.getLength()));
      }
    }
  }
}
