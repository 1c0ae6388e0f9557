package io.logcount.input;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;

/**
 * The input files of a job as every logcount input format sees them: what
 * {@code FileInputFormat} listed (hidden and {@code _} files already left out; a folder in the
 * listing, which a non-recursive listing gives for a subfolder, is refused, never skipped), without the formats' sidecar files, and with the files a format reads as one
 * input grouped (the volumes of a multi-volume 7z archive).
 */
public final class InputFiles {

  /** What one format adds to the listing. */
  public interface Rules {
    /** True for a file of the format's own making beside the inputs (a 7z index), never an input. */
    boolean isSidecar(Path path);

    /** {@code files} with the ones the format reads as one input replaced by one status each. */
    List<FileStatus> group(List<FileStatus> files, Configuration conf) throws IOException;
  }

  /** FileInputFormat's key for recursive listing. */
  static final String RECURSIVE = FileInputFormat.INPUT_DIR_RECURSIVE;

  private InputFiles() {
  }

  /** {@code listed} under the {@code rules} of every format that may be among them. */
  public static List<FileStatus> of(List<FileStatus> listed, Configuration conf, List<? extends Rules> rules)
      throws IOException {
    List<FileStatus> files = new ArrayList<>(listed);
    for (FileStatus f : files) {
      if (f.isDirectory()) {
        // FileInputFormat lists a folder inside an input folder as an entry when the listing is
        // not recursive: dropping it would skip its files without a word.
        throw new IOException(f.getPath() + " is a folder inside an input folder, and " + RECURSIVE
            + " is false, so its files would not be read: set " + RECURSIVE + "=true (logcount's jobs do)"
            + " or name the files as inputs");
      }
    }
    files.removeIf(f -> isSidecar(f.getPath(), rules));
    for (Rules r : rules) {
      files = r.group(files, conf);
    }
    return files;
  }

  private static boolean isSidecar(Path path, List<? extends Rules> rules) {
    for (Rules r : rules) {
      if (r.isSidecar(path)) {
        return true;
      }
    }
    return false;
  }
}
