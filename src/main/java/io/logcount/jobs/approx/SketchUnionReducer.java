package io.logcount.jobs.approx;

import java.io.IOException;
import java.io.OutputStream;

import org.apache.datasketches.cpc.CpcSketch;
import org.apache.datasketches.cpc.CpcUnion;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Reducer;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;

import io.logcount.sketch.SketchCounter;
import io.logcount.sketch.Sketches;

/**
 * The one reducer of approx-unique-users: merges the map tasks' sketches and writes
 * {@code estimate<TAB>lower<TAB>upper} (95% bounds), and the merged sketch itself as
 * {@code OUTPUT/}{@value #SKETCH_FILE}, committed with the job's other output (so a failed job
 * leaves no sketch behind). Runs its write in {@link #cleanup}, so an input with no map output
 * still gets its answer: 0.
 */
public class SketchUnionReducer extends Reducer<NullWritable, BytesWritable, NullWritable, Text> {

  /** The merged sketch inside OUTPUT. */
  public static final String SKETCH_FILE = "users.sketch";

  private CpcUnion union;

  @Override
  protected void setup(Context context) {
    union = new CpcUnion(Sketches.getLgK(context.getConfiguration()));
  }

  @Override
  protected void reduce(NullWritable key, Iterable<BytesWritable> sketches, Context context) throws IOException {
    int n = 0;
    for (BytesWritable bytes : sketches) {
      union.update(Sketches.read(bytes.getBytes(), bytes.getLength(), "map output sketch " + n++));
      context.getCounter(SketchCounter.SKETCHES_MERGED).increment(1);
    }
  }

  @Override
  protected void cleanup(Context context) throws IOException, InterruptedException {
    CpcSketch merged = union.getResult();
    context.write(NullWritable.get(), new Text(Sketches.estimateLine(merged)));
    saveSketch(merged.toByteArray(), context);
  }

  /** Writes the merged sketch into the task's work directory, moved into OUTPUT at commit; tests override it. */
  protected void saveSketch(byte[] sketch, Context context) throws IOException, InterruptedException {
    Path file = new Path(FileOutputFormat.getWorkOutputPath(context), SKETCH_FILE);
    try (OutputStream out = file.getFileSystem(context.getConfiguration()).create(file, false)) {
      out.write(sketch);
    }
  }
}
