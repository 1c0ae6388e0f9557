package io.logcount.jobs.distinctby;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.datasketches.cpc.CpcSketch;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mrunit.mapreduce.MapDriver;
import org.apache.hadoop.mrunit.mapreduce.ReduceDriver;
import org.apache.hadoop.mrunit.types.Pair;
import org.junit.jupiter.api.Test;

import io.logcount.input.LineOrigin;
import io.logcount.jobs.common.RecordCounter;
import io.logcount.jobs.distinctby.DistinctByReducer.DistinctByCounter;
import io.logcount.sketch.SketchCounter;
import io.logcount.sketch.Sketches;

/** MRUnit tests of {@code distinct-by --approx}: the bounded table of sketches, the combiner and the reducer. */
public class ApproxDistinctByMapReduceTest {

  /** The mapper with malformed lines counted only (MRUnit has no side outputs). */
  static final class Mapper extends ApproxDistinctByMapper {
    @Override
    protected void writeMalformed(LineOrigin origin, Text line) {
    }
  }

  private static LineOrigin at(long offset) {
    LineOrigin o = new LineOrigin();
    o.setSource("a.7z", "e.tsv");
    o.setLine(offset, false);
    return o;
  }

  private static Text line(String user, String site) {
    return new Text("a\t" + user + "\t" + site + "\tu\tg\t1767225600");
  }

  private static KeySketchWritable sketch(long events, String... values) {
    CpcSketch s = new CpcSketch(Sketches.DEFAULT_LG_K);
    for (String v : values) {
      s.update(v.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    KeySketchWritable w = new KeySketchWritable();
    w.set(events, s.toByteArray());
    return w;
  }

  private static long estimate(KeySketchWritable w) throws IOException {
    return Sketches.estimate(Sketches.read(w.sketch(), w.length(), "test"));
  }

  @Test
  public void oneSketchPerKeyWithItsEvents() throws IOException {
    MapDriver<LineOrigin, Text, Text, KeySketchWritable> driver = MapDriver.newMapDriver(new Mapper());
    driver.getConfiguration().set(DistinctByMapper.KEY, "SiteID");
    driver.withInput(at(0), line("U1", "s1")).withInput(at(1), line("U2", "s1")).withInput(at(2), line("U1", "s1"))
        .withInput(at(3), line("U1", "s2")).withInput(at(4), line("U3", ""));
    Map<String, long[]> byKey = new HashMap<>();
    for (Pair<Text, KeySketchWritable> p : driver.run()) {
      byKey.put(p.getFirst().toString(), new long[] {estimate(p.getSecond()), p.getSecond().events()});
    }
    assertEquals(2, byKey.size());
    assertEquals(Arrays.toString(new long[] {2, 3}), Arrays.toString(byKey.get("s1")));
    assertEquals(Arrays.toString(new long[] {1, 1}), Arrays.toString(byKey.get("s2")));
    assertEquals(2, driver.getCounters().findCounter(SketchCounter.SKETCHES).getValue());
    assertEquals(4, driver.getCounters().findCounter(RecordCounter.RECORDS).getValue());
    assertEquals(1, driver.getCounters().findCounter(RecordCounter.MALFORMED).getValue());
  }

  @Test
  public void dayKeysAreUtcLabels() throws IOException {
    MapDriver<LineOrigin, Text, Text, KeySketchWritable> driver = MapDriver.newMapDriver(new Mapper());
    driver.getConfiguration().set(DistinctByMapper.KEY, "day");
    List<Pair<Text, KeySketchWritable>> out = driver.withInput(at(0), line("U1", "s1")).run();
    assertEquals("2026-01-01", out.get(0).getFirst().toString());
  }

  @Test
  public void fullTableIsEmittedSoMemoryStaysBounded() throws IOException {
    MapDriver<LineOrigin, Text, Text, KeySketchWritable> driver = MapDriver.newMapDriver(new Mapper());
    driver.getConfiguration().set(DistinctByMapper.KEY, "SiteID");
    long entry = ApproxDistinctByMapper.ENTRY_BYTES + ApproxDistinctByMapper.VALUE_BYTES;
    driver.getConfiguration().setLong(ApproxDistinctByMapper.TABLE_BYTES, 2 * entry + 1);
    // s1, s2 fill the table; s3 passes its bound: all three are emitted; s1 again starts a new
    // sketch, emitted at the end
    driver.withInput(at(0), line("U1", "s1")).withInput(at(1), line("U2", "s2")).withInput(at(2), line("U3", "s3"))
        .withInput(at(3), line("U4", "s1"));
    List<Pair<Text, KeySketchWritable>> out = driver.run();
    assertEquals(4, out.size());
    assertEquals(4, driver.getCounters().findCounter(SketchCounter.SKETCHES).getValue());
    assertEquals(2, out.stream().filter(p -> p.getFirst().toString().equals("s1")).count());
  }

  @Test
  public void reducerMergesAKeysSketchesWithBounds() throws IOException {
    ReduceDriver<Text, KeySketchWritable, Text, Text> driver = ReduceDriver.newReduceDriver(new ApproxDistinctByReducer());
    driver.withInput(new Text("s1"), Arrays.asList(sketch(5, "U1", "U2"), sketch(2, "U2", "U3"), sketch(5, "U1", "U2")))
        .withInput(new Text("s2"), Arrays.asList(sketch(1, "U9")));
    List<Pair<Text, Text>> out = driver.run();
    assertEquals(2, out.size());
    String[] s1 = out.get(0).getSecond().toString().split("\t");
    assertEquals("s1", out.get(0).getFirst().toString());
    assertEquals("3", s1[0]);
    assertEquals("12", s1[1]);
    assertTrue(Long.parseLong(s1[2]) <= 3 && Long.parseLong(s1[3]) >= 3);
    assertEquals("1\t1", out.get(1).getSecond().toString().substring(0, 3));
    assertEquals(2, driver.getCounters().findCounter(DistinctByCounter.KEYS).getValue());
    assertEquals(4, driver.getCounters().findCounter(SketchCounter.SKETCHES_MERGED).getValue());
  }

  @Test
  public void combinerMergesWithoutCounting() throws IOException {
    ReduceDriver<Text, KeySketchWritable, Text, KeySketchWritable> driver =
        ReduceDriver.newReduceDriver(new ApproxDistinctByReducer.Combiner());
    List<Pair<Text, KeySketchWritable>> out = driver
        .withInput(new Text("s1"), Arrays.asList(sketch(5, "U1", "U2"), sketch(2, "U2", "U3"))).run();
    assertEquals(1, out.size());
    assertEquals(7, out.get(0).getSecond().events());
    assertEquals(3, estimate(out.get(0).getSecond()));
    assertEquals(0, driver.getCounters().findCounter(SketchCounter.SKETCHES_MERGED).getValue());
  }

  @Test
  public void writableRoundTripsAndReusesItsBuffer() throws IOException {
    KeySketchWritable big = sketch(7, "U1", "U2", "U3");
    KeySketchWritable small = sketch(1);
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    big.write(out);
    small.write(out);
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
    KeySketchWritable read = new KeySketchWritable();
    read.readFields(in);
    assertEquals(7, read.events());
    assertEquals(3, estimate(read));
    read.readFields(in);
    assertEquals(1, read.events());
    assertEquals(small.length(), read.length());
    assertEquals(0, estimate(read));
  }

  @Test
  public void lgKWithoutApproxIsABadUsage() throws Exception {
    io.logcount.testing.LocalRunner.quietHadoop();
    io.logcount.testing.LocalRunner.Run run = io.logcount.testing.LocalRunner.run("distinct-by", "--key", "day",
        "--lg-k", "12", "in", "out");
    assertEquals(2, run.exit);
    assertTrue(run.err.contains("--lg-k sizes the sketches of --approx"), run.err);
  }
}
