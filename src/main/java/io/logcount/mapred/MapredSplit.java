package io.logcount.mapred;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.lang.reflect.Method;

import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.mapred.FileSplit;
import org.apache.hadoop.mapred.SplitLocationInfo;
import org.apache.hadoop.mapreduce.InputSplit;

import io.logcount.sevenz.SevenZSplit;

/**
 * An old-API split that carries a new-API split made by a new-API format's {@code getSplits}:
 * serialized as the wrapped split's class name and its own bytes, so the task reads exactly the
 * split the planner made (a 7z folder run or a piece between LZMA2 dictionary resets), never a
 * byte range re-planned by the old API.
 *
 * <p>It is a {@link FileSplit} (of the wrapped split's file, start and length) on purpose: Hive
 * finds a split's table and partition by {@code FileSplit.getPath()}, and the old-API map task
 * sets {@code mapreduce.map.input.file} (Streaming's {@code mapreduce_map_input_file}
 * environment variable) only for a {@code FileSplit}. The price: for a {@code FileSplit} the
 * framework fills "File Input Format Counters: Bytes Read" itself, from the file system's
 * statistics, so {@link MapredInputFormatWrapper} keeps the wrapped reader from adding to it too.
 */
public final class MapredSplit extends FileSplit {

  private InputSplit split;
  private Path path;
  private long start;

  /** For deserialization. */
  public MapredSplit() {
    super();
  }

  /** Wraps {@code split}, which must be {@link Writable} and name its file (see {@link #fileOf}). */
  public MapredSplit(InputSplit split) throws IOException {
    super();
    if (!(split instanceof Writable)) {
      throw new IOException("cannot carry a " + split.getClass().getName() + " in an old-API split: it is not"
          + " Writable");
    }
    this.split = split;
    this.path = fileOf(split);
    this.start = startOf(split);
  }

  /** The new-API split this one carries. */
  public InputSplit getWrapped() {
    return split;
  }

  @Override
  public Path getPath() {
    return path;
  }

  @Override
  public long getStart() {
    return start;
  }

  @Override
  public long getLength() {
    try {
      return split.getLength();
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException("length of " + split, e);
    }
  }

  @Override
  public String[] getLocations() throws IOException {
    try {
      return split.getLocations();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted asking the locations of " + split, e);
    }
  }

  @Override
  public SplitLocationInfo[] getLocationInfo() {
    return null; // no in-memory replicas known: the scheduler uses getLocations()
  }

  @Override
  public void write(DataOutput out) throws IOException {
    Text.writeString(out, split.getClass().getName());
    ((Writable) split).write(out);
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    String className = Text.readString(in);
    Class<?> type = load(className);
    try {
      split = (InputSplit) type.getDeclaredConstructor().newInstance();
    } catch (ReflectiveOperationException | ClassCastException e) {
      throw new IOException("cannot make a " + className + " to read a split into: it needs a public no-argument"
          + " constructor and must be a new-API InputSplit", e);
    }
    ((Writable) split).readFields(in);
    path = fileOf(split);
    start = startOf(split);
  }

  private static Class<?> load(String className) throws IOException {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    try {
      return Class.forName(className, true, context != null ? context : MapredSplit.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      try {
        return Class.forName(className, true, MapredSplit.class.getClassLoader());
      } catch (ClassNotFoundException again) {
        throw new IOException("split class " + className + " is not on the task's classpath: ship the jar that"
            + " holds it (-libjars, or the job jar)", again);
      }
    }
  }

  /**
   * The file a new-API split reads: {@code FileSplit.getPath()}, or any split's public
   * {@code Path getPath()} (our own splits, such as {@code SevenZSplit}, are not FileSplits: see
   * there). Throws if it has none: the old API and Hive need a file per split.
   */
  static Path fileOf(InputSplit split) throws IOException {
    if (split instanceof org.apache.hadoop.mapreduce.lib.input.FileSplit) {
      return ((org.apache.hadoop.mapreduce.lib.input.FileSplit) split).getPath();
    }
    Object path = call(split, "getPath");
    if (!(path instanceof Path)) {
      throw new IOException("cannot carry a " + split.getClass().getName() + " in an old-API split: it has no"
          + " public Path getPath()");
    }
    return (Path) path;
  }

  /** The split's first byte in its file: {@code getStart()} if it has one, else 0. */
  static long startOf(InputSplit split) throws IOException {
    if (split instanceof org.apache.hadoop.mapreduce.lib.input.FileSplit) {
      return ((org.apache.hadoop.mapreduce.lib.input.FileSplit) split).getStart();
    }
    Object start = call(split, "getStart");
    return start instanceof Long ? (Long) start : 0L;
  }

  private static Object call(InputSplit split, String getter) throws IOException {
    Method method;
    try {
      method = split.getClass().getMethod(getter);
    } catch (NoSuchMethodException e) {
      return null;
    }
    try {
      return method.invoke(split);
    } catch (ReflectiveOperationException e) {
      throw new IOException(getter + "() of " + split + " failed", e);
    }
  }

  @Override
  public String toString() {
    return String.valueOf(split);
  }
}
