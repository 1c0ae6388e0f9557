package io.logcount.formats;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.Writable;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.util.ReflectionUtils;

/**
 * Several small splits read by one map task, one after the other, as
 * {@code CombineFileInputFormat} groups small files: thousands of hourly {@code .gz} files must
 * not mean thousands of map tasks. Its children are {@link StreamSplit}s and 7z splits; its length
 * is the sum of theirs, its hosts those of the child with the most bytes.
 */
public class CombinedSplit extends InputSplit implements Writable {

  private final List<InputSplit> children = new ArrayList<>();
  private String[] hosts = new String[0];

  /** For deserialization. */
  public CombinedSplit() {
  }

  /** @param children each a {@link Writable} split */
  public CombinedSplit(List<InputSplit> children, String[] hosts) {
    this.children.addAll(children);
    this.hosts = hosts == null ? new String[0] : hosts.clone();
  }

  /** The splits read in order. */
  public List<InputSplit> children() {
    return Collections.unmodifiableList(children);
  }

  @Override
  public long getLength() throws IOException {
    long sum = 0;
    for (InputSplit child : children) {
      sum += length(child);
    }
    return sum;
  }

  /** A split's length; our splits never wait, so an interruption is an IOException. */
  static long length(InputSplit split) throws IOException {
    try {
      return split.getLength();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException(e.getMessage());
    }
  }

  /** A split's hosts (see {@link #length}). */
  static String[] hosts(InputSplit split) throws IOException {
    try {
      return split.getLocations();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException(e.getMessage());
    }
  }

  @Override
  public String[] getLocations() {
    return hosts.clone();
  }

  @Override
  public void write(DataOutput out) throws IOException {
    out.writeInt(children.size());
    for (InputSplit child : children) {
      Text.writeString(out, child.getClass().getName());
      ((Writable) child).write(out);
    }
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    children.clear();
    hosts = new String[0];
    int n = in.readInt();
    for (int i = 0; i < n; i++) {
      String name = Text.readString(in);
      InputSplit child;
      try {
        child = (InputSplit) ReflectionUtils.newInstance(Class.forName(name), new Configuration(false));
      } catch (ClassNotFoundException e) {
        throw new IOException("combined split holds an unknown split class " + name, e);
      }
      ((Writable) child).readFields(in);
      children.add(child);
    }
  }

  @Override
  public String toString() {
    return children.size() + " splits, first " + (children.isEmpty() ? "none" : children.get(0));
  }
}
