package io.logcount.jobs.distinctby;

import java.io.IOException;

import org.apache.datasketches.cpc.CpcSketch;
import org.apache.datasketches.cpc.CpcUnion;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Counter;
import org.apache.hadoop.mapreduce.Reducer;

import io.logcount.jobs.distinctby.DistinctByReducer.DistinctByCounter;
import io.logcount.sketch.SketchCounter;
import io.logcount.sketch.Sketches;

/**
 * Merges each key's sketches and writes {@code key<TAB>estimate<TAB>events<TAB>lower<TAB>upper}:
 * the exact job's three columns (distinct values estimated, events exact), then the estimate's
 * 95% bounds.
 */
public class ApproxDistinctByReducer extends Reducer<Text, KeySketchWritable, Text, Text> {

  private final Text figures = new Text();
  private int lgK;
  private Counter keys;
  private Counter merged;

  @Override
  protected void setup(Context context) {
    lgK = Sketches.getLgK(context.getConfiguration());
    keys = context.getCounter(DistinctByCounter.KEYS);
    merged = context.getCounter(SketchCounter.SKETCHES_MERGED);
  }

  @Override
  protected void reduce(Text key, Iterable<KeySketchWritable> sketches, Context context)
      throws IOException, InterruptedException {
    CpcUnion union = new CpcUnion(lgK);
    long events = merge(key, sketches, union, merged);
    CpcSketch sketch = union.getResult();
    figures.set(Sketches.estimate(sketch) + "\t" + events + "\t" + Sketches.lowerBound(sketch) + "\t"
        + Sketches.upperBound(sketch));
    context.write(key, figures);
    keys.increment(1);
  }

  /** Adds a key's sketches to {@code union}; returns their events. */
  static long merge(Text key, Iterable<KeySketchWritable> sketches, CpcUnion union, Counter merged) throws IOException {
    long events = 0;
    for (KeySketchWritable s : sketches) {
      union.update(Sketches.read(s.sketch(), s.length(), "the sketch of key '" + key + "'"));
      events += s.events();
      merged.increment(1);
    }
    return events;
  }

  /**
   * Merges a key's sketches on the map side, for tasks that emitted a key more than once (more
   * keys than fit under {@link ApproxDistinctByMapper#TABLE_BYTES}). Counts nothing: merges there are not final.
   */
  public static class Combiner extends Reducer<Text, KeySketchWritable, Text, KeySketchWritable> {

    private final KeySketchWritable out = new KeySketchWritable();
    private int lgK;

    @Override
    protected void setup(Context context) {
      lgK = Sketches.getLgK(context.getConfiguration());
    }

    @Override
    protected void reduce(Text key, Iterable<KeySketchWritable> sketches, Context context)
        throws IOException, InterruptedException {
      CpcUnion union = new CpcUnion(lgK);
      long events = 0;
      for (KeySketchWritable s : sketches) {
        union.update(Sketches.read(s.sketch(), s.length(), "the sketch of key '" + key + "'"));
        events += s.events();
      }
      out.set(events, union.getResult().toByteArray());
      context.write(key, out);
    }
  }
}
