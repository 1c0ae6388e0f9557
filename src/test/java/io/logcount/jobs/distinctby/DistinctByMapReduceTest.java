package io.logcount.jobs.distinctby;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.Arrays;

import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.VLongWritable;
import org.apache.hadoop.mrunit.mapreduce.MapDriver;
import org.apache.hadoop.mrunit.mapreduce.ReduceDriver;
import org.junit.jupiter.api.Test;

import io.logcount.input.LineOrigin;
import io.logcount.jobs.common.RecordCounter;
import io.logcount.jobs.distinctby.DistinctByReducer.DistinctByCounter;

/** MRUnit tests of {@code distinct-by}'s mapper, partitioner and reducer. */
public class DistinctByMapReduceTest {

  private static LineOrigin at(long offset) {
    LineOrigin o = new LineOrigin();
    o.setSource("a.7z", "e.tsv");
    o.setLine(offset, false);
    return o;
  }

  private static Text pair(String key, String value) {
    Text t = new Text(key);
    t.append(new byte[] {0}, 0, 1);
    byte[] v = value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    t.append(v, 0, v.length);
    return t;
  }

  /** The mapper with its side output kept in memory (no MultipleOutputs under MRUnit). */
  static final class CapturingMapper extends DistinctByMapper {
    final java.util.List<String> malformed = new java.util.ArrayList<>();

    @Override
    protected void writeMalformed(LineOrigin origin, Text line) {
      malformed.add(origin + "\t" + line);
    }
  }

  @Test
  public void siteKeyPairsTheUserWithTheSite() throws IOException {
    MapDriver<LineOrigin, Text, Text, VLongWritable> driver = MapDriver.newMapDriver(new CapturingMapper());
    driver.getConfiguration().set(DistinctByMapper.KEY, "SiteID");
    driver.withInput(at(0), new Text("a\tU1\tsite7\tu\tg\t0"))
        .withInput(at(1), new Text("a\tU1\t\tu\tg\t0"))
        .withOutput(pair("site7", "U1"), new VLongWritable(1))
        .runTest();
    assertEquals(1, driver.getCounters().findCounter(RecordCounter.MALFORMED).getValue());
  }

  @Test
  public void dayAndHourKeysAreUtcLabels() throws IOException {
    MapDriver<LineOrigin, Text, Text, VLongWritable> day = MapDriver.newMapDriver(new CapturingMapper());
    day.getConfiguration().set(DistinctByMapper.KEY, "day");
    day.withInput(at(0), new Text("a\tU1\ts\tu\tg\t2026-01-05T23:30:00-01:00"))
        .withOutput(pair("2026-01-06", "U1"), new VLongWritable(1))
        .runTest();
    MapDriver<LineOrigin, Text, Text, VLongWritable> hour = MapDriver.newMapDriver(new CapturingMapper());
    hour.getConfiguration().set(DistinctByMapper.KEY, "hour");
    hour.getConfiguration().set(DistinctByMapper.VALUE, "SiteID");
    hour.withInput(at(0), new Text("a\tU1\tsite\tu\tg\t1767225600"))
        .withOutput(pair("2026-01-01T00", "site"), new VLongWritable(1))
        .runTest();
  }

  @Test
  public void keyWithANulByteIsMalformedNotMiscounted() throws IOException {
    MapDriver<LineOrigin, Text, Text, VLongWritable> driver = MapDriver.newMapDriver(new CapturingMapper());
    driver.getConfiguration().set(DistinctByMapper.KEY, "SiteID");
    driver.withInput(at(0), new Text("a\tU1\tsi\u0000te\tu\tg\t0")).runTest();
    assertEquals(1, driver.getCounters().findCounter(RecordCounter.MALFORMED).getValue());
    assertEquals(0, driver.getCounters().findCounter(RecordCounter.RECORDS).getValue());
  }

  @Test
  public void partitionerLooksAtTheKeyOnly() {
    KeyPartitioner p = new KeyPartitioner();
    for (int parts : new int[] {1, 3, 7}) {
      int first = p.getPartition(pair("site7", "U1"), new VLongWritable(1), parts);
      for (String user : Arrays.asList("U2", "zzz", "", "U1-other")) {
        assertEquals(first, p.getPartition(pair("site7", user), new VLongWritable(1), parts));
      }
    }
  }

  @Test
  public void reducerCountsDistinctValuesAndEventsPerKey() throws IOException {
    ReduceDriver<Text, VLongWritable, Text, Text> driver = ReduceDriver.newReduceDriver(new DistinctByReducer());
    driver.withInput(pair("a", "U1"), Arrays.asList(new VLongWritable(2), new VLongWritable(3)))
        .withInput(pair("a", "U2"), Arrays.asList(new VLongWritable(1)))
        .withInput(pair("ab", "U1"), Arrays.asList(new VLongWritable(4)))
        .withOutput(new Text("a"), new Text("2\t6"))
        .withOutput(new Text("ab"), new Text("1\t4"))
        .runTest();
    assertEquals(2, driver.getCounters().findCounter(DistinctByCounter.KEYS).getValue());
    assertEquals(3, driver.getCounters().findCounter(DistinctByCounter.PAIRS).getValue());
  }
}
