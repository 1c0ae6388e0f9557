package io.logcount.formats;

import java.io.IOException;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.JobContext;

import io.logcount.input.InputFiles;

/**
 * One format a log file may be in: how its files are told apart (magic bytes, then the name as a
 * hint), planned into splits, and checked by hand when damaged. A strategy, as a 7z coder is in
 * {@code SevenZCoders}: a new format is one subclass and one constant in {@link LogFormat}, which
 * is the table of them. Formats read as one decoded byte stream extend {@link StreamFormat}.
 */
public abstract class FileFormat implements InputFiles.Rules {

  private final String label;
  private final String suffix;
  private final int estimatedRatio;
  /** The table entry holding this strategy, set once by {@link LogFormat}'s constructor. */
  private LogFormat entry;

  protected FileFormat(String label, String suffix, int estimatedRatio) {
    this.label = label;
    this.suffix = suffix;
    this.estimatedRatio = estimatedRatio;
  }

  /** Called once, by the {@link LogFormat} constant that holds this strategy. */
  final void bind(LogFormat constant) {
    if (entry != null) {
      throw new IllegalStateException(label + " is already " + entry);
    }
    entry = constant;
  }

  /** The {@link LogFormat} constant of this format: what a split carries over the wire. */
  public final LogFormat entry() {
    return entry;
  }

  /** What messages call the format: "gzip", "7z", "plain text". */
  public final String label() {
    return label;
  }

  /** The usual file name suffix ("" for plain text). */
  public final String suffix() {
    return suffix;
  }

  /**
   * How many uncompressed bytes one packed byte is assumed to hold where the format does not say
   * (logs compress about this much at the tools' default levels); 0 where the format says the
   * uncompressed size itself (xz index, 7z header).
   */
  public final int estimatedRatio() {
    return estimatedRatio;
  }

  /** True if {@code head} (a file's first {@code n} bytes, up to {@link LogFormat#HEAD_BYTES}) starts with this format's magic. */
  public abstract boolean hasMagic(byte[] head, int n);

  /** True if a file of this (lower-case) name is expected to be in this format. */
  public boolean isNamedLike(String lowerCaseName) {
    return !suffix.isEmpty() && lowerCaseName.endsWith(suffix);
  }

  /**
   * The splits of one file of this format, of about {@code splitSize} uncompressed bytes each
   * (exact where the format says them, else estimated).
   */
  public abstract List<InputSplit> plan(FileStatus file, long splitSize, JobContext job) throws IOException;

  /** None, but 7z's index files. */
  @Override
  public boolean isSidecar(Path path) {
    return false;
  }

  /** Every file is an input of its own, but 7z's volumes. */
  @Override
  public List<FileStatus> group(List<FileStatus> files, Configuration conf) throws IOException {
    return files;
  }

  /** A command that tests a file of this format, for error messages ("gzip -t"). */
  public abstract String checkCommand();

  /** True if {@code head} holds {@code magic} at {@code at}. */
  protected static boolean startsWith(byte[] head, int n, int at, int... magic) {
    if (at < 0 || at + magic.length > n) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if ((head[at + i] & 0xff) != (magic[i] & 0xff)) {
        return false;
      }
    }
    return true;
  }
}
