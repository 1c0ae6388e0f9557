package io.logcount.formats;

import java.io.IOException;
import java.util.List;

import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;

import io.logcount.input.InputCounter;
import io.logcount.input.LineOrigin;

/**
 * Reads the children of a {@link CombinedSplit} one after the other, each with its own reader
 * (which counts its lines, bytes and files); the combined split counts as one split. Progress is
 * the share of the children's packed bytes read.
 */
public class CombinedRecordReader extends RecordReader<LineOrigin, Text> {

  private List<InputSplit> children;
  private TaskAttemptContext context;
  private RecordReader<LineOrigin, Text> current;
  private int next;
  private long total;
  private long doneBytes;
  private long currentBytes;
  private boolean done;

  @Override
  public void initialize(InputSplit split, TaskAttemptContext context) throws IOException, InterruptedException {
    this.children = ((CombinedSplit) split).children();
    this.context = context;
    for (InputSplit child : children) {
      total += CombinedSplit.length(child);
    }
  }

  @Override
  public boolean nextKeyValue() throws IOException, InterruptedException {
    while (!done) {
      if (current != null && current.nextKeyValue()) {
        return true;
      }
      if (current != null) {
        current.close();
        current = null;
        doneBytes += currentBytes;
      }
      if (next == children.size()) {
        done = true;
        context.getCounter(InputCounter.SPLITS).increment(1);
        return false;
      }
      InputSplit child = children.get(next++);
      currentBytes = CombinedSplit.length(child);
      current = LogInputFormat.childReader(child);
      current.initialize(child, context);
    }
    return false;
  }

  @Override
  public LineOrigin getCurrentKey() throws IOException, InterruptedException {
    return current.getCurrentKey();
  }

  @Override
  public Text getCurrentValue() throws IOException, InterruptedException {
    return current.getCurrentValue();
  }

  @Override
  public float getProgress() throws IOException, InterruptedException {
    if (done) {
      return 1f;
    }
    if (total == 0) {
      return 0f;
    }
    float inCurrent = current == null ? 0f : current.getProgress() * currentBytes;
    return Math.min(1f, (doneBytes + inCurrent) / total);
  }

  /** Closes the current child's reader; safe to call twice. */
  @Override
  public void close() throws IOException {
    RecordReader<LineOrigin, Text> r = current;
    current = null;
    if (r != null) {
      r.close();
    }
  }
}
