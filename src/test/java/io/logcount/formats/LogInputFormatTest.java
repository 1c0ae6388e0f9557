package io.logcount.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormatCounter;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.logcount.input.InputCounter;
import io.logcount.input.LineOrigin;
import io.logcount.jobs.common.CountingReporter;
import io.logcount.testing.Figures;
import io.logcount.testing.Lines;
import io.logcount.testing.StreamFixtures;

/**
 * {@link LogInputFormat} over files made by the real tools: each format reads the text's exact
 * lines, and the split contract holds at many split sizes (records of all splits, in order ==
 * records of one reader over the whole file) for plain text, bzip2, multi-block xz and
 * multi-frame zstd, single and concatenated.
 */
class LogInputFormatTest {

  @TempDir
  static File dir;
  static byte[] text;
  static byte[] twice;

  /** Split sizes in uncompressed bytes, from a few blocks or frames per split to one split. */
  private static final long[] SPLIT_SIZES = {1, 100_000, 333_333, 1 << 20, 3 << 20};
  

  @BeforeAll
  static void makeFiles() throws IOException {
    text = StreamFixtures.text(11, 6 << 20);
    twice = Lines.concat(text, text);
    StreamFixtures.write(dir, "events.tsv", text);
  }

  static Configuration conf() {
    Configuration conf = new Configuration(false);
    conf.set("fs.defaultFS", "file:///");
    conf.set("fs.file.impl.disable.cache", "true");
    return conf;
  }

  /** {@code script} run in the fixtures directory (once per file name). */
  static File make(String name, String script, String... tools) throws IOException {
    StreamFixtures.assumeTools(tools);
    File f = new File(dir, name);
    if (!f.isFile()) {
      StreamFixtures.sh(dir, script);
    }
    assertTrue(f.isFile(), name);
    return f;
  }

  static List<InputSplit> splits(Configuration conf, long maxSplitSize, File... files) throws IOException {
    Job job = Job.getInstance(conf);
    for (File f : files) {
      FileInputFormat.addInputPath(job, new Path(f.getAbsolutePath()));
    }
    FileInputFormat.setMaxInputSplitSize(job, maxSplitSize);
    FileInputFormat.setMinInputSplitSize(job, 1);
    return new LogInputFormat().getSplits(job);
  }

  /** Every record of one split as {@code origin TAB line}; raw lines kept in {@code raw}. */
  static List<String> read(Configuration conf, InputSplit split, List<byte[]> raw, CountingReporter reporter)
      throws Exception {
    TaskAttemptContext context = new TaskAttemptContextImpl(conf, new TaskAttemptID(), reporter);
    List<String> records = new ArrayList<>();
    RecordReader<LineOrigin, Text> reader = new LogInputFormat().createRecordReader(split, context);
    try {
      reader.initialize(split, context);
      float last = 0;
      while (reader.nextKeyValue()) {
        Text v = reader.getCurrentValue();
        raw.add(Arrays.copyOf(v.getBytes(), v.getLength()));
        records.add(reader.getCurrentKey() + "\t" + v);
        float p = reader.getProgress();
        assertTrue(p >= last && p <= 1f, "progress moves forward within [0,1]: " + p);
        last = p;
      }
      assertEquals(1f, reader.getProgress());
    } finally {
      reader.close();
      reader.close(); // twice is safe
    }
    return records;
  }

  static List<String> readAll(Configuration conf, List<InputSplit> splits, List<byte[]> raw,
      CountingReporter reporter) throws Exception {
    List<String> records = new ArrayList<>();
    for (InputSplit split : splits) {
      records.addAll(read(conf, split, raw, reporter));
    }
    return records;
  }

  static File file(String format) throws IOException {
    switch (format) {
      case "plain":
        return new File(dir, "events.tsv");
      case "gz":
        return make("events.gz", "gzip -c events.tsv > events.gz", "gzip");
      case "gz-members":
        return make("members.gz", "gzip -c events.tsv > members.gz && gzip -1 -c events.tsv >> members.gz", "gzip");
      case "bz2":
        return make("events.bz2", "bzip2 -1 -c events.tsv > events.bz2", "bzip2");
      case "bz2-streams":
        return make("streams.bz2", "bzip2 -1 -c events.tsv > streams.bz2 && bzip2 -2 -c events.tsv >> streams.bz2",
            "bzip2");
      case "xz":
        return make("events.xz", "xz -T2 --block-size=200KiB -c events.tsv > events.xz", "xz");
      case "xz-streams":
        return make("streams.xz", "xz -T2 --block-size=300KiB -c events.tsv > streams.xz"
            + " && xz -1 --block-size=500KiB -c events.tsv >> streams.xz", "xz");
      case "xz-one-block":
        return make("one-block.xz", "xz -c events.tsv > one-block.xz", "xz");
      case "zst":
        return make("events.zst", "pzstd -q -1 -p 2 -c events.tsv > events.zst", "pzstd");
      case "zst-frames":
        // zstd writes each frame's content size; concatenated files are one multi-frame file.
        return make("frames.zst", "mkdir -p parts && split -b 700000 events.tsv parts/p && "
            + "for p in parts/p*; do zstd -q -c $p; done > frames.zst && rm -r parts", "zstd", "split");
      case "zst-one-frame":
        return make("one-frame.zst", "zstd -q -c events.tsv > one-frame.zst", "zstd");
      case "zst-piped-frames":
        // From a pipe zstd cannot know the size: frames of unknown content size, walked.
        return make("piped-frames.zst", "mkdir -p pparts && split -b 700000 events.tsv pparts/p && "
            + "for p in pparts/p*; do zstd -q -c < $p; done > piped-frames.zst && rm -r pparts", "zstd", "split");
      case "lz4":
        return make("events.lz4", "lz4 -q -c events.tsv > events.lz4", "lz4");
      case "lz4-streams":
        return make("streams.lz4", "lz4 -q -c events.tsv > streams.lz4 && lz4 -q -1 -c events.tsv >> streams.lz4",
            "lz4");
      case "lz4-linked":
        // 64 KiB linked blocks: about a hundred block borders, lines across them.
        return make("linked.lz4", "lz4 -q -BD -B4 -c events.tsv > linked.lz4", "lz4");
      case "lz4-legacy":
        // 18 MiB: three 8 MiB legacy blocks, a line across each border.
        return make("legacy.lz4", "cat events.tsv events.tsv events.tsv | lz4 -q -l -c > legacy.lz4", "lz4");
      case "lz4-mixed":
        return make("mixed.lz4", "lz4 -q -l -c events.tsv > mixed.lz4 && lz4 -q -c events.tsv >> mixed.lz4"
            + " && lz4 -q -BD -B4 -c events.tsv >> mixed.lz4 && lz4 -q -l -c events.tsv >> mixed.lz4", "lz4");
      default:
        throw new IllegalArgumentException(format);
    }
  }

  /**
   * Linked blocks ({@code lz4 -BD}), legacy frames ({@code lz4 -l}) and both concatenated with a
   * frame of independent blocks: every line is the line {@code lz4 -dc} gives, in order.
   */
  @ParameterizedTest
  @ValueSource(strings = {"lz4-linked", "lz4-legacy", "lz4-mixed"})
  void lz4LinkedBlocksAndLegacyFramesReadAsLz4DecodesThem(String format) throws Exception {
    File f = file(format);
    StreamFixtures.sh(dir, "lz4 -q -dc " + f.getName() + " > " + f.getName() + ".out");
    byte[] decoded = java.nio.file.Files.readAllBytes(new File(dir, f.getName() + ".out").toPath());
    if (format.equals("lz4-legacy")) {
      assertTrue(decoded[Lz4Frames.LEGACY_BLOCK_BYTES - 1] != '\n' && decoded.length > 2 * Lz4Frames.LEGACY_BLOCK_BYTES,
          "a line crosses the first legacy block border; three blocks");
    }
    assertEquals(LogFormat.LZ4, detect(format));
    Configuration conf = conf();
    List<InputSplit> splits = splits(conf, Long.MAX_VALUE, f);
    assertEquals(1, splits.size(), format);
    List<byte[]> raw = new ArrayList<>();
    CountingReporter reporter = new CountingReporter();
    readAll(conf, splits, raw, reporter);
    List<byte[]> expected = Lines.split(decoded);
    assertEquals(strings(expected), strings(raw), format);
    assertEquals(decoded.length, reporter.counters().findCounter(InputCounter.UNCOMPRESSED_BYTES).getValue(), format);
    assertEquals(f.length(), reporter.counters().findCounter(InputCounter.PACKED_BYTES).getValue(), format);
  }

  static byte[] expectedText(String format) {
    return format.endsWith("-members") || format.endsWith("-streams") ? twice : text;
  }

  @ParameterizedTest
  @ValueSource(strings = {"plain", "gz", "gz-members", "bz2", "bz2-streams", "xz", "xz-streams", "xz-one-block",
      "zst", "zst-frames", "zst-one-frame", "zst-piped-frames", "lz4", "lz4-streams"})
  void oneReaderReadsTheTextsExactLines(String format) throws Exception {
    Configuration conf = conf();
    File f = file(format);
    List<InputSplit> whole = splits(conf, Long.MAX_VALUE, f);
    assertEquals(1, whole.size(), format + ": one split when the split size exceeds the file");
    List<byte[]> raw = new ArrayList<>();
    CountingReporter reporter = new CountingReporter();
    readAll(conf, whole, raw, reporter);
    List<byte[]> expected = Lines.split(expectedText(format));
    assertEquals(expected.size(), raw.size(), format + " lines");
    for (int i = 0; i < raw.size(); i++) {
      assertEquals(new String(Lines.stripCr(expected.get(i)), "UTF-8"), new String(raw.get(i), "UTF-8"),
          format + " line " + i);
    }
    assertEquals(Figures.ofLines(expected), Figures.ofLines(raw));
    assertEquals(expected.size(), reporter.counters().findCounter(InputCounter.LINES).getValue());
    assertEquals(expectedText(format).length,
        reporter.counters().findCounter(InputCounter.UNCOMPRESSED_BYTES).getValue(), format);
    long packed = reporter.counters().findCounter(InputCounter.PACKED_BYTES).getValue();
    assertEquals(f.length(), packed, format + ": packed bytes read");
    assertEquals(packed, reporter.counters().findCounter(FileInputFormatCounter.BYTES_READ).getValue());
    assertEquals(1, reporter.counters().findCounter(InputCounter.FILES).getValue());
    assertEquals(1, reporter.counters().findCounter(InputCounter.SPLITS).getValue());
  }

  @ParameterizedTest
  @ValueSource(strings = {"plain", "bz2", "bz2-streams", "xz", "xz-streams", "zst", "zst-frames", "zst-piped-frames"})
  void splitsTogetherReadExactlyWhatOneReaderReads(String format) throws Exception {
    Configuration conf = conf();
    LogInputFormat.setCombineSmallFiles(conf, false);
    File f = file(format);
    List<byte[]> wholeRaw = new ArrayList<>();
    List<String> expected = readAll(conf, splits(conf, Long.MAX_VALUE, f), wholeRaw, new CountingReporter());
    boolean offsetsKnown = !format.startsWith("bz2") && !format.startsWith("zst");
    int most = 1;
    for (long size : SPLIT_SIZES) {
      List<InputSplit> splits = splits(conf, size, f);
      most = Math.max(most, splits.size());
      List<byte[]> raw = new ArrayList<>();
      CountingReporter reporter = new CountingReporter();
      List<String> together = readAll(conf, splits, raw, reporter);
      String where = format + " at split size " + size + " (" + splits.size() + " splits)";
      if (offsetsKnown) {
        assertEquals(expected, together, where);
      } else {
        assertEquals(strings(wholeRaw), strings(raw), where);
      }
      assertEquals(expectedText(format).length,
          reporter.counters().findCounter(InputCounter.UNCOMPRESSED_BYTES).getValue(), where);
      assertEquals(splits.size(), reporter.counters().findCounter(InputCounter.SPLITS).getValue(), where);
    }
    assertTrue(most >= 4, format + " splits into several pieces: " + most);
  }

  /** bzip2 at arbitrary packed ranges, down to a few KB: no line lost or doubled at any edge. */
  @ParameterizedTest
  @ValueSource(longs = {5_003, 50_000, 77_777, 131_072, 250_001})
  void bzip2RangesOfAnySizeReadEveryLineOnce(long step) throws Exception {
    assertRangesReadEveryLineOnce("bz2-streams", LogFormat.BZIP2, step, twice);
  }

  /**
   * lbzip2's blocks of incompressible data carry more than bzip2's 18,002 selectors (bzip2 1.0.8
   * reads them; Hadoop's CBZip2InputStream failed with an ArrayIndexOutOfBoundsException): read
   * whole and in packed ranges, every line is the line {@code bzip2 -dc} gives.
   */
  @ParameterizedTest
  @ValueSource(longs = {Long.MAX_VALUE, 1_000_000, 100_003})
  void lbzip2BlocksOfManySelectorsReadAsBzip2DecodesThem(long step) throws Exception {
    StreamFixtures.assumeTools("lbzip2", "bzip2");
    File raw = new File(dir, "incompressible.bin");
    if (!raw.isFile()) {
      byte[] noise = new byte[3_000_000];
      new java.util.Random(18002).nextBytes(noise);
      StreamFixtures.write(dir, raw.getName(), Lines.concat(noise, text));
    }
    File f = make("incompressible.bin.bz2", "lbzip2 -9 -n 2 -c incompressible.bin > incompressible.bin.bz2", "lbzip2");
    StreamFixtures.sh(dir, "bzip2 -dc incompressible.bin.bz2 > incompressible.bin.out");
    byte[] decoded = java.nio.file.Files.readAllBytes(new File(dir, "incompressible.bin.out").toPath());
    assertEquals(raw.length(), decoded.length, "bzip2 -dc");
    if (step == Long.MAX_VALUE) {
      Configuration conf = conf();
      List<InputSplit> whole = splits(conf, Long.MAX_VALUE, f);
      assertEquals(1, whole.size());
      List<byte[]> lines = new ArrayList<>();
      readAll(conf, whole, lines, new CountingReporter());
      assertEquals(strings(Lines.split(decoded)), strings(lines));
    } else {
      assertRangesReadEveryLineOnce(f.getName(), LogFormat.BZIP2, step, decoded);
    }
  }

  /** Plain text at arbitrary byte ranges, down to a few bytes: every line once, whatever the edge. */
  @ParameterizedTest
  @ValueSource(longs = {7, 997, 65_536, 1_000_003})
  void plainRangesOfAnySizeReadEveryLineOnce(long step) throws Exception {
    byte[] small = java.util.Arrays.copyOf(text, step < 1000 ? 20_000 : text.length);
    File f = StreamFixtures.write(dir, "plain-" + step + ".tsv", small);
    assertRangesReadEveryLineOnce(f.getName(), LogFormat.PLAIN, step, small);
  }

  private static void assertRangesReadEveryLineOnce(String name, LogFormat format, long step, byte[] content)
      throws Exception {
    Configuration conf = conf();
    File f = name.contains(".") ? new File(dir, name) : file(name);
    List<byte[]> raw = new ArrayList<>();
    Path path = new Path(f.getAbsoluteFile().toURI());
    List<InputSplit> splits = new ArrayList<>();
    for (long start = 0; start < f.length(); start += step) {
      splits.add(new StreamSplit(path, format, f.length(), start, Math.min(step, f.length() - start), 0, null));
    }
    CountingReporter reporter = new CountingReporter();
    readAll(conf, splits, raw, reporter);
    assertEquals(strings(Lines.split(content)), strings(raw), name + " in ranges of " + step);
    assertEquals(content.length, reporter.counters().findCounter(InputCounter.UNCOMPRESSED_BYTES).getValue());
  }

  private static List<String> strings(List<byte[]> lines) {
    List<String> out = new ArrayList<>();
    for (byte[] l : lines) {
      out.add(new String(Lines.stripCr(l), java.nio.charset.StandardCharsets.ISO_8859_1));
    }
    return out;
  }

  @Test
  void aLogFileThatIsGzipIsReadAsGzip() throws Exception {
    File f = make("gzipped.log", "gzip -c events.tsv > gzipped.log", "gzip");
    Configuration conf = conf();
    List<byte[]> raw = new ArrayList<>();
    readAll(conf, splits(conf, Long.MAX_VALUE, f), raw, new CountingReporter());
    assertEquals(StreamFixtures.figures(text), Figures.ofLines(raw));
  }

  @Test
  void aFileNamedGzThatIsNotGzipFailsNamingIt() throws Exception {
    File f = StreamFixtures.write(dir, "not-gzip.gz", "a\tb\n".getBytes("UTF-8"));
    IOException e = assertThrows(IOException.class, () -> splits(conf(), Long.MAX_VALUE, f));
    assertTrue(e.getMessage().contains("not-gzip.gz") && e.getMessage().contains("magic"), e.getMessage());
  }

  @Test
  void formatsAreToldByMagicBytes() throws Exception {
    assertEquals(LogFormat.GZIP, detect("gz"));
    assertEquals(LogFormat.BZIP2, detect("bz2"));
    assertEquals(LogFormat.XZ, detect("xz"));
    assertEquals(LogFormat.ZSTD, detect("zst"));
    assertEquals(LogFormat.ZSTD, detect("zst-frames"));
    assertEquals(LogFormat.LZ4, detect("lz4"));
    assertEquals(LogFormat.PLAIN, detect("plain"));
  }

  private static LogFormat detect(String format) throws IOException {
    File f = file(format);
    Configuration conf = conf();
    return LogFormat.of(org.apache.hadoop.fs.FileSystem.getLocal(conf).getFileStatus(new Path(f.getAbsolutePath())), conf);
  }

  @Test
  void lz4MadeByTheLz4CommandGivesItsRecords() throws Exception {
    // Hadoop's Lz4Codec returns no records and no error for this file: never here.
    Configuration conf = conf();
    List<byte[]> raw = new ArrayList<>();
    readAll(conf, splits(conf, Long.MAX_VALUE, file("lz4")), raw, new CountingReporter());
    assertFalse(raw.isEmpty());
    assertEquals(StreamFixtures.figures(text), Figures.ofLines(raw));
  }

  /**
   * Planning spares the walk of zstd frames where it gains no split: the one frame of a file the
   * zstd command wrote (its content size fills the file) is one split, and a frame of unknown
   * size longer than the walk limit takes the rest of the file into one split; either way the
   * splits read exactly the text's lines.
   */
  @Test
  void zstdFramesTakenToRunToTheEndOfTheFileStillReadEveryLine() throws Exception {
    Configuration conf = conf();
    LogInputFormat.setCombineSmallFiles(conf, false);
    assertEquals(1, splits(conf, 1 << 20, file("zst-one-frame")).size(), "one frame, not walked");
    // Frames of about 6 blocks, walked 2 at most: the first is taken to run to the end.
    PlanningSettings.setZstdMaxWalkedBlocks(conf, 2);
    List<InputSplit> limited = splits(conf, 1 << 20, file("zst-piped-frames"));
    assertEquals(1, limited.size(), "the first frame is taken to run to the end of the file");
    List<byte[]> raw = new ArrayList<>();
    readAll(conf, limited, raw, new CountingReporter());
    assertEquals(strings(Lines.split(text)), strings(raw));
  }

  @Test
  void planningSettingsAreValidated() {
    Configuration conf = conf();
    conf.set(PlanningSettings.THREADS, "0");
    assertThrows(IllegalArgumentException.class, () -> PlanningSettings.validate(conf));
    conf.set(PlanningSettings.THREADS, "many");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PlanningSettings.validate(conf));
    assertTrue(e.getMessage().contains(PlanningSettings.THREADS), e.getMessage());
    conf.unset(PlanningSettings.THREADS);
    conf.set(PlanningSettings.ZSTD_MAX_WALKED_BLOCKS, "-1");
    e = assertThrows(IllegalArgumentException.class, () -> PlanningSettings.validate(conf));
    assertTrue(e.getMessage().contains(PlanningSettings.ZSTD_MAX_WALKED_BLOCKS), e.getMessage());
  }

  /** Many files planned on several threads or on one give the same splits, in the same order. */
  @Test
  void filesPlannedInParallelGiveTheSplitsOfOneByOne() throws Exception {
    File many = new File(dir, "many");
    if (!many.isDirectory()) {
      assertTrue(many.mkdirs());
      StreamFixtures.sh(dir, "for i in $(seq 10 49); do head -c $((i * 3000)) events.tsv > many/f$i.tsv; done"
          + " && gzip -q many/f1*.tsv");
    }
    Configuration conf = conf();
    LogInputFormat.setCombineSmallFiles(conf, false);
    PlanningSettings.setThreads(conf, 1);
    List<String> oneByOne = describe(splits(conf, 50_000, many));
    PlanningSettings.setThreads(conf, 8);
    assertEquals(oneByOne, describe(splits(conf, 50_000, many)));
    assertTrue(oneByOne.size() > 40, "every file, the larger plain ones in several splits: " + oneByOne.size());
  }

  @Test
  void theFirstFileThatFailsInOrderIsTheErrorWhateverTheThreads() throws Exception {
    File bad = new File(dir, "bad");
    if (!bad.isDirectory()) {
      assertTrue(bad.mkdirs());
      for (int i = 0; i < 20; i++) {
        StreamFixtures.write(bad, String.format("f%02d.tsv", i), "a\tb\n".getBytes("UTF-8"));
      }
      StreamFixtures.write(bad, "f07.gz", "not gzip\n".getBytes("UTF-8"));
      StreamFixtures.write(bad, "f15.gz", "not gzip either\n".getBytes("UTF-8"));
    }
    Configuration conf = conf();
    for (int threads : new int[] {1, 8}) {
      PlanningSettings.setThreads(conf, threads);
      IOException e = assertThrows(IOException.class, () -> splits(conf, Long.MAX_VALUE, bad));
      assertTrue(e.getMessage().contains("f07.gz"), threads + " threads: " + e.getMessage());
    }
  }

  private static List<String> describe(List<InputSplit> splits) {
    List<String> out = new ArrayList<>();
    for (InputSplit s : splits) {
      out.add(s.toString());
    }
    return out;
  }

  @Test
  void splitsOfMultiBlockXzAndMultiFrameZstdAreSeveral() throws Exception {
    Configuration conf = conf();
    LogInputFormat.setCombineSmallFiles(conf, false);
    assertTrue(splits(conf, 1 << 20, file("xz")).size() >= 5);
    assertTrue(splits(conf, 1 << 20, file("zst-frames")).size() >= 5);
    assertTrue(splits(conf, 1 << 20, file("zst")).size() >= 2, "pzstd frames");
    assertTrue(splits(conf, 1 << 20, file("zst-piped-frames")).size() >= 5, "frames of unknown size, walked");
    assertEquals(1, splits(conf, 1 << 20, file("xz-one-block")).size(), "one xz block is one split");
    assertEquals(1, splits(conf, 1 << 20, file("gz")).size(), "gzip is one split");
  }
}
