package io.logcount.mapred;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.DataInputBuffer;
import org.apache.hadoop.io.DataOutputBuffer;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapred.Counters;
import org.apache.hadoop.mapred.FileInputFormat;
import org.apache.hadoop.mapred.FileSplit;
import org.apache.hadoop.mapred.InputSplit;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapred.RecordReader;
import org.apache.hadoop.mapred.Reporter;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.logcount.input.BoundedLineReader;
import io.logcount.input.InputCounter;
import io.logcount.input.LineOrigin;
import io.logcount.sevenz.SevenZInputFormat;
import io.logcount.sevenz.SevenZRecordReader;
import io.logcount.sevenz.SevenZSplit;
import io.logcount.testing.Figures;
import io.logcount.testing.Fixtures;
import io.logcount.testing.Indexes;

/**
 * The split contract of the old-API {@link SevenZLogInputFormat}, as the new format's tests
 * check it: at every split size, the records of all its splits (each serialized and read back,
 * as a task gets it), in order, are exactly the records of one new-API reader over the whole
 * archive, and give the fixture's expected figures.
 */
class SevenZLogInputFormatTest {

  /** Split sizes: one folder per split, and several folders per split (one split: the other tests). */
  private static final long[] SPLIT_SIZES = {1, 300 << 10};

  @TempDir
  File tmp;

  static String[] validFixtures() {
    return Fixtures.VALID;
  }

  private static JobConf conf(File archive, long maxSplitSize) {
    JobConf job = new JobConf(false);
    job.set("fs.defaultFS", "file:///");
    job.set("fs.file.impl.disable.cache", "true");
    FileInputFormat.setInputPaths(job, new Path(archive.getAbsolutePath()));
    job.setLong("mapreduce.input.fileinputformat.split.maxsize", maxSplitSize);
    job.setLong("mapreduce.input.fileinputformat.split.minsize", 1);
    return job;
  }

  /** The reference: one new-API reader over the whole archive, records as {@code origin TAB line}. */
  private static List<String> newApiRecords(File archive, List<byte[]> rawLines) throws Exception {
    JobConf conf = conf(archive, Long.MAX_VALUE);
    List<org.apache.hadoop.mapreduce.InputSplit> splits = new SevenZInputFormat().getSplits(Job.getInstance(conf));
    assertEquals(1, splits.size());
    List<String> records = new ArrayList<>();
    try (SevenZRecordReader reader = new SevenZRecordReader()) {
      reader.initialize(splits.get(0), new TaskAttemptContextImpl(conf, new TaskAttemptID()));
      while (reader.nextKeyValue()) {
        Text v = reader.getCurrentValue();
        rawLines.add(Arrays.copyOf(v.getBytes(), v.getLength()));
        records.add(reader.getCurrentKey() + "\t" + v);
      }
    }
    return records;
  }

  /** A split as the task receives it: serialized by the client, read back by the task. */
  private static InputSplit roundTrip(InputSplit split) throws IOException {
    DataOutputBuffer out = new DataOutputBuffer();
    ((MapredSplit) split).write(out);
    DataInputBuffer in = new DataInputBuffer();
    in.reset(out.getData(), out.getLength());
    MapredSplit copy = new MapredSplit();
    copy.readFields(in);
    assertEquals(split.toString(), copy.toString());
    assertEquals(((FileSplit) split).getPath(), copy.getPath());
    assertEquals(((FileSplit) split).getStart(), copy.getStart());
    assertEquals(split.getLength(), copy.getLength());
    return copy;
  }

  /** Every record of one old-API split, as the old API's MapRunner reads them. */
  private static List<String> read(JobConf job, InputSplit split, Reporter reporter) throws IOException {
    List<String> records = new ArrayList<>();
    RecordReader<LineOrigin, Text> reader = new SevenZLogInputFormat().getRecordReader(split, job, reporter);
    try {
      LineOrigin key = reader.createKey();
      Text value = reader.createValue();
      float last = 0;
      while (reader.next(key, value)) {
        records.add(key + "\t" + value);
        float p = reader.getProgress();
        assertTrue(p >= last && p <= 1f, "progress moves forward within [0,1]: " + p);
        last = p;
      }
      assertEquals(1f, reader.getProgress());
      assertEquals(split.getLength(), reader.getPos());
    } finally {
      reader.close();
      reader.close(); // twice is safe
    }
    return records;
  }

  private static List<String> readAll(File archive, long splitSize, Reporter reporter) throws IOException {
    JobConf job = conf(archive, splitSize);
    InputSplit[] splits = new SevenZLogInputFormat().getSplits(job, 1);
    List<String> together = new ArrayList<>();
    for (InputSplit split : splits) {
      together.addAll(read(job, roundTrip(split), reporter));
    }
    return together;
  }

  @ParameterizedTest
  @MethodSource("validFixtures")
  void splitsTogetherReadExactlyWhatOneNewApiReaderReads(String name) throws Exception {
    File archive = Fixtures.file(name + ".7z");
    List<byte[]> raw = new ArrayList<>();
    List<String> expected = newApiRecords(archive, raw);
    assertEquals(Fixtures.expected(name), Figures.ofLines(raw), name + " figures");
    for (long size : SPLIT_SIZES) {
      assertEquals(expected, readAll(archive, size, Reporter.NULL), name + " at split size " + size);
    }
  }

  @Test
  void indexedLzma2FolderSplitsAtResetsInTheOldApiToo() throws Exception {
    File archive = new File(tmp, "lzma2-dict-resets.7z");
    Files.copy(Fixtures.file("lzma2-dict-resets.7z").toPath(), archive.toPath());
    List<String> expected = newApiRecords(archive, new ArrayList<>());
    Indexes.write(archive, conf(archive, Long.MAX_VALUE));
    for (long size : new long[] {1, 700_000, 1 << 20, 2_000_000}) {
      InputSplit[] splits = new SevenZLogInputFormat().getSplits(conf(archive, size), 1);
      assertTrue(splits.length > 1, "indexed: several splits of one folder at " + size);
      assertTrue(((MapredSplit) splits[1]).getWrapped() instanceof SevenZSplit);
      assertTrue(((SevenZSplit) ((MapredSplit) splits[1]).getWrapped()).isPiece());
      assertEquals(expected, readAll(archive, size, Reporter.NULL), "at split size " + size);
    }
  }

  @Test
  void splitsAreFileSplitsOfTheArchiveWithItsHosts() throws Exception {
    File archive = Fixtures.file("small-blocks.7z");
    InputSplit[] splits = new SevenZLogInputFormat().getSplits(conf(archive, 1), 1);
    assertEquals(3, splits.length);
    for (InputSplit split : splits) {
      FileSplit file = (FileSplit) split;
      assertEquals(archive.getName(), file.getPath().getName());
      SevenZSplit wrapped = (SevenZSplit) ((MapredSplit) split).getWrapped();
      assertEquals(wrapped.getStart(), file.getStart());
      assertEquals(wrapped.getLength(), file.getLength());
      assertTrue(split.getLocations().length > 0, "local FS reports localhost");
    }
  }

  @Test
  void readerHandsOutItsOwnObjectsAndCopiesIntoOthers() throws Exception {
    File archive = Fixtures.file("nonsolid.7z");
    JobConf job = conf(archive, Long.MAX_VALUE);
    InputSplit split = new SevenZLogInputFormat().getSplits(job, 1)[0];
    RecordReader<LineOrigin, Text> reader = new SevenZLogInputFormat().getRecordReader(split, job, Reporter.NULL);
    RecordReader<LineOrigin, Text> again = new SevenZLogInputFormat().getRecordReader(split, job, Reporter.NULL);
    try {
      LineOrigin key = reader.createKey();
      Text value = reader.createValue();
      assertNotNull(key);
      assertSame(key, reader.createKey());
      LineOrigin otherKey = new LineOrigin();
      Text otherValue = new Text();
      for (int i = 0; i < 100; i++) {
        assertTrue(reader.next(key, value));
        assertTrue(again.next(otherKey, otherValue));
        assertEquals(key.toString(), otherKey.toString());
        assertEquals(value, otherValue);
      }
    } finally {
      reader.close();
      again.close();
    }
  }

  @Test
  void countersReachTheReporterAndBytesReadIsLeftToTheFramework() throws Exception {
    File archive = Fixtures.file("nonsolid.7z");
    CountersReporter reporter = new CountersReporter();
    readAll(archive, 1, reporter);
    Counters counters = reporter.counters;
    assertEquals(Fixtures.expected("nonsolid").records + Fixtures.expected("nonsolid").malformed,
        counters.getCounter(InputCounter.LINES) - blankLines("nonsolid.7z"));
    assertTrue(counters.getCounter(InputCounter.PACKED_BYTES) > 0);
    assertEquals(0, counters.getCounter(org.apache.hadoop.mapreduce.lib.input.FileInputFormatCounter.BYTES_READ),
        "the old-API map task fills Bytes Read itself for a FileSplit");
  }

  private static long blankLines(String fixture) throws Exception {
    long blank = 0;
    List<byte[]> raw = new ArrayList<>();
    newApiRecords(Fixtures.file(fixture), raw);
    for (byte[] line : raw) {
      if (new String(line, "ISO-8859-1").trim().isEmpty()) {
        blank++;
      }
    }
    return blank;
  }

  @Test
  void longLinesAreDroppedAndCountedAsTextInputFormatSkipsThem() throws Exception {
    File archive = Fixtures.file("messy.7z");
    List<String> all = newApiRecords(archive, new ArrayList<>());
    long longer = 0;
    for (String record : all) {
      if (record.length() - record.indexOf('\t') - 1 > 60) {
        longer++;
      }
    }
    assertTrue(longer > 0 && longer < all.size(), longer + " of " + all.size());
    JobConf job = conf(archive, Long.MAX_VALUE);
    BoundedLineReader.setMaxLineBytes(job, 60);
    CountersReporter reporter = new CountersReporter();
    List<String> kept = read(job, new SevenZLogInputFormat().getSplits(job, 1)[0], reporter);
    assertEquals(all.size() - longer, kept.size());
    assertEquals(longer, reporter.counters.getCounter(MapredInputCounter.LONG_LINES_DROPPED));
  }

  @Test
  void corruptFolderReportsAreDroppedAndCounted() throws Exception {
    File archive = Fixtures.file("corrupt-data.7z");
    JobConf job = conf(archive, Long.MAX_VALUE);
    SevenZRecordReader.setSkipCorrupt(job, true);
    CountersReporter reporter = new CountersReporter();
    for (InputSplit split : new SevenZLogInputFormat().getSplits(job, 1)) {
      for (String record : read(job, split, reporter)) {
        assertTrue(record.contains(".tsv@"), "a line, not a report: " + record);
      }
    }
    assertEquals(reporter.counters.getCounter(InputCounter.CORRUPT_BLOCKS),
        reporter.counters.getCounter(MapredInputCounter.CORRUPT_FOLDER_REPORTS_DROPPED));
    assertTrue(reporter.counters.getCounter(InputCounter.CORRUPT_BLOCKS) > 0);
  }

  @Test
  void corruptDataFailsNamingArchiveAndEntry() throws Exception {
    File archive = Fixtures.file("corrupt-data.7z");
    JobConf job = conf(archive, Long.MAX_VALUE);
    IOException e = assertThrows(IOException.class, () -> {
      for (InputSplit split : new SevenZLogInputFormat().getSplits(job, 1)) {
        read(job, split, Reporter.NULL);
      }
    });
    assertTrue(e.getMessage().contains("corrupt-data.7z") && e.getMessage().contains("big.tsv"), e.getMessage());
  }

  @Test
  void byteRangeSplitOfAnotherPlannerIsRefusedWithTheFix() {
    File archive = Fixtures.file("nonsolid.7z");
    JobConf job = conf(archive, Long.MAX_VALUE);
    FileSplit foreign = new FileSplit(new Path(archive.getAbsolutePath()), 0, archive.length(), new String[0]);
    IOException e = assertThrows(IOException.class,
        () -> new SevenZLogInputFormat().getRecordReader(foreign, job, Reporter.NULL));
    assertTrue(e.getMessage().contains("hive.input.format"), e.getMessage());
  }

  @Test
  void headerErrorsFailAtPlanningNamingTheFile() {
    for (String bad : new String[] {"not-a-7z.7z", "truncated.7z"}) {
      IOException e = assertThrows(IOException.class,
          () -> new SevenZLogInputFormat().getSplits(conf(Fixtures.file(bad), Long.MAX_VALUE), 1));
      assertTrue(e.getMessage().contains(bad), e.getMessage());
    }
  }

  /** A task's reporter: counters kept, the rest ignored. */
  private static final class CountersReporter implements Reporter {
    final Counters counters = new Counters();

    @Override
    public Counters.Counter getCounter(Enum<?> name) {
      return counters.findCounter(name);
    }

    @Override
    public Counters.Counter getCounter(String group, String name) {
      return counters.findCounter(group, name);
    }

    @Override
    public void incrCounter(Enum<?> key, long amount) {
      counters.incrCounter(key, amount);
    }

    @Override
    public void incrCounter(String group, String counter, long amount) {
      counters.incrCounter(group, counter, amount);
    }

    @Override
    public InputSplit getInputSplit() {
      throw new UnsupportedOperationException();
    }

    @Override
    public float getProgress() {
      return 0;
    }

    @Override
    public void progress() {
    }

    @Override
    public void setStatus(String status) {
    }
  }
}
