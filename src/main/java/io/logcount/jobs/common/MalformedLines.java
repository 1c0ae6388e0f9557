package io.logcount.jobs.common;

import java.io.IOException;

import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.TaskInputOutputContext;
import org.apache.hadoop.mapreduce.lib.output.MultipleOutputs;
import org.apache.hadoop.mapreduce.lib.output.TextOutputFormat;

import io.logcount.input.LineOrigin;

/**
 * The side output of malformed lines: {@code OUTPUT/malformed/part-m-NNNNN}, one line per
 * malformed input line, {@code archive!entry@offset<TAB>line}, the line's bytes untouched.
 *
 * <p>Written through {@link MultipleOutputs}, so the files are committed with their task:
 * a failed or speculative attempt leaves nothing behind, and the job's output never holds a
 * line twice.
 */
public final class MalformedLines {

  /** Name of the {@link MultipleOutputs} named output. */
  public static final String NAMED_OUTPUT = "malformed";
  /** Directory under the job's output, and file prefix, of the side output. */
  public static final String BASE_PATH = "malformed/part";
  /** Name of the named output of corrupt folders skipped under {@code logcount.skip-corrupt}. */
  public static final String SKIPPED_OUTPUT = "skipped";
  /** Directory under the job's output, and file prefix, of the skipped-folder reports. */
  public static final String SKIPPED_BASE_PATH = "skipped/part";

  private final TaskInputOutputContext<?, ?, ?, ?> context;
  private final Text origin = new Text();
  /** Opened on the first malformed line: most tasks have none and then write no file at all. */
  private MultipleOutputs<Text, Text> outputs;

  /** Declares the named output on a job. */
  public static void configure(Job job) {
    MultipleOutputs.addNamedOutput(job, NAMED_OUTPUT, TextOutputFormat.class, Text.class, Text.class);
    MultipleOutputs.addNamedOutput(job, SKIPPED_OUTPUT, TextOutputFormat.class, Text.class, Text.class);
  }

  public MalformedLines(TaskInputOutputContext<?, ?, ?, ?> context) {
    this.context = context;
  }

  /**
   * Writes one malformed line with its origin, or, for a {@link LineOrigin#corruptFolder()}
   * report, the skipped folder and its cause to {@code skipped/}.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public void write(LineOrigin where, Text line) throws IOException, InterruptedException {
    if (outputs == null) {
      outputs = new MultipleOutputs(context);
    }
    origin.set(where.toString());
    if (where.corruptFolder()) {
      outputs.write(SKIPPED_OUTPUT, origin, line, SKIPPED_BASE_PATH);
    } else {
      outputs.write(NAMED_OUTPUT, origin, line, BASE_PATH);
    }
  }

  /** Closes the side outputs: the mapper's cleanup calls it once. */
  public void close() throws IOException, InterruptedException {
    if (outputs != null) {
      outputs.close();
      outputs = null;
    }
  }
}
