package io.logcount.jobs.approx;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.datasketches.cpc.CpcSketch;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.IOUtils;

import io.logcount.jobs.common.JobSummary;
import io.logcount.sketch.Sketches;

/**
 * Saved sketches and what both forms of approx-unique-users write: {@code OUTPUT/}
 * {@value #ESTIMATE_FILE} ({@code estimate<TAB>lower<TAB>upper}), {@code OUTPUT/}
 * {@value SketchUnionReducer#SKETCH_FILE}, the summary figures, and the copy kept under
 * {@code --sketches-out DIR} as {@code DIR/<OUTPUT's name>.sketch}.
 */
public final class SketchFiles {

  /**
   * A directory where a run also keeps its merged sketch, as {@code DIR/<OUTPUT's name>.sketch}
   * (never overwritten), for a later {@code approx-unique-users --merge}. Default: none.
   */
  public static final String SKETCHES_OUT = "logcount.approx.sketches-out";

  /** The answer inside OUTPUT. */
  public static final String ESTIMATE_FILE = "estimate.tsv";
  /** The name ending of a saved sketch. */
  public static final String SUFFIX = ".sketch";
  /** Larger files are not sketches of ours (lgK 20 serializes in well under 1 MiB). */
  static final long MAX_SKETCH_BYTES = 16L << 20;

  private SketchFiles() {
  }

  /** Sets {@link #SKETCHES_OUT}, qualified so that the tasks and later runs name the same directory. */
  public static void setSketchesOut(Configuration conf, Path dir) throws IOException {
    conf.set(SKETCHES_OUT, dir.getFileSystem(conf).makeQualified(dir).toString());
  }

  /** The {@link #SKETCHES_OUT} directory, or null. */
  public static Path getSketchesOut(Configuration conf) {
    String dir = conf.getTrimmed(SKETCHES_OUT);
    return dir == null || dir.isEmpty() ? null : new Path(dir);
  }

  /** Where {@code --sketches-out dir} keeps the sketch of the run writing {@code output}. */
  public static Path savedSketch(Path dir, Path output) {
    return new Path(dir, output.getName() + SUFFIX);
  }

  /** The sketch files {@code path} names: itself if it is a file, else its {@code *.sketch} files, sorted. */
  public static List<Path> list(Path path, Configuration conf) throws IOException {
    FileSystem fs = path.getFileSystem(conf);
    FileStatus status = fs.getFileStatus(path); // FileNotFoundException names the path
    List<Path> files = new ArrayList<>();
    if (status.isFile()) {
      files.add(status.getPath());
      return files;
    }
    FileStatus[] children = fs.listStatus(path, p -> p.getName().endsWith(SUFFIX));
    Arrays.sort(children);
    for (FileStatus child : children) {
      if (child.isFile()) {
        files.add(child.getPath());
      }
    }
    return files;
  }

  /** The sketch saved in {@code file}; the error names the file. */
  public static CpcSketch read(Path file, Configuration conf) throws IOException {
    FileSystem fs = file.getFileSystem(conf);
    long length = fs.getFileStatus(file).getLen();
    if (length > MAX_SKETCH_BYTES) {
      throw new IOException(file + " is not a sketch of approx-unique-users: " + length + " bytes");
    }
    byte[] bytes = new byte[(int) length];
    try (InputStream in = fs.open(file)) {
      IOUtils.readFully(in, bytes, 0, bytes.length);
    }
    return Sketches.read(bytes, bytes.length, file.toString());
  }

  /**
   * Writes {@code bytes} to {@code file} atomically: to a hidden temporary file beside it, then
   * renamed, so a reader never sees half a sketch. Never overwrites: fails if {@code file} exists.
   */
  public static void writeAtomically(Path file, byte[] bytes, Configuration conf) throws IOException {
    FileSystem fs = file.getFileSystem(conf);
    fs.mkdirs(file.getParent());
    Path tmp = new Path(file.getParent(), "." + file.getName() + ".tmp");
    try (OutputStream out = fs.create(tmp, true)) {
      out.write(bytes);
    }
    if (fs.exists(file) || !fs.rename(tmp, file)) {
      fs.delete(tmp, false);
      throw new IOException("could not save the sketch as " + file + (fs.exists(file)
          ? ": it already exists; remove it or name OUTPUT differently" : ": rename failed"));
    }
  }

  /** Null if {@link #SKETCHES_OUT} (if set) can take the sketch of {@code output}, else the message to print. */
  public static String checkSavable(Path output, Configuration conf) throws IOException {
    Path dir = getSketchesOut(conf);
    if (dir == null) {
      return null;
    }
    Path file = savedSketch(dir, output);
    if (file.getFileSystem(conf).exists(file)) {
      return "the sketch " + file + " already exists; remove it or name OUTPUT differently";
    }
    return null;
  }

  /**
   * The last step of both forms: adds the answer's figures to the summary and keeps the merged
   * sketch under {@link #SKETCHES_OUT}, if set.
   */
  public static void keep(CpcSketch merged, Path output, Configuration conf, JobSummary summary) throws IOException {
    summarize(merged, summary);
    Path dir = getSketchesOut(conf);
    if (dir != null) {
      Path file = savedSketch(dir, output);
      writeAtomically(file, merged.toByteArray(), conf);
      summary.put("saved_sketch", file.toString());
    }
  }

  /** Adds the answer's figures to a summary. */
  static void summarize(CpcSketch sketch, JobSummary summary) {
    summary.put("distinct_users_estimate", Sketches.estimate(sketch));
    summary.put("lower_bound_95", Sketches.lowerBound(sketch));
    summary.put("upper_bound_95", Sketches.upperBound(sketch));
    summary.put("lg_k", sketch.getLgK());
    summary.put("sketch_type", Sketches.TYPE);
  }
}
