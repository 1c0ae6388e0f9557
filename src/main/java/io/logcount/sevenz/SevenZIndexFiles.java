package io.logcount.sevenz;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.UnsupportedFileSystemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.logcount.sevenz.archive.SevenZArchive;
import io.logcount.sevenz.source.SevenZFormatException;
import io.logcount.sevenz.source.VolumeSet;

/**
 * Where an archive's {@link SevenZIndex} lives, and how it is written and trusted.
 *
 * <p>By default beside the archive ({@code a.7z} -> {@code a.7z.idx}); with {@link #INDEX_DIR}
 * under that directory, mirroring the archive's path (for read-only input locations). Written
 * to a temporary name and renamed, so a reader never sees half an index. Loaded only if it
 * matches the archive's length and modification time; otherwise it is ignored with a warning
 * and the archive is split per folder, which is slower but always right.
 *
 * <p>A multi-volume archive has one index, named after its first volume
 * ({@code a.7z.001} -> {@code a.7z.001.idx}), checked against the set as one file
 * ({@link VolumeSet#fileStatus()}): the volumes' joined length, and the <em>newest</em>
 * modification time of any volume. The newest, because re-copying any one volume (a damaged
 * volume replaced, a set re-made with other settings but the same sizes) moves it, whereas the
 * first volume's time alone would miss every volume but the first.
 */
public final class SevenZIndexFiles {

  private static final Logger LOG = LoggerFactory.getLogger(SevenZIndexFiles.class);

  /**
   * Directory holding the indexes instead of the archives' own directories (any Hadoop file
   * system path). Default: unset, the index sits beside its archive.
   */
  public static final String INDEX_DIR = "logcount.sevenz.index-dir";

  private SevenZIndexFiles() {
  }

  /** Sets {@link #INDEX_DIR}. */
  public static void setIndexDir(Configuration conf, Path dir) {
    conf.set(INDEX_DIR, dir.toString());
  }

  /** {@link #INDEX_DIR}, or null when indexes sit beside their archives. */
  public static Path getIndexDir(Configuration conf) {
    String dir = conf.getTrimmed(INDEX_DIR, "");
    return dir.isEmpty() ? null : new Path(dir);
  }

  /** True for a file that is an index (or an index being written), never an archive. */
  public static boolean isIndexFile(Path path) {
    String name = path.getName();
    return name.endsWith(SevenZIndex.SUFFIX) || name.endsWith(SevenZIndex.SUFFIX + ".tmp");
  }

  /** Where the index of {@code archive} is (or would be) stored. */
  public static Path indexPath(Path archive, Configuration conf) {
    Path dir = getIndexDir(conf);
    if (dir == null) {
      return archive.suffix(SevenZIndex.SUFFIX);
    }
    String pathOnly = Path.getPathWithoutSchemeAndAuthority(archive).toString();
    return new Path(dir, pathOnly.substring(1) + SevenZIndex.SUFFIX);
  }

  /**
   * The index of {@code archive} if one exists and matches it, else null: the archive is then
   * split per folder, which is always right but makes a huge solid folder one split.
   *
   * <p>No index is the normal case and is silent. An index that exists but cannot be used is
   * logged at WARN with its path, the cause and the fix, never swallowed: an index that cannot
   * be read (permissions, a directory in its place, an I/O error), one that is not a valid index
   * (damaged, half-copied) and one that describes another version of the archive (stale). The
   * job still runs, as it would without the index (hadoop-lzo's {@code LzoIndex} does the same
   * for a missing index; unlike its {@code readIndex}, a failed read is never silent here).
   */
  public static SevenZIndex load(FileStatus archive, Configuration conf) {
    Path path = indexPath(archive.getPath(), conf);
    FileStatus status;
    FileSystem fs;
    try {
      fs = path.getFileSystem(conf);
      status = fs.getFileStatus(path);
    } catch (FileNotFoundException e) {
      return null; // no index: the archive was never indexed
    } catch (IOException e) {
      warnUnreadable(path, archive, e.toString());
      LOG.debug("Reading index {} failed", path, e);
      return null;
    }
    if (status.isDirectory()) {
      warnUnreadable(path, archive, "it is a directory, not an index file");
      return null;
    }
    SevenZIndex index;
    try (InputStream in = fs.open(path)) {
      index = SevenZIndex.read(in, path.toString());
    } catch (SevenZFormatException e) {
      // The message names the index and says to delete it and index again.
      LOG.warn("Ignoring an {}; until then {} is split per folder (slower, still correct)",
          e.getMessage(), archive.getPath());
      return null;
    } catch (IOException e) {
      warnUnreadable(path, archive, e.toString());
      LOG.debug("Reading index {} failed", path, e);
      return null;
    }
    if (index.archiveLength() != archive.getLen()
        || index.archiveModificationTime() != archive.getModificationTime()) {
      LOG.warn("Ignoring index {}: it describes an archive of {} bytes modified at {}, but {} has {}"
          + " bytes and was modified at {}; run 'logcount index' again", path, index.archiveLength(),
          index.archiveModificationTime(), archive.getPath(), archive.getLen(), archive.getModificationTime());
      return null;
    }
    return index;
  }

  private static void warnUnreadable(Path index, FileStatus archive, String cause) {
    LOG.warn("Ignoring index {}: it cannot be read ({}); {} is split per folder (slower, still"
        + " correct). Make the index readable by the job's user, or delete it and run 'logcount"
        + " index' again", index, cause, archive.getPath());
  }

  /**
   * Writes {@code index} for {@code archive}: to {@code NAME.idx.tmp}, then renamed over any old
   * index in one step, so that a planning job sees the old index or the new one, never none or
   * half of one. The temporary file is removed if anything fails.
   */
  public static Path write(SevenZIndex index, SevenZArchive parsed, Path archive, Configuration conf)
      throws IOException {
    Path path = indexPath(archive, conf);
    Path tmp = path.suffix(".tmp");
    FileSystem fs = path.getFileSystem(conf);
    boolean done = false;
    try {
      try (OutputStream out = fs.create(tmp, true)) {
        index.write(out, parsed);
      }
      replace(fs, tmp, path, conf);
      done = true;
    } finally {
      if (!done) {
        try {
          fs.delete(tmp, false);
        } catch (IOException e) {
          LOG.warn("Could not remove the temporary index {}: {}", tmp, e.toString());
        }
      }
    }
    return path;
  }

  /** Renames {@code from} over {@code to} atomically where the file system can (HDFS, local). */
  private static void replace(FileSystem fs, Path from, Path to, Configuration conf) throws IOException {
    FileContext fc;
    try {
      fc = FileContext.getFileContext(to.toUri(), conf);
    } catch (UnsupportedFileSystemException e) {
      // No FileContext binding for this scheme: replace in two steps, as well as it can.
      if (fs.exists(to) && !fs.delete(to, false)) {
        throw new IOException("cannot replace the old index " + to);
      }
      if (!fs.rename(from, to)) {
        throw new IOException("cannot rename " + from + " to " + to);
      }
      return;
    }
    fc.rename(from, to, Options.Rename.OVERWRITE);
  }
}
