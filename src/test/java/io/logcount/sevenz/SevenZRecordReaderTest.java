package io.logcount.sevenz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;
import org.apache.hadoop.mapreduce.Counters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.logcount.input.BoundedLineReader;
import io.logcount.input.InputCounter;
import io.logcount.jobs.common.CountingReporter;
import io.logcount.sevenz.archive.SevenZFolder;
import io.logcount.sevenz.coders.SevenZLimits;
import io.logcount.sevenz.header.SevenZHeaders;
import io.logcount.sevenz.source.FileArchiveSource;
import io.logcount.testing.CommonsCompressReader;
import io.logcount.testing.Figures;
import io.logcount.testing.Fixtures;
import io.logcount.testing.Indexes;
import io.logcount.testing.Lines;

/**
 * The split contract of {@link SevenZInputFormat} + {@link SevenZRecordReader}: at every split
 * size, the records of all splits, in order, are exactly the records of one reader over the
 * whole archive, and they give the fixture's expected figures.
 */
class SevenZRecordReaderTest {

  @TempDir
  File tmp;

  /** Split sizes from "one folder per split" to "whole archive in one split". */
  private static final long[] SPLIT_SIZES = {1, 300 << 10, 2 << 20};

  static String[] validFixtures() {
    return Fixtures.VALID;
  }

  /** The local file system, uncached: what every test of splits and readers runs on. */
  static Configuration conf() {
    Configuration conf = new Configuration(false);
    conf.set("fs.defaultFS", "file:///");
    conf.set("fs.file.impl.disable.cache", "true");
    return conf;
  }

  static List<InputSplit> splits(Configuration conf, File archive, long maxSplitSize) throws IOException {
    Job job = Job.getInstance(conf);
    FileInputFormat.addInputPath(job, new Path(archive.getAbsolutePath()));
    FileInputFormat.setMaxInputSplitSize(job, maxSplitSize);
    FileInputFormat.setMinInputSplitSize(job, 1);
    return new SevenZInputFormat().getSplits(job);
  }

  /** Every record of one split as {@code origin TAB line}, raw lines kept separately. */
  static List<String> read(Configuration conf, InputSplit split, List<byte[]> rawLines) throws IOException {
    TaskAttemptContext context = new TaskAttemptContextImpl(conf, new TaskAttemptID());
    List<String> records = new ArrayList<>();
    SevenZRecordReader reader = new SevenZRecordReader();
    try {
      reader.initialize(split, context);
      float last = 0;
      while (reader.nextKeyValue()) {
        Text v = reader.getCurrentValue();
        rawLines.add(Arrays.copyOf(v.getBytes(), v.getLength()));
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

  @ParameterizedTest
  @MethodSource("validFixtures")
  void splitsTogetherReadExactlyWhatOneReaderReads(String name) throws Exception {
    Configuration conf = conf();
    File archive = Fixtures.file(name + ".7z");
    List<InputSplit> whole = splits(conf, archive, Long.MAX_VALUE);
    assertEquals(1, whole.size(), "one split when the split size exceeds the archive");
    List<byte[]> rawLines = new ArrayList<>();
    List<String> expected = read(conf, whole.get(0), rawLines);
    assertEquals(Fixtures.expected(name), Figures.ofLines(rawLines), name + " figures");

    for (long size : SPLIT_SIZES) {
      List<String> together = new ArrayList<>();
      List<InputSplit> splits = splits(conf, archive, size);
      for (InputSplit split : splits) {
        together.addAll(read(conf, split, new ArrayList<>()));
      }
      assertEquals(expected, together, name + " at split size " + size + " (" + splits.size() + " splits)");
    }
  }

  @Test
  void oneSplitPerFolderAtTheSmallestSplitSize() throws Exception {
    Configuration conf = conf();
    File archive = Fixtures.file("small-blocks.7z");
    List<InputSplit> splits = splits(conf, archive, 1);
    assertEquals(3, splits.size());
    long previousEnd = -1;
    for (InputSplit s : splits) {
      SevenZSplit split = (SevenZSplit) s;
      assertEquals(1, split.getFolderCount());
      assertTrue(split.getStart() >= 32 && split.getStart() + split.getLength() <= archive.length());
      assertTrue(split.getStart() >= previousEnd, "splits do not overlap");
      previousEnd = split.getStart() + split.getLength();
      assertTrue(split.getLocations().length > 0, "local FS reports localhost");
    }
  }

  @Test
  void bytesReadCountsThePackedBytesEachSplitRead() throws Exception {
    // SevenZSplit is no FileSplit, so Hadoop leaves "File Input Format Counters: Bytes Read" to
    // the reader: it must equal the packed bytes read, never 0.
    Configuration conf = conf();
    File archive = Fixtures.file("nonsolid.7z");
    io.logcount.jobs.common.CountingReporter reporter = new io.logcount.jobs.common.CountingReporter();
    long splitBytes = 0;
    for (InputSplit split : splits(conf, archive, 1)) {
      splitBytes += split.getLength();
      try (SevenZRecordReader reader = new SevenZRecordReader()) {
        TaskAttemptContext context = new TaskAttemptContextImpl(conf, new TaskAttemptID(), reporter);
        reader.initialize(split, context);
        while (reader.nextKeyValue()) {
          assertTrue(reader.getCurrentValue().getLength() >= 0);
        }
      }
    }
    long packed = reporter.counters().findCounter(InputCounter.PACKED_BYTES).getValue();
    // Every split reads its packed bytes, and each also reads the archive's header.
    assertTrue(packed >= splitBytes && packed < splitBytes + 4096, packed + " vs " + splitBytes);
    assertEquals(packed, reporter.counters().findCounter(
        org.apache.hadoop.mapreduce.lib.input.FileInputFormatCounter.BYTES_READ).getValue());
  }

  @Test
  void splitSurvivesSerialization() throws Exception {
    SevenZSplit split = (SevenZSplit) splits(conf(), Fixtures.file("nonsolid.7z"), 1).get(1);
    org.apache.hadoop.io.DataOutputBuffer out = new org.apache.hadoop.io.DataOutputBuffer();
    split.write(out);
    org.apache.hadoop.io.DataInputBuffer in = new org.apache.hadoop.io.DataInputBuffer();
    in.reset(out.getData(), out.getLength());
    SevenZSplit copy = new SevenZSplit();
    copy.readFields(in);
    assertEquals(split.toString(), copy.toString());
    assertEquals(split.getArchiveLength(), copy.getArchiveLength());
  }

  @Test
  void messyOriginsNameArchiveEntryAndOffset() throws Exception {
    Configuration conf = conf();
    File archive = Fixtures.file("messy.7z");
    List<String> records = read(conf, splits(conf, archive, Long.MAX_VALUE).get(0), new ArrayList<>());
    String first = records.get(0);
    assertTrue(first.matches(".*messy\\.7z!mixed/[^@]+\\.tsv@0\t.*"), first);
  }

  @Test
  void longLinesAreTruncatedNotHeld() throws Exception {
    Configuration conf = conf();
    BoundedLineReader.setMaxLineBytes(conf, 20);
    File archive = Fixtures.file("solid-lzma2.7z");
    List<byte[]> raw = new ArrayList<>();
    read(conf, splits(conf, archive, Long.MAX_VALUE).get(0), raw);
    assertEquals(Fixtures.expected("solid-lzma2").records, raw.size());
    for (byte[] line : raw) {
      assertTrue(line.length <= 20);
    }
  }

  @Test
  void corruptDataFailsNamingArchiveAndEntry() throws Exception {
    Configuration conf = conf();
    File archive = Fixtures.file("corrupt-data.7z");
    IOException e = assertThrows(IOException.class, () -> {
      for (InputSplit split : splits(conf, archive, Long.MAX_VALUE)) {
        read(conf, split, new ArrayList<>());
      }
    });
    assertTrue(e.getMessage().contains("corrupt-data.7z"), e.getMessage());
    assertTrue(e.getMessage().contains("big.tsv"), e.getMessage());
  }

  @Test
  void headerErrorsFailAtPlanningNamingTheFile() {
    for (String bad : new String[] {"not-a-7z.7z", "truncated.7z"}) {
      IOException e = assertThrows(IOException.class, () -> splits(conf(), Fixtures.file(bad), Long.MAX_VALUE));
      assertTrue(e.getMessage().contains(bad), e.getMessage());
    }
  }

  @Test
  void archiveChangedSincePlanningIsRefused() throws Exception {
    Configuration conf = conf();
    SevenZSplit split = (SevenZSplit) splits(conf, Fixtures.file("nonsolid.7z"), Long.MAX_VALUE).get(0);
    SevenZSplit stale = new SevenZSplit(split.getPath(), split.getArchiveLength() + 1, 0, 1,
        split.getStart(), split.getLength(), new String[0]);
    IOException e = assertThrows(IOException.class, () -> read(conf, stale, new ArrayList<>()));
    assertTrue(e.getMessage().contains("changed"), e.getMessage());
  }

  /**
   * Reads every split of {@code archive} at {@code splitSize} with one set of counters, as the
   * map tasks of one job would; the records' keys are kept in {@code keys}.
   */
  private static Counters readCounting(Configuration conf, File archive, long splitSize, List<String> keys)
      throws IOException, InterruptedException {
    CountingReporter reporter = new CountingReporter();
    List<InputSplit> splits = splits(conf, archive, splitSize);
    for (InputSplit split : splits) {
      try (SevenZRecordReader reader = new SevenZRecordReader()) {
        reader.initialize(split, new TaskAttemptContextImpl(conf, new TaskAttemptID(), reporter));
        while (reader.nextKeyValue()) {
          keys.add(reader.getCurrentKey().corruptFolder() ? "corrupt " + reader.getCurrentKey()
              : reader.getCurrentKey().toString());
        }
      }
    }
    assertEquals(splits.size(), reporter.counters().findCounter(InputCounter.SPLITS).getValue(),
        "SPLITS: every split read to its end");
    return reporter.counters();
  }

  @ParameterizedTest
  @ValueSource(strings = {"messy", "nonsolid", "small-blocks", "many-small-files", "lzma2-dict-resets"})
  void countersEqualWhatCommonsCompressReadsAtEverySplitSize(String name) throws Exception {
    File archive = new File(tmp, name + ".7z");
    Files.copy(Fixtures.file(name + ".7z").toPath(), archive.toPath());
    long lines = 0;
    long bytes = 0;
    List<byte[]> entries = CommonsCompressReader.entries(archive);
    for (byte[] entry : entries) {
      lines += Lines.split(entry).size();
      bytes += entry.length;
    }
    long folders = 0;
    try (FileArchiveSource source = new FileArchiveSource(archive)) {
      for (SevenZFolder folder : SevenZHeaders.read(source, SevenZLimits.defaults()).folders()) {
        folders += folder.entries().isEmpty() ? 0 : 1;
      }
    }
    Configuration conf = conf();
    for (int run = 0; run < 3; run++) {
      long splitSize = run == 0 ? Long.MAX_VALUE : run == 1 ? 1 : 1 << 20;
      if (run == 2) {
        Indexes.write(archive, conf); // pieces of one folder, where it has resets
      }
      String at = name + " at split size " + splitSize + (run == 2 ? ", indexed" : "");
      List<String> keys = new ArrayList<>();
      Counters c = readCounting(conf, archive, splitSize, keys);
      assertEquals(lines, keys.size(), at + ": lines read");
      assertEquals(lines, c.findCounter(InputCounter.LINES).getValue(), at + ": LINES");
      assertEquals(bytes, c.findCounter(InputCounter.UNCOMPRESSED_BYTES).getValue(), at + ": UNCOMPRESSED_BYTES");
      assertEquals(entries.size(), c.findCounter(SevenZCounter.ENTRIES).getValue(), at + ": ENTRIES");
      assertEquals(folders, c.findCounter(SevenZCounter.FOLDERS).getValue(), at + ": FOLDERS");
      assertTrue(c.findCounter(InputCounter.PACKED_BYTES).getValue() > 0, at + ": PACKED_BYTES");
      assertEquals(0, c.findCounter(InputCounter.CORRUPT_BLOCKS).getValue(), at + ": CORRUPT_BLOCKS");
      assertEquals(0, c.findCounter(InputCounter.CORRUPT_PACKED_BYTES).getValue(), at + ": CORRUPT_PACKED_BYTES");
      assertEquals(0, c.findCounter(InputCounter.LINES_BEFORE_CORRUPTION).getValue(), at);
    }
  }

  @Test
  void skippedCorruptFolderIsCountedWithTheLinesReadBeforeTheDamage() throws Exception {
    Configuration conf = conf();
    SevenZRecordReader.setSkipCorrupt(conf, true);
    File archive = Fixtures.file("corrupt-data.7z");
    long packed;
    try (FileArchiveSource source = new FileArchiveSource(archive)) {
      List<SevenZFolder> folders = SevenZHeaders.read(source, SevenZLimits.defaults()).folders();
      assertEquals(1, folders.size(), "big.tsv in one folder (fixtures README)");
      packed = folders.get(0).packedSize();
    }
    List<String> keys = new ArrayList<>();
    Counters c = readCounting(conf, archive, Long.MAX_VALUE, keys);
    List<String> reports = new ArrayList<>();
    for (String key : keys) {
      if (key.startsWith("corrupt ")) {
        reports.add(key);
      }
    }
    assertEquals(1, reports.size(), reports.toString());
    assertTrue(keys.get(keys.size() - 1).startsWith("corrupt "), "the report comes after the lines read");
    long linesRead = keys.size() - reports.size();
    assertTrue(linesRead > 0 && linesRead < Fixtures.expected("lzma2-dict-resets").records,
        "damage found inside the folder: " + linesRead);
    assertEquals(1, c.findCounter(InputCounter.CORRUPT_BLOCKS).getValue());
    assertEquals(packed, c.findCounter(InputCounter.CORRUPT_PACKED_BYTES).getValue(), "the folder's packed bytes");
    assertEquals(linesRead, c.findCounter(InputCounter.LINES_BEFORE_CORRUPTION).getValue());
    assertEquals(linesRead, c.findCounter(InputCounter.LINES).getValue(), "a skip report is not a line");
    assertEquals(1, c.findCounter(SevenZCounter.FOLDERS).getValue());
  }
}
