package io.logcount.jobs.approx;

import java.io.IOException;

import org.apache.datasketches.cpc.CpcSketch;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.BytesWritable;
import org.apache.hadoop.io.NullWritable;

import io.logcount.jobs.common.LogMapper;
import io.logcount.jobs.common.LogRecord;
import io.logcount.jobs.common.LogSettings;
import io.logcount.sketch.SketchCounter;
import io.logcount.sketch.SketchKey;
import io.logcount.sketch.Sketches;

/**
 * Adds every valid record's user ID (its raw bytes, {@link SketchKey}) to one sketch per map
 * task and emits that sketch once, at the end: a map task shuffles a few kilobytes whatever
 * its input, never a record per user.
 */
public class UserSketchMapper extends LogMapper<NullWritable, BytesWritable> {

  private final SketchKey key = new SketchKey();
  private CpcSketch sketch;

  @Override
  protected int[] columns(Configuration conf) {
    return new int[] {LogSettings.userColumn(conf)};
  }

  @Override
  protected void setup(Context context) throws IOException, InterruptedException {
    super.setup(context);
    sketch = Sketches.newSketch(context.getConfiguration());
  }

  @Override
  protected boolean record(LogRecord record, Context context) {
    key.update(sketch, record.bytes(), record.start(0), record.fieldLength(0));
    return true;
  }

  @Override
  protected void cleanup(Context context) throws IOException, InterruptedException {
    try {
      context.write(NullWritable.get(), new BytesWritable(sketch.toByteArray()));
      context.getCounter(SketchCounter.SKETCHES).increment(1);
    } finally {
      super.cleanup(context);
    }
  }
}
