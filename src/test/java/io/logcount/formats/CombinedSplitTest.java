package io.logcount.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.DataInputBuffer;
import org.apache.hadoop.io.DataOutputBuffer;
import org.apache.hadoop.mapreduce.InputSplit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.logcount.input.InputCounter;
import io.logcount.jobs.common.CountingReporter;
import io.logcount.sevenz.SevenZCounter;
import io.logcount.sevenz.SevenZSplit;
import io.logcount.testing.Figures;
import io.logcount.testing.Fixtures;
import io.logcount.testing.StreamFixtures;

/** Small files and small 7z archives grouped into combined splits: few map tasks, the same records. */
class CombinedSplitTest {

  @TempDir
  File dir;

  @Test
  void smallFilesAndArchivesShareASplitAndReadAsTheyWouldAlone() throws Exception {
    StreamFixtures.assumeTools("gzip");
    byte[] text = StreamFixtures.text(3, 200_000);
    List<byte[]> parts = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      byte[] part = Arrays.copyOfRange(text, i * 5000, (i + 1) * 5000);
      parts.add(part);
      StreamFixtures.write(dir, String.format("h%02d.tsv", i), part);
    }
    StreamFixtures.sh(dir, "gzip -q h0*.tsv"); // ten gzip, thirty plain
    Files.copy(Fixtures.file("nonsolid.7z").toPath(), new File(dir, "nonsolid.7z").toPath());

    Configuration conf = LogInputFormatTest.conf();
    List<InputSplit> combined = LogInputFormatTest.splits(conf, 32 << 20, dir);
    assertEquals(1, combined.size(), "41 small inputs, one split");
    CombinedSplit split = (CombinedSplit) combined.get(0);
    assertEquals(41, split.children().size());
    assertTrue(split.children().stream().anyMatch(c -> c instanceof SevenZSplit));

    DataOutputBuffer out = new DataOutputBuffer();
    split.write(out);
    DataInputBuffer in = new DataInputBuffer();
    in.reset(out.getData(), out.getLength());
    CombinedSplit copy = new CombinedSplit();
    copy.readFields(in);
    assertEquals(split.toString(), copy.toString());
    assertEquals(split.getLength(), copy.getLength());

    CountingReporter reporter = new CountingReporter();
    List<byte[]> raw = new ArrayList<>();
    List<String> together = LogInputFormatTest.read(conf, copy, raw, reporter);
    LogInputFormat.setCombineSmallFiles(conf, false);
    List<InputSplit> alone = LogInputFormatTest.splits(conf, 32 << 20, dir);
    assertEquals(41, alone.size());
    assertEquals(LogInputFormatTest.readAll(conf, alone, new ArrayList<>(), new CountingReporter()), together);

    assertEquals(1, reporter.counters().findCounter(InputCounter.SPLITS).getValue());
    assertEquals(40, reporter.counters().findCounter(InputCounter.FILES).getValue());
    assertEquals(3, reporter.counters().findCounter(SevenZCounter.ENTRIES).getValue());
    Figures nonsolid = Fixtures.expected("nonsolid");
    Figures plain = StreamFixtures.figures(parts.toArray(new byte[0][]));
    assertEquals(nonsolid.records + plain.records, Figures.ofLines(raw).records);
  }
}
