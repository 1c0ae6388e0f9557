package io.logcount.jobs.approx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.datasketches.cpc.CpcSketch;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mrunit.mapreduce.MapDriver;
import org.apache.hadoop.mrunit.mapreduce.ReduceDriver;
import org.apache.hadoop.mrunit.types.Pair;
import org.junit.jupiter.api.Test;

import io.logcount.input.LineOrigin;
import io.logcount.jobs.common.RecordCounter;
import io.logcount.sketch.SketchCounter;
import io.logcount.sketch.Sketches;

/** MRUnit tests of approx-unique-users' mapper (one sketch per task) and reducer (the union). */
public class ApproxUniqueUsersMapReduceTest {

  /** The mapper with malformed lines kept in a list instead of a side output. */
  static final class Mapper extends UserSketchMapper {
    final List<String> malformed = new ArrayList<>();

    @Override
    protected void writeMalformed(LineOrigin origin, Text line) {
      malformed.add(origin + "\t" + line);
    }
  }

  /** The reducer with its merged sketch kept in memory instead of OUTPUT/users.sketch. */
  static final class Reducer extends SketchUnionReducer {
    byte[] saved;

    @Override
    protected void saveSketch(byte[] sketch, Context context) {
      saved = sketch;
    }
  }

  private static LineOrigin at(long offset) {
    LineOrigin o = new LineOrigin();
    o.setSource("a.7z", "e.tsv");
    o.setLine(offset, false);
    return o;
  }

  /** A sketch of {@code users} as the one key form hashes them: their raw bytes. */
  static CpcSketch sketchOf(int lgK, String... users) {
    CpcSketch s = new CpcSketch(lgK);
    for (String u : users) {
      s.update(u.getBytes(StandardCharsets.UTF_8));
    }
    return s;
  }

  private static BytesWritable bytes(CpcSketch s) {
    return new BytesWritable(s.toByteArray());
  }

  @Test
  public void mapTaskEmitsOneSketchOfItsUsersAtTheEnd() throws IOException {
    Mapper mapper = new Mapper();
    MapDriver<LineOrigin, Text, NullWritable, BytesWritable> driver = MapDriver.newMapDriver(mapper);
    driver.withInput(at(0), new Text("a\tU1\ts\tu\tg\t0"))
        .withInput(at(1), new Text("b\tU2\ts\tu\tg\t0"))
        .withInput(at(2), new Text("c\tU1\ts\tu\tg\t0"))
        .withInput(at(3), new Text("d\t\ts\tu\tg\t0"))
        .withInput(at(4), new Text("   "))
        .withInput(at(5), new Text("e\tU\u00e9\ts\tu\tg\t0"));
    List<Pair<NullWritable, BytesWritable>> out = driver.run();
    assertEquals(1, out.size());
    BytesWritable sketch = out.get(0).getSecond();
    // byte for byte the sketch of update(byte[]) on copies of the IDs: the key form is the raw bytes
    assertArrayEquals(sketchOf(Sketches.DEFAULT_LG_K, "U1", "U2", "U1", "U\u00e9").toByteArray(), sketch.copyBytes());
    assertEquals(3, Sketches.estimate(Sketches.read(sketch.getBytes(), sketch.getLength(), "test")));
    assertEquals(1, driver.getCounters().findCounter(SketchCounter.SKETCHES).getValue());
    assertEquals(4, driver.getCounters().findCounter(RecordCounter.RECORDS).getValue());
    assertEquals(1, driver.getCounters().findCounter(RecordCounter.MALFORMED).getValue());
    assertEquals(1, driver.getCounters().findCounter(RecordCounter.BLANK_LINES).getValue());
    assertEquals(Arrays.asList("a.7z!e.tsv@3\td\t\ts\tu\tg\t0"), mapper.malformed);
  }

  @Test
  public void sketchSizeFollowsTheLgKSetting() throws IOException {
    MapDriver<LineOrigin, Text, NullWritable, BytesWritable> driver = MapDriver.newMapDriver(new Mapper());
    Sketches.setLgK(driver.getConfiguration(), 10);
    driver.withInput(at(0), new Text("a\tU1\ts\tu\tg\t0"));
    BytesWritable sketch = driver.run().get(0).getSecond();
    assertEquals(10, Sketches.read(sketch.getBytes(), sketch.getLength(), "test").getLgK());
  }

  @Test
  public void mapTaskWithoutRecordsEmitsAnEmptySketch() throws IOException {
    MapDriver<LineOrigin, Text, NullWritable, BytesWritable> driver = MapDriver.newMapDriver(new Mapper());
    driver.withInput(at(0), new Text(""));
    List<Pair<NullWritable, BytesWritable>> out = driver.run();
    assertEquals(1, out.size());
    BytesWritable sketch = out.get(0).getSecond();
    assertTrue(Sketches.read(sketch.getBytes(), sketch.getLength(), "test").isEmpty());
  }

  @Test
  public void reducerMergesSketchesCountingEachUserOnce() throws IOException {
    Reducer reducer = new Reducer();
    ReduceDriver<NullWritable, BytesWritable, NullWritable, Text> driver = ReduceDriver.newReduceDriver(reducer);
    CpcSketch first = sketchOf(Sketches.DEFAULT_LG_K, "U1", "U2", "U3");
    driver.withInput(NullWritable.get(), Arrays.asList(bytes(first), bytes(sketchOf(Sketches.DEFAULT_LG_K, "U3", "U4")),
        bytes(first)));
    List<Pair<NullWritable, Text>> out = driver.run();
    assertEquals(1, out.size());
    String[] line = out.get(0).getSecond().toString().split("\t");
    assertEquals("4", line[0]);
    assertTrue(Long.parseLong(line[1]) <= 4 && Long.parseLong(line[2]) >= 4);
    assertEquals(3, driver.getCounters().findCounter(SketchCounter.SKETCHES_MERGED).getValue());
    CpcSketch saved = Sketches.read(reducer.saved, reducer.saved.length, "saved");
    assertEquals(4, Sketches.estimate(saved));
    assertEquals(Sketches.DEFAULT_LG_K, saved.getLgK());
  }

  @Test
  public void reducerRejectsBytesThatAreNotASketch() {
    ReduceDriver<NullWritable, BytesWritable, NullWritable, Text> driver = ReduceDriver.newReduceDriver(new Reducer());
    driver.withInput(NullWritable.get(), Arrays.asList(new BytesWritable(new byte[] {1, 2, 3, 4, 5, 6, 7, 8})));
    IOException e = org.junit.Assert.assertThrows(IOException.class, driver::run);
    assertTrue(e.getMessage().contains("map output sketch 0 is not a CPC sketch"), e.getMessage());
  }
}
