package io.logcount.jobs.countby;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.VLongWritable;
import org.apache.hadoop.mrunit.mapreduce.MapDriver;
import org.apache.hadoop.mrunit.mapreduce.ReduceDriver;
import org.junit.jupiter.api.Test;

import io.logcount.input.LineOrigin;
import io.logcount.jobs.common.RecordCounter;
import io.logcount.jobs.countby.CountByReducer.CountByCounter;

/** MRUnit tests of {@code count-by}'s mapper and reducer. */
public class CountByMapReduceTest {

  private static LineOrigin at(long offset) {
    LineOrigin o = new LineOrigin();
    o.setSource("a.7z", "e.tsv");
    o.setLine(offset, false);
    return o;
  }

  @Test
  public void countsTheNamedColumnsValue() throws IOException {
    MapDriver<LineOrigin, Text, Text, VLongWritable> driver = MapDriver.newMapDriver(new CountByMapper() {
      @Override
      protected void writeMalformed(LineOrigin origin, Text line) {
        // captured by the counters; LogMapperTest checks the side output itself
      }
    });
    driver.getConfiguration().set(CountByMapper.COLUMN, "UserAgent");
    driver.withInput(at(0), new Text("a\tU\ts\tu\tFirefox\t0"))
        .withInput(at(1), new Text("a\tU\ts\tu"))
        .withOutput(new Text("Firefox"), new VLongWritable(1))
        .runTest();
    assertEquals(1, driver.getCounters().findCounter(RecordCounter.MALFORMED).getValue());
  }

  @Test
  public void missingColumnSettingNamesTheKey() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CountByMapper.getColumn(new Configuration(false)));
    assertTrue(e.getMessage().contains(CountByMapper.COLUMN), e.getMessage());
  }

  @Test
  public void reducerSumsAndCountsValues() throws IOException {
    ReduceDriver<Text, VLongWritable, Text, VLongWritable> driver = ReduceDriver.newReduceDriver(new CountByReducer());
    driver.withInput(new Text("x"), Arrays.asList(new VLongWritable(2), new VLongWritable(40)))
        .withInput(new Text("y"), Arrays.asList(new VLongWritable(1)))
        .withOutput(new Text("x"), new VLongWritable(42))
        .withOutput(new Text("y"), new VLongWritable(1))
        .runTest();
    assertEquals(2, driver.getCounters().findCounter(CountByCounter.DISTINCT_VALUES).getValue());
  }
}
