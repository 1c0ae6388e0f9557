package io.logcount.jobs.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.VLongWritable;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mrunit.mapreduce.MapDriver;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.logcount.input.LineOrigin;

/**
 * The base mapper's line classification, through a small counting job whose key is the user
 * column and the time's epoch milliseconds: headers, time windows, bad timestamps, schemas by
 * name, other delimiters, skipped-folder reports and records a job rejects.
 */
public class LogMapperTest {

  /** Counts {@code user@millis} per record; rejects user "REJECT"; captures the side output. */
  static final class UserTimeMapper extends CountingMapper {
    final List<String> sideOutput = new ArrayList<>();

    @Override
    protected int[] columns(Configuration conf) {
      return new int[] {LogSettings.userColumn(conf)};
    }

    @Override
    protected boolean needsTime(Configuration conf) {
      return true;
    }

    @Override
    protected boolean key(LogRecord record, Text key) {
      record.copyField(0, key);
      if ("REJECT".equals(key.toString())) {
        return false;
      }
      key.set(key + "@" + record.time());
      return true;
    }

    @Override
    protected void writeMalformed(LineOrigin origin, Text line) {
      sideOutput.add(origin + "\t" + line);
    }
  }

  private UserTimeMapper mapper;
  private MapDriver<LineOrigin, Text, Text, VLongWritable> driver;

  @BeforeEach
  public void setUp() {
    mapper = new UserTimeMapper();
    driver = MapDriver.newMapDriver(mapper);
  }

  private static LineOrigin at(long offset) {
    LineOrigin o = new LineOrigin();
    o.setSource("a.7z", "e.tsv");
    o.setLine(offset, false);
    return o;
  }

  private static VLongWritable one() {
    return new VLongWritable(1);
  }

  private long counter(RecordCounter c) {
    return driver.getCounters().findCounter(c).getValue();
  }

  @Test
  public void timestampsInEveryFormParseToTheSameInstant() throws IOException {
    driver.withInput(at(0), new Text("a\tU\ts\tu\tg\t1767225600"))
        .withInput(at(1), new Text("a\tU\ts\tu\tg\t1767225600000"))
        .withInput(at(2), new Text("a\tU\ts\tu\tg\t2026-01-01T00:00:00Z"))
        .withInput(at(3), new Text("a\tU\ts\tu\tg\t2026-01-01T01:00:00+01:00"))
        .withOutput(new Text("U@1767225600000"), new VLongWritable(4)) // summed in the map-side table
        .runTest();
    assertEquals(4, counter(RecordCounter.RECORDS));
    assertEquals(1, driver.getCounters().findCounter(CountingMapper.AggregationCounter.PAIRS_WRITTEN).getValue());
    assertEquals(1, driver.getCounters().findCounter(CountingMapper.AggregationCounter.TASKS_AGGREGATING).getValue());
  }

  @Test
  public void withoutTheMapSideTableEveryRecordIsWrittenAsOne() throws IOException {
    MapAggregationSettings.setEnabled(driver.getConfiguration(), false);
    driver.withInput(at(0), new Text("a\tU\ts\tu\tg\t1767225600"))
        .withInput(at(1), new Text("a\tV\ts\tu\tg\t1767225600"))
        .withInput(at(2), new Text("a\tU\ts\tu\tg\t1767225600"))
        .withOutput(new Text("U@1767225600000"), one())
        .withOutput(new Text("V@1767225600000"), one())
        .withOutput(new Text("U@1767225600000"), one())
        .runTest();
    assertEquals(3, driver.getCounters().findCounter(CountingMapper.AggregationCounter.PAIRS_WRITTEN).getValue());
    assertEquals(1, driver.getCounters().findCounter(CountingMapper.AggregationCounter.TASKS_PASSING_THROUGH).getValue());
  }

  @Test
  public void unparsableTimestampIsMalformedWithItsOrigin() throws IOException {
    driver.withInput(at(7), new Text("a\tU\ts\tu\tg\tyesterday")).runTest();
    assertEquals(1, counter(RecordCounter.MALFORMED));
    assertEquals(1, counter(RecordCounter.BAD_TIMESTAMPS));
    assertEquals(0, counter(RecordCounter.RECORDS));
    assertEquals("a.7z!e.tsv@7\ta\tU\ts\tu\tg\tyesterday", mapper.sideOutput.get(0));
  }

  @Test
  public void eventsOutsideTheWindowAreCountedNotEmitted() throws IOException {
    driver.getConfiguration().set(LogSettings.FROM, "2026-01-02");
    driver.getConfiguration().set(LogSettings.TO, "2026-01-03T00:00:00Z");
    driver.withInput(at(0), new Text("a\tU\ts\tu\tg\t2026-01-01T23:59:59Z"))
        .withInput(at(1), new Text("a\tU\ts\tu\tg\t2026-01-02T00:00:00Z"))
        .withInput(at(2), new Text("a\tU\ts\tu\tg\t2026-01-03T00:00:00Z"))
        .withOutput(new Text("U@1767312000000"), one())
        .runTest();
    assertEquals(1, counter(RecordCounter.RECORDS));
    assertEquals(2, counter(RecordCounter.OUT_OF_WINDOW));
    assertEquals(0, counter(RecordCounter.MALFORMED));
  }

  @Test
  public void headerLineIsCountedOnlyWhenAsked() throws IOException {
    driver.getConfiguration().setBoolean(LogSettings.SKIP_HEADER, true);
    driver.withInput(at(0), new Text("AuctionID\tUserID\tSiteID\tURL\tUserAgent\tTimestamp"))
        .withInput(at(60), new Text("a\tU\ts\tu\tg\t0"))
        .withOutput(new Text("U@0"), one())
        .runTest();
    assertEquals(1, counter(RecordCounter.HEADER_LINES));
    assertEquals(1, counter(RecordCounter.RECORDS));
  }

  @Test
  public void otherSchemaAndDelimiterByName() throws IOException {
    Configuration conf = driver.getConfiguration();
    conf.set(LogSettings.SCHEMA, "when,who,what");
    conf.set(LogSettings.DELIMITER, "comma");
    conf.set(LogSettings.USER_COLUMN, "who");
    conf.set(LogSettings.TIME_COLUMN, "WHEN");
    driver.withInput(at(0), new Text("2026-01-01,bob,click"))
        .withInput(at(1), new Text("2026-01-01,,click"))
        .withOutput(new Text("bob@1767225600000"), one())
        .runTest();
    assertEquals(1, counter(RecordCounter.RECORDS));
    assertEquals(1, counter(RecordCounter.MALFORMED));
  }

  @Test
  public void unknownColumnNameListsTheKnownOnes() {
    Configuration conf = new Configuration(false);
    conf.set(LogSettings.USER_COLUMN, "Visitor");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LogSettings.validate(conf));
    assertTrue(e.getMessage().contains(LogSettings.USER_COLUMN), e.getMessage());
    assertTrue(e.getMessage().contains("AuctionID, UserID, SiteID, URL, UserAgent, Timestamp"), e.getMessage());
  }

  @Test
  public void recordTheJobRejectsIsMalformed() throws IOException {
    driver.withInput(at(3), new Text("a\tREJECT\ts\tu\tg\t0")).runTest();
    assertEquals(0, counter(RecordCounter.RECORDS));
    assertEquals(1, counter(RecordCounter.MALFORMED));
    assertEquals(1, mapper.sideOutput.size());
  }

  @Test
  public void skippedFolderReportIsNeitherALineNorARecord() throws IOException {
    LineOrigin report = new LineOrigin();
    report.setCorruptFolder("bad.7z", 3);
    driver.withInput(report, new Text("CRC mismatch")).runTest();
    Counters c = driver.getCounters();
    for (RecordCounter counter : RecordCounter.values()) {
      assertEquals(0, c.findCounter(counter).getValue(), counter.name());
    }
    assertEquals("bad.7z!folder 3\tCRC mismatch", mapper.sideOutput.get(0));
  }
}
