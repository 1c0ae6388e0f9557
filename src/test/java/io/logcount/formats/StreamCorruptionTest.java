package io.logcount.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.logcount.input.CorruptInput;
import io.logcount.input.InputCounter;
import io.logcount.input.LineOrigin;
import io.logcount.jobs.common.CountingReporter;
import io.logcount.sevenz.SevenZRecordReader;
import io.logcount.testing.StreamFixtures;

/**
 * Truncated and corrupt files of every compressed format: they fail naming the file and the
 * cause, or under {@link CorruptInput#SKIP_CORRUPT} end with one skip report, counted, after the
 * lines read before the damage. Never a silent short read.
 */
class StreamCorruptionTest {

  @TempDir
  static File dir;
  static byte[] text;

  @BeforeAll
  static void makeText() throws IOException {
    text = StreamFixtures.text(5, 1 << 20);
    StreamFixtures.write(dir, "events.tsv", text);
  }

  private static File compressed(String suffix) throws IOException {
    String[] tool = {
        "gz", "gzip", "gzip -c events.tsv > events.gz",
        "bz2", "bzip2", "bzip2 -c events.tsv > events.bz2",
        "xz", "xz", "xz -c events.tsv > events.xz",
        "zst", "zstd", "zstd -q -c events.tsv > events.zst",
        "lz4", "lz4", "lz4 -q -c events.tsv > events.lz4"};
    for (int i = 0; i < tool.length; i += 3) {
      if (tool[i].equals(suffix)) {
        StreamFixtures.assumeTools(tool[i + 1]);
        File f = new File(dir, "events." + suffix);
        if (!f.isFile()) {
          StreamFixtures.sh(dir, tool[i + 2]);
        }
        return f;
      }
    }
    throw new IllegalArgumentException(suffix);
  }

  /** Reads every split of {@code f}; lines and the skip report (if any) in {@code records}. */
  private static void read(File f, Configuration conf, List<String> records, CountingReporter reporter)
      throws Exception {
    for (InputSplit split : LogInputFormatTest.splits(conf, Long.MAX_VALUE, f)) {
      TaskAttemptContext context = new TaskAttemptContextImpl(conf, new TaskAttemptID(), reporter);
      RecordReader<LineOrigin, Text> reader = new LogInputFormat().createRecordReader(split, context);
      try {
        reader.initialize(split, context);
        while (reader.nextKeyValue()) {
          LineOrigin key = reader.getCurrentKey();
          records.add((key.corruptFolder() ? "SKIPPED " : "") + key + "\t" + reader.getCurrentValue());
        }
      } finally {
        reader.close();
        reader.close();
      }
    }
  }

  private static File damaged(String suffix, String how) throws IOException {
    File good = compressed(suffix);
    String name = how + "." + suffix;
    return how.equals("truncated") ? StreamFixtures.truncated(good, dir, name, good.length() * 2 / 3)
        : StreamFixtures.flipped(good, dir, name, good.length() / 2);
  }

  @ParameterizedTest
  @ValueSource(strings = {"gz", "bz2", "xz", "zst", "lz4"})
  void truncatedFailsNamingTheFile(String suffix) throws Exception {
    File f = damaged(suffix, "truncated");
    IOException e = assertThrows(IOException.class,
        () -> read(f, LogInputFormatTest.conf(), new ArrayList<>(), new CountingReporter()));
    assertTrue(e.getMessage().contains(f.getName()), e.getMessage());
    assertTrue(e.getMessage().contains("packed byte"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"gz", "bz2", "xz", "zst", "lz4"})
  void corruptFailsNamingTheFile(String suffix) throws Exception {
    File f = damaged(suffix, "corrupt");
    IOException e = assertThrows(IOException.class,
        () -> read(f, LogInputFormatTest.conf(), new ArrayList<>(), new CountingReporter()));
    assertTrue(e.getMessage().contains(f.getName()), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"gz", "bz2", "xz", "zst", "lz4"})
  void underSkipCorruptTheRestIsSkippedAndCounted(String suffix) throws Exception {
    for (String how : new String[] {"truncated", "corrupt"}) {
      File f = damaged(suffix, how);
      Configuration conf = LogInputFormatTest.conf();
      CorruptInput.setSkipCorrupt(conf, true);
      List<String> records = new ArrayList<>();
      CountingReporter reporter = new CountingReporter();
      read(f, conf, records, reporter);
      String last = records.get(records.size() - 1);
      assertTrue(last.startsWith("SKIPPED ") && last.contains(f.getName() + "!packed byte "), how + ": " + last);
      assertEquals(1, reporter.counters().findCounter(InputCounter.CORRUPT_BLOCKS).getValue(), how);
      long lines = reporter.counters().findCounter(InputCounter.LINES).getValue();
      assertEquals(records.size() - 1, lines, how);
      assertEquals(lines, reporter.counters().findCounter(InputCounter.LINES_BEFORE_CORRUPTION).getValue(), how);
      assertEquals(1, reporter.counters().findCounter(InputCounter.SPLITS).getValue(), how);
    }
  }

  @Test
  void theOld7zKeyIsAnAliasOfTheGeneralOne() {
    Configuration conf = new Configuration(false);
    conf.setBoolean("logcount.sevenz.skip-corrupt", true);
    assertTrue(CorruptInput.getSkipCorrupt(conf));
    assertTrue(SevenZRecordReader.getSkipCorrupt(conf));
    Configuration general = new Configuration(false);
    assertFalse(CorruptInput.getSkipCorrupt(general));
    general.setBoolean(CorruptInput.SKIP_CORRUPT, true);
    assertTrue(SevenZRecordReader.getSkipCorrupt(general));
  }
}
