package io.logcount.input;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;

import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.Writable;

/**
 * The key of every line a reader produces: where the line came from, as
 * {@code archive!entry@offset} (7z) or {@code file@offset} (any other file), so a malformed line
 * can be traced back to its bytes.
 *
 * <p>The reader reuses one instance; {@link #source()} changes only when the entry does, so a
 * mapper that needs the origin only for rare malformed lines pays nothing for the others.
 *
 * <p>Also {@link Serializable} (as its Writable form), for Spark: PySpark's
 * {@code newAPIHadoopFile} and {@code hadoopFile} take a first record to the driver with Java
 * serialization, and fail on a key that is not Serializable (tested in spark-it/).
 */
public final class LineOrigin implements Writable, Serializable {

  private static final long serialVersionUID = 1L;

  private transient Text source = new Text();
  private long offset;
  private boolean truncated;
  private boolean corruptFolder;

  /** {@code archive!entry}: the archive's path and the entry's name inside it; or the file's path. */
  public Text source() {
    return source;
  }

  /** Byte offset of the line's first byte inside its entry's uncompressed data. */
  public long offset() {
    return offset;
  }

  /**
   * True if the line was longer than the reader's line limit: the value then holds only its
   * first bytes and the line must be reported, not counted.
   */
  public boolean truncated() {
    return truncated;
  }

  /**
   * True if this is not a line but the report of corrupt data skipped under
   * {@code logcount.skip-corrupt} ({@link CorruptInput}): {@link #source()} is
   * {@code archive!folder N} for a 7z folder, {@code file!packed byte N} for the rest of a
   * compressed file from where its damage was found, and the value is the cause. Mappers send it
   * to the {@code skipped/} side output.
   */
  public boolean corruptFolder() {
    return corruptFolder;
  }

  /** Sets the source, {@code archive!entry}. */
  public void setSource(String archive, String entry) {
    source.set(archive + "!" + entry);
    corruptFolder = false;
  }

  /** Sets the source to a whole file's path (a plain or compressed file, not an archive). */
  public void setSource(String file) {
    source.set(file);
    corruptFolder = false;
  }

  /** Makes this the report of a skipped corrupt folder (see {@link #corruptFolder()}). */
  public void setCorruptFolder(String archive, int folder) {
    setCorrupt(archive, "folder " + folder);
  }

  /** Makes this the report of skipped corrupt data {@code what} in {@code file} (see {@link #corruptFolder()}). */
  public void setCorrupt(String file, String what) {
    source.set(file + "!" + what);
    offset = 0;
    truncated = false;
    corruptFolder = true;
  }

  /** Sets the position of the current line. */
  public void setLine(long offset, boolean truncated) {
    this.offset = offset;
    this.truncated = truncated;
    this.corruptFolder = false;
  }

  @Override
  public void write(DataOutput out) throws IOException {
    source.write(out);
    out.writeLong(offset);
    out.writeBoolean(truncated);
    out.writeBoolean(corruptFolder);
  }

  @Override
  public void readFields(DataInput in) throws IOException {
    source.readFields(in);
    offset = in.readLong();
    truncated = in.readBoolean();
    corruptFolder = in.readBoolean();
  }

  private void writeObject(ObjectOutputStream out) throws IOException {
    write(out);
  }

  private void readObject(ObjectInputStream in) throws IOException {
    source = new Text();
    readFields(in);
  }

  /** {@code archive!entry@offset}. */
  @Override
  public String toString() {
    return corruptFolder ? source.toString() : source + "@" + offset;
  }
}
