package io.logcount.jobs.stream;

import java.io.IOException;

import org.apache.hadoop.mapred.OutputCollector;
import org.apache.hadoop.mapred.RecordReader;
import org.apache.hadoop.mapred.Reporter;
import org.apache.hadoop.streaming.PipeMapRunner;

/**
 * Streaming's map runner, with the mapper command's last stderr lines in the task's error: a
 * failed mapper fails its task with "subprocess failed with code N" only, and its stderr stays
 * in the container's log; the driver reads the first line of a failed task's error, so the
 * tail goes there ({@code logcount stream} then prints it).
 */
public class StreamingMapRunner<K1, V1, K2, V2> extends PipeMapRunner<K1, V1, K2, V2> {

  @Override
  public void run(RecordReader<K1, V1> input, OutputCollector<K2, V2> output, Reporter reporter)
      throws IOException {
    StderrTail tail = StderrTail.install();
    try {
      super.run(input, output, reporter);
    } catch (IOException | RuntimeException e) {
      String said = tail.tail();
      if (said.isEmpty()) {
        throw e;
      }
      throw new IOException(firstLine(e) + "; the mapper's stderr ended with: " + said, e);
    } finally {
      tail.close();
    }
  }

  private static String firstLine(Throwable e) {
    String message = String.valueOf(e.getMessage());
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
