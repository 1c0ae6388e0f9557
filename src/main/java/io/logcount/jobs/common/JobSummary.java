package io.logcount.jobs.common;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Counters;

import io.logcount.input.InputCounter;
import io.logcount.sevenz.SevenZCounter;

/**
 * The figures of a finished job, printed by the driver and written as {@code OUTPUT/_summary.json}
 * (a name starting with '_' so that a later job reading OUTPUT skips it). Every figure comes from
 * the job's counters, which count successful task attempts only.
 */
public final class JobSummary {

  /** File name of the summary inside the job's output directory. */
  public static final String FILE_NAME = "_summary.json";

  private final Map<String, Object> fields = new LinkedHashMap<>();

  /** A summary that starts with {@code "job": name}. */
  public JobSummary(String job) {
    fields.put("job", job);
  }

  /** Adds (or replaces) one figure; values are numbers, booleans or strings. */
  public JobSummary put(String name, Object value) {
    fields.put(name, value);
    return this;
  }

  /** Adds the input and record figures every log job reports. */
  public JobSummary putInputFigures(Counters counters) {
    put("records", counters.findCounter(RecordCounter.RECORDS).getValue());
    put("malformed", counters.findCounter(RecordCounter.MALFORMED).getValue());
    put("blank_lines", counters.findCounter(RecordCounter.BLANK_LINES).getValue());
    put("lines_too_long", counters.findCounter(RecordCounter.LINES_TOO_LONG).getValue());
    putIfSome("bad_timestamps", counters.findCounter(RecordCounter.BAD_TIMESTAMPS).getValue());
    putIfSome("out_of_window", counters.findCounter(RecordCounter.OUT_OF_WINDOW).getValue());
    putIfSome("header_lines", counters.findCounter(RecordCounter.HEADER_LINES).getValue());
    put("splits", counters.findCounter(InputCounter.SPLITS).getValue());
    put("folders", counters.findCounter(SevenZCounter.FOLDERS).getValue());
    put("entries", counters.findCounter(SevenZCounter.ENTRIES).getValue());
    put("files", counters.findCounter(InputCounter.FILES).getValue());
    put("input_bytes", counters.findCounter(InputCounter.PACKED_BYTES).getValue());
    put("uncompressed_bytes", counters.findCounter(InputCounter.UNCOMPRESSED_BYTES).getValue());
    long corrupt = counters.findCounter(InputCounter.CORRUPT_BLOCKS).getValue();
    if (corrupt > 0) {
      put("corrupt_blocks", corrupt);
      put("corrupt_packed_bytes", counters.findCounter(InputCounter.CORRUPT_PACKED_BYTES).getValue());
      put("lines_before_corruption", counters.findCounter(InputCounter.LINES_BEFORE_CORRUPTION).getValue());
    }
    return this;
  }

  /** Adds a figure only when it is not zero (figures of options most runs do not use). */
  private void putIfSome(String name, long value) {
    if (value != 0) {
      put(name, value);
    }
  }

  /**
   * Adds {@code "skipped"}: the corrupt data skipped under {@code logcount.skip-corrupt}, as
   * {@code archive!folder N<TAB>cause} or {@code file!packed byte N<TAB>cause} lines read back
   * from {@code OUTPUT/skipped/} (at most {@code limit}; the counters have the totals).
   */
  public JobSummary putSkipped(Path outputDir, Configuration conf, int limit) throws IOException {
    Path dir = new Path(outputDir, MalformedLines.SKIPPED_BASE_PATH).getParent();
    FileSystem fs = dir.getFileSystem(conf);
    if (!fs.exists(dir)) {
      return this;
    }
    java.util.List<String> skipped = new java.util.ArrayList<>();
    for (org.apache.hadoop.fs.FileStatus part : fs.listStatus(dir)) {
      if (!part.getPath().getName().startsWith("part-")) {
        continue;
      }
      try (java.io.BufferedReader r = new java.io.BufferedReader(
          new java.io.InputStreamReader(fs.open(part.getPath()), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null && skipped.size() < limit) {
          skipped.add(line);
        }
      }
    }
    java.util.Collections.sort(skipped);
    put("skipped", skipped);
    return this;
  }

  /** The figure named {@code name}, or null. */
  public Object get(String name) {
    return fields.get(name);
  }

  /** One-line JSON object, fields in insertion order. */
  public String toJson() {
    StringBuilder out = new StringBuilder("{");
    for (Map.Entry<String, Object> e : fields.entrySet()) {
      if (out.length() > 1) {
        out.append(',');
      }
      quote(out, e.getKey()).append(':');
      Object v = e.getValue();
      if (v instanceof Number || v instanceof Boolean) {
        out.append(v);
      } else if (v instanceof java.util.List) {
        out.append('[');
        int n = 0;
        for (Object item : (java.util.List<?>) v) {
          if (n++ > 0) {
            out.append(',');
          }
          quote(out, String.valueOf(item));
        }
        out.append(']');
      } else if (v == null) {
        out.append("null");
      } else {
        quote(out, v.toString());
      }
    }
    return out.append('}').toString();
  }

  private static StringBuilder quote(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.append('"');
  }

  /** Writes {@link #FILE_NAME} under {@code outputDir}, never overwriting one. */
  public void write(Path outputDir, Configuration conf) throws IOException {
    Path file = new Path(outputDir, FILE_NAME);
    FileSystem fs = file.getFileSystem(conf);
    try (OutputStream out = fs.create(file, false)) {
      out.write((toJson() + "\n").getBytes(StandardCharsets.UTF_8));
    }
  }
}
