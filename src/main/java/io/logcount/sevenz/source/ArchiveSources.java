package io.logcount.sevenz.source;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;


/**
 * Where planning and reading agree on what an archive is: a plain {@code .7z} file, or a
 * multi-volume set ({@link VolumeSet}) named by its first volume {@code name.7z.001}. Job
 * inputs are grouped with {@link #groupVolumes}, so that a set is one archive, planned once,
 * whichever of its volumes the input names; splits carry the first volume's path, and tasks
 * open the whole set again with {@link #open}.
 */
public final class ArchiveSources {

  private ArchiveSources() {
  }

  /**
   * Opens the archive at {@code path}: if it is named like a volume ({@code name.7z.NNN}), the
   * whole set it belongs to (found by listing its directory), else the file itself.
   *
   * @throws SevenZFormatException if a volume of the set is missing
   */
  public static ArchiveSource open(Path path, Configuration conf) throws IOException {
    if (VolumeSet.isVolume(path)) {
      return MultiVolumeArchiveSource.open(VolumeSet.discover(path, conf), conf);
    }
    return HadoopArchiveSource.open(path, conf);
  }

  /**
   * The status of the archive at {@code path}: for a volume, that of its set as one file
   * ({@link VolumeSet#fileStatus()}: joined length, newest modification time), else the file's.
   */
  public static FileStatus status(Path path, Configuration conf) throws IOException {
    if (VolumeSet.isVolume(path)) {
      return VolumeSet.discover(path, conf).fileStatus();
    }
    return path.getFileSystem(conf).getFileStatus(path);
  }

  /**
   * {@code files} with every volume replaced by one status for its whole set
   * ({@link VolumeSet#locatedStatus}), in the place of the first of its volumes listed; the
   * other volumes of that set are dropped. Other files are kept as they are. Each directory
   * holding volumes is listed once more, to find the volumes the input did not name and to
   * refuse a set with a missing volume before any task runs.
   */
  public static List<FileStatus> groupVolumes(List<FileStatus> files, Configuration conf)
      throws IOException {
    List<FileStatus> out = new ArrayList<>(files.size());
    Set<Path> sets = new HashSet<>();
    Map<Path, FileStatus[]> listings = new HashMap<>();
    for (FileStatus file : files) {
      Path path = file.getPath();
      if (file.isDirectory() || !VolumeSet.isVolume(path)) {
        out.add(file);
      } else if (sets.add(VolumeSet.firstVolume(path))) {
        FileStatus[] listing = listings.get(path.getParent());
        if (listing == null) {
          listing = VolumeSet.listLocated(path.getParent(), conf);
          listings.put(path.getParent(), listing);
        }
        out.add(VolumeSet.of(path, listing).locatedStatus(conf));
      }
    }
    return out;
  }
}
