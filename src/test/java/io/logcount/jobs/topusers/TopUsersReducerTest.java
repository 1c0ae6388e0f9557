package io.logcount.jobs.topusers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.Arrays;

import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.VLongWritable;
import org.apache.hadoop.mrunit.mapreduce.ReduceDriver;
import org.junit.jupiter.api.Test;

import io.logcount.jobs.topusers.TopUsersReducer.TopUsersCounter;

/** MRUnit test of {@code top-users}' reducer: the local top N, best first, ties by user bytes. */
public class TopUsersReducerTest {

  private static VLongWritable n(long v) {
    return new VLongWritable(v);
  }

  @Test
  public void keepsTheBestNWithTiesBrokenByUserBytes() throws IOException {
    ReduceDriver<Text, VLongWritable, Text, VLongWritable> driver = ReduceDriver.newReduceDriver(new TopUsersReducer());
    driver.getConfiguration().setInt(TopUsersReducer.N, 3);
    driver.withInput(new Text("a"), Arrays.asList(n(1), n(1)))
        .withInput(new Text("b"), Arrays.asList(n(5)))
        .withInput(new Text("c"), Arrays.asList(n(2)))
        .withInput(new Text("d"), Arrays.asList(n(2)))
        .withInput(new Text("\u00e9"), Arrays.asList(n(2)))
        .withInput(new Text("e"), Arrays.asList(n(1)))
        .withOutput(new Text("b"), n(5))
        .withOutput(new Text("a"), n(2))
        .withOutput(new Text("c"), n(2))
        .runTest();
    assertEquals(6, driver.getCounters().findCounter(TopUsersCounter.DISTINCT_USERS).getValue());
  }

  @Test
  public void nIsValidated() {
    org.apache.hadoop.conf.Configuration conf = new org.apache.hadoop.conf.Configuration(false);
    conf.setInt(TopUsersReducer.N, 0);
    IllegalArgumentException e = org.junit.Assert.assertThrows(IllegalArgumentException.class,
        () -> TopUsersReducer.getN(conf));
    org.junit.Assert.assertTrue(e.getMessage().contains(TopUsersReducer.N));
  }
}
