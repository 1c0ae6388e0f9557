package io.logcount.sevenz.source;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.BlockLocation;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * The volumes of one multi-volume 7z archive, as {@code 7zz a -v100m} writes them:
 * {@code name.7z.001}, {@code name.7z.002}, ... in one directory. A volume is not an archive of
 * its own: 7-Zip cuts the archive's bytes in pieces (all but the last of the {@code -v} size),
 * so the archive is the volumes' bytes joined in order, and every offset in its header is an
 * offset in that joined sequence.
 *
 * <p>A set is found by listing the directory of any of its volumes. Its volumes must be numbered
 * consecutively from 001; a gap is refused naming the missing volume. A missing <em>last</em>
 * volume cannot be told from the names: the archive then looks truncated (its header, at the
 * very end, lies beyond the joined length), which the header parser reports as such.
 *
 * <p>Immutable; the statuses are those of the listing it was made from.
 */
public final class VolumeSet {

  /** {@code name.7z.NNN}: 7-Zip numbers volumes with at least three digits. */
  private static final Pattern VOLUME = Pattern.compile("(.+\\.7[zZ])\\.([0-9]{3,9})");

  private final Path first;
  private final FileStatus[] volumes;
  /** {@code starts[i]}: offset of volume i in the joined bytes; {@code starts[n]}: joined length. */
  private final long[] starts;

  private VolumeSet(Path first, FileStatus[] volumes) {
    this.first = first;
    this.volumes = volumes;
    this.starts = new long[volumes.length + 1];
    for (int i = 0; i < volumes.length; i++) {
      starts[i + 1] = starts[i] + volumes[i].getLen();
    }
  }

  /** True if {@code path} is named like a volume, {@code name.7z.NNN}. */
  public static boolean isVolume(Path path) {
    return VOLUME.matcher(path.getName()).matches();
  }

  /** True if the last component of {@code pathOrName} is named like a volume. */
  public static boolean isVolumeName(String pathOrName) {
    return VOLUME.matcher(pathOrName.substring(pathOrName.lastIndexOf('/') + 1)).matches();
  }

  /** The first volume ({@code name.7z.001}) of the set that {@code volume} belongs to. */
  public static Path firstVolume(Path volume) {
    return new Path(volume.getParent(), volumeName(matcher(volume).group(1), 1));
  }

  /**
   * The set that {@code volume} (any of its volumes) belongs to, found by listing its directory
   * once. Block locations are not fetched: see {@link #discoverLocated} for planning.
   *
   * @throws SevenZFormatException if a volume is missing or two files claim the same number
   */
  public static VolumeSet discover(Path volume, Configuration conf) throws IOException {
    FileSystem fs = volume.getFileSystem(conf);
    return of(volume, fs.listStatus(volume.getParent()));
  }

  /** {@link #discover}, with each volume's block locations, for {@link #locatedStatus}. */
  public static VolumeSet discoverLocated(Path volume, Configuration conf) throws IOException {
    return of(volume, listLocated(volume.getParent(), conf));
  }

  /** Every entry of {@code dir}, with block locations (one listing call on HDFS). */
  static FileStatus[] listLocated(Path dir, Configuration conf) throws IOException {
    FileSystem fs = dir.getFileSystem(conf);
    List<FileStatus> list = new ArrayList<>();
    RemoteIterator<LocatedFileStatus> it = fs.listLocatedStatus(dir);
    while (it.hasNext()) {
      list.add(it.next());
    }
    return list.toArray(new FileStatus[0]);
  }

  /**
   * The set of {@code volume} among {@code directory}, a listing of its directory (other files
   * are ignored).
   */
  static VolumeSet of(Path volume, FileStatus[] directory) throws SevenZFormatException {
    String base = matcher(volume).group(1);
    Path dir = volume.getParent();
    TreeMap<Integer, FileStatus> numbered = new TreeMap<>();
    for (FileStatus f : directory) {
      Matcher m = VOLUME.matcher(f.getPath().getName());
      if (f.isFile() && m.matches() && m.group(1).equals(base)) {
        FileStatus other = numbered.put(Integer.parseInt(m.group(2)), f);
        if (other != null) {
          throw new SevenZFormatException("two files are volume " + Integer.parseInt(m.group(2))
              + " of the 7z volume set " + new Path(dir, base) + ": " + other.getPath().getName()
              + " and " + f.getPath().getName() + "; remove the wrong one");
        }
      }
    }
    int last = numbered.isEmpty() ? 1 : numbered.lastKey();
    for (int n = 1; n <= last; n++) {
      if (!numbered.containsKey(n)) {
        throw new SevenZFormatException("missing volume " + new Path(dir, volumeName(base, n))
            + " of the set " + volumeName(base, 1) + ".." + String.format(Locale.ROOT, "%03d", last)
            + "; copy it next to the others");
      }
    }
    return new VolumeSet(new Path(dir, volumeName(base, 1)),
        numbered.values().toArray(new FileStatus[0]));
  }

  private static Matcher matcher(Path volume) {
    Matcher m = VOLUME.matcher(volume.getName());
    if (!m.matches()) {
      throw new IllegalArgumentException(volume + " is not named like a 7z volume (name.7z.001)");
    }
    return m;
  }

  private static String volumeName(String base, int number) {
    return base + "." + String.format(Locale.ROOT, "%03d", number);
  }

  /** The first volume, {@code name.7z.001}: the name of the whole archive. */
  public Path firstVolume() {
    return first;
  }

  /** Number of volumes. */
  public int size() {
    return volumes.length;
  }

  /** Status of volume {@code i} (0-based) as listed. */
  public FileStatus volume(int i) {
    return volumes[i];
  }

  /** Offset of volume {@code i} in the joined bytes; {@code start(size())} is {@link #length()}. */
  public long start(int i) {
    return starts[i];
  }

  /** Length of the archive: the volumes' lengths added up. */
  public long length() {
    return starts[volumes.length];
  }

  /**
   * The newest modification time of any volume: replacing any one volume moves it, which the
   * first volume's time alone would not show.
   */
  public long modificationTime() {
    long newest = Long.MIN_VALUE;
    for (FileStatus v : volumes) {
      newest = Math.max(newest, v.getModificationTime());
    }
    return newest;
  }

  /** Index of the volume holding joined offset {@code offset}, {@code 0 <= offset < length()}. */
  public int volumeAt(long offset) {
    if (offset < 0 || offset >= length()) {
      throw new IllegalArgumentException("offset " + offset + " outside " + this);
    }
    // The last volume starting at or before the offset; empty volumes are stepped over.
    int lo = 0;
    int hi = volumes.length - 1;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (starts[mid] <= offset) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return lo;
  }

  /** "volume 7 of 12 (path)": how messages name one volume. */
  public String describe(int i) {
    return "volume " + (i + 1) + " of " + volumes.length + " (" + volumes[i].getPath() + ")";
  }

  /**
   * The whole set as one file: path {@link #firstVolume()}, length {@link #length()},
   * modification time {@link #modificationTime()}, other attributes of the first volume. This
   * is what the sidecar index of a set records and is checked against.
   */
  public FileStatus fileStatus() {
    FileStatus v = volumes[0];
    return new FileStatus(length(), false, v.getReplication(), v.getBlockSize(), modificationTime(),
        v.getAccessTime(), v.getPermission(), v.getOwner(), v.getGroup(), first);
  }

  /**
   * {@link #fileStatus()} with every volume's blocks, their offsets moved into the joined bytes,
   * so that the hosts of a split are those of the block (of whichever volume) holding most of
   * its packed bytes. Volumes listed without locations are asked for theirs.
   */
  public LocatedFileStatus locatedStatus(Configuration conf) throws IOException {
    List<BlockLocation> blocks = new ArrayList<>();
    for (int i = 0; i < volumes.length; i++) {
      FileStatus v = volumes[i];
      BlockLocation[] own = v instanceof LocatedFileStatus
          ? ((LocatedFileStatus) v).getBlockLocations()
          : v.getPath().getFileSystem(conf).getFileBlockLocations(v, 0, v.getLen());
      for (BlockLocation b : own == null ? new BlockLocation[0] : own) {
        BlockLocation moved = new BlockLocation(b);
        moved.setOffset(starts[i] + b.getOffset());
        blocks.add(moved);
      }
    }
    return new LocatedFileStatus(fileStatus(), blocks.toArray(new BlockLocation[0]));
  }

  @Override
  public String toString() {
    return "7z volume set " + first + " (" + volumes.length + " volumes, " + length() + " bytes)";
  }
}
