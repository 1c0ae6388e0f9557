package io.logcount.jobs.uniqueusers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.VLongWritable;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mrunit.mapreduce.MapDriver;
import org.apache.hadoop.mrunit.mapreduce.MapReduceDriver;
import org.apache.hadoop.mrunit.mapreduce.ReduceDriver;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.logcount.jobs.common.CountSumCombiner;
import io.logcount.jobs.common.LogSettings;
import io.logcount.jobs.common.RecordCounter;
import io.logcount.jobs.uniqueusers.UniqueUsersReducer.UniqueUsersCounter;
import io.logcount.input.LineOrigin;

/** MRUnit tests of the mapper, the combiner and the reducer of {@code unique-users}. */
public class UniqueUsersMapReduceTest {

  /** The mapper with its side output captured in memory. */
  static final class CapturingMapper extends UniqueUsersMapper {
    final List<String> malformed = new ArrayList<>();

    @Override
    protected void writeMalformed(LineOrigin origin, Text line) {
      malformed.add(origin + "\t" + line);
    }
  }

  private CapturingMapper mapper;
  private MapDriver<LineOrigin, Text, Text, VLongWritable> mapDriver;

  @BeforeEach
  public void setUp() {
    mapper = new CapturingMapper();
    mapDriver = MapDriver.newMapDriver(mapper);
  }

  private static LineOrigin origin(String entry, long offset, boolean truncated) {
    LineOrigin o = new LineOrigin();
    o.setSource("a.7z", entry);
    o.setLine(offset, truncated);
    return o;
  }

  private static VLongWritable one() {
    return new VLongWritable(1);
  }

  @Test
  public void validLinesEmitTheUserWithOne() throws IOException {
    mapDriver.withInput(origin("e.tsv", 0, false), new Text("a1\tU1\tsite\turl\tagent\t1"))
        .withInput(origin("e.tsv", 30, false), new Text("a2\tU2\tsite"))
        .withOutput(new Text("U1"), one())
        .withOutput(new Text("U2"), one())
        .runTest();
    Counters c = mapDriver.getCounters();
    assertEquals(2, c.findCounter(RecordCounter.RECORDS).getValue());
    assertEquals(0, c.findCounter(RecordCounter.MALFORMED).getValue());
  }

  @Test
  public void blankLinesAreCountedNotEmitted() throws IOException {
    mapDriver.withInput(origin("e.tsv", 0, false), new Text(""))
        .withInput(origin("e.tsv", 1, false), new Text(" \t "))
        .runTest();
    assertEquals(2, mapDriver.getCounters().findCounter(RecordCounter.BLANK_LINES).getValue());
    assertEquals(0, mapDriver.getCounters().findCounter(RecordCounter.RECORDS).getValue());
    assertEquals(0, mapper.malformed.size());
  }

  @Test
  public void missingUserColumnIsMalformedWithOrigin() throws IOException {
    mapDriver.withInput(origin("logs/x.tsv", 42, false), new Text("only-auction-id"))
        .withInput(origin("logs/x.tsv", 60, false), new Text("a\t\tsite"))
        .runTest();
    assertEquals(2, mapDriver.getCounters().findCounter(RecordCounter.MALFORMED).getValue());
    assertEquals(Arrays.asList("a.7z!logs/x.tsv@42\tonly-auction-id", "a.7z!logs/x.tsv@60\ta\t\tsite"),
        mapper.malformed);
  }

  @Test
  public void truncatedLineIsMalformedAndTooLong() throws IOException {
    mapDriver.withInput(origin("big.tsv", 7, true), new Text("a\tU1\tcut-here"))
        .runTest();
    Counters c = mapDriver.getCounters();
    assertEquals(1, c.findCounter(RecordCounter.LINES_TOO_LONG).getValue());
    assertEquals(1, c.findCounter(RecordCounter.MALFORMED).getValue());
    assertEquals(0, c.findCounter(RecordCounter.RECORDS).getValue());
    assertEquals(1, mapper.malformed.size());
  }

  @Test
  public void userColumnIsConfigurable() throws IOException {
    LogSettings.setUserColumn(mapDriver.getConfiguration(), "2");
    mapDriver.withInput(origin("e.tsv", 0, false), new Text("a\tb\tsite7\td"))
        .withOutput(new Text("site7"), one())
        .runTest();
  }

  @Test
  public void invalidUtf8UserIdPassesThroughAsBytes() throws IOException {
    byte[] line = {'a', '\t', (byte) 0xff, (byte) 0xfe, '\t', 'z'};
    Text value = new Text();
    value.set(line);
    Text user = new Text();
    user.set(new byte[] {(byte) 0xff, (byte) 0xfe});
    mapDriver.withInput(origin("e.tsv", 0, false), value).withOutput(user, one()).runTest();
  }

  @Test
  public void combinerSumsWithoutCountingUsers() throws IOException {
    ReduceDriver<Text, VLongWritable, Text, VLongWritable> driver = ReduceDriver.newReduceDriver(new CountSumCombiner());
    driver.withInput(new Text("U1"), Arrays.asList(new VLongWritable(2), new VLongWritable(3)))
        .withOutput(new Text("U1"), new VLongWritable(5))
        .runTest();
    assertEquals(0, driver.getCounters().findCounter(UniqueUsersCounter.DISTINCT_USERS).getValue());
  }

  @Test
  public void reducerSumsAndCountsDistinctUsers() throws IOException {
    ReduceDriver<Text, VLongWritable, Text, VLongWritable> driver = ReduceDriver.newReduceDriver(new UniqueUsersReducer());
    driver.withInput(new Text("U1"), Arrays.asList(new VLongWritable(2), new VLongWritable(3)))
        .withInput(new Text("U2"), Arrays.asList(new VLongWritable(1)))
        .withOutput(new Text("U1"), new VLongWritable(5))
        .withOutput(new Text("U2"), new VLongWritable(1))
        .runTest();
    assertEquals(2, driver.getCounters().findCounter(UniqueUsersCounter.DISTINCT_USERS).getValue());
  }

  @Test
  public void wholePipelineWithCombinerCountsEachUserOnce() throws IOException {
    MapReduceDriver<LineOrigin, Text, Text, VLongWritable, Text, VLongWritable> driver =
        MapReduceDriver.newMapReduceDriver(new CapturingMapper(), new UniqueUsersReducer(), new CountSumCombiner());
    String[] users = {"U2", "U1", "U2", "U3", "U2", "U1"};
    long offset = 0;
    for (String u : users) {
      String line = "x\t" + u + "\ts";
      driver.withInput(origin("e.tsv", offset, false), new Text(line));
      offset += line.getBytes(StandardCharsets.UTF_8).length + 1;
    }
    driver.withOutput(new Text("U1"), new VLongWritable(2))
        .withOutput(new Text("U2"), new VLongWritable(3))
        .withOutput(new Text("U3"), new VLongWritable(1))
        .runTest();
    Counters c = driver.getCounters();
    assertEquals(3, c.findCounter(UniqueUsersCounter.DISTINCT_USERS).getValue());
    assertEquals(6, c.findCounter(RecordCounter.RECORDS).getValue());
  }
}
