package io.logcount.cluster;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.apache.commons.compress.archivers.sevenz.SevenZArchiveEntry;
import org.apache.commons.compress.archivers.sevenz.SevenZMethod;
import org.apache.commons.compress.archivers.sevenz.SevenZOutputFile;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.apache.hadoop.hdfs.server.datanode.DataNode;

/**
 * A 7z archive laid out against HDFS blocks of {@link #BLOCK} bytes, stored so that its blocks
 * alternate between the two DataNodes: a locality test can then tell the blocks apart by host.
 *
 * <p>Stored entries (7z method Copy, one folder each, as commons-compress writes them), so a
 * folder's packed bytes are exactly its entry's bytes. Packed streams start right after the
 * 32-byte signature header (7zFormat.txt, "SignatureHeader"), hence the sizes:
 * <pre>
 *   folder 0: BLOCK - 32  -> block 0 exactly (after the signature header)
 *   folder 1: BLOCK       -> block 1 exactly
 *   folder 2: BLOCK       -> block 2 exactly
 *   folder 3: BLOCK / 2   -> first half of block 3
 *   folder 4: BLOCK * 5/4 -> second half of block 3 and 3/4 of block 4: most of it in block 4
 *   header               -> rest of block 4
 * </pre>
 * Block i lives on DataNode i % 2 only (one replica). HDFS places blocks itself, so each
 * block-sized piece is written as its own file with that DataNode as favored node, and the
 * pieces are then joined with {@code concat}, which keeps their blocks where they are.
 */
final class SpreadBlocksArchive {

  /** HDFS block size of the stored archive (the mini cluster allows blocks this small). */
  static final int BLOCK = 256 * 1024;

  /** Entry (= folder) sizes, see the class comment. */
  static final int[] ENTRY_SIZES = {BLOCK - 32, BLOCK, BLOCK, BLOCK / 2, BLOCK * 5 / 4};
  /** For each folder, the block holding most of its packed bytes, see the class comment. */
  static final int[] MAIN_BLOCK = {0, 1, 2, 3, 4};
  /** Blocks of the stored archive: 4.75 blocks of folders, then the header. */
  static final int BLOCKS = 5;

  private SpreadBlocksArchive() {
  }

  /** Writes the archive to a local file: log lines of 500 users, deterministic. */
  static File write(File file) throws IOException {
    Random random = new Random(20240917L);
    try (SevenZOutputFile out = new SevenZOutputFile(file)) {
      out.setContentCompression(SevenZMethod.COPY);
      for (int i = 0; i < ENTRY_SIZES.length; i++) {
        SevenZArchiveEntry entry = new SevenZArchiveEntry();
        entry.setName("spread/part-" + i + ".tsv");
        out.putArchiveEntry(entry);
        out.write(logText(ENTRY_SIZES[i], random));
        out.closeArchiveEntry();
      }
    }
    return file;
  }

  /**
   * {@code size} bytes of {@code AuctionID UserID SiteID URL UserAgent Timestamp} lines; the last
   * line is cut at {@code size} (a line without '\n' at the end of an entry still counts).
   */
  private static byte[] logText(int size, Random random) {
    StringBuilder text = new StringBuilder(size + 200);
    while (text.length() < size) {
      text.append("a").append(random.nextInt(1_000_000_000))
          .append("\tu").append(random.nextInt(500))
          .append("\tsite").append(random.nextInt(50))
          .append("\thttp://example.com/p/").append(random.nextInt(10_000))
          .append("\tMozilla/5.0\t").append(1_700_000_000L + random.nextInt(86_400))
          .append('\n');
    }
    byte[] bytes = text.toString().getBytes(StandardCharsets.US_ASCII);
    return java.util.Arrays.copyOf(bytes, size);
  }

  /**
   * Stores {@code local} at {@code target}: block i on {@code dataNodes.get(i % 2)}, one replica.
   */
  static Path store(File local, DistributedFileSystem fs, List<DataNode> dataNodes, Path target)
      throws IOException {
    Path dir = target.getParent();
    List<Path> pieces = new ArrayList<>();
    try (RandomAccessFile in = new RandomAccessFile(local, "r")) {
      byte[] buffer = new byte[BLOCK];
      for (int i = 0; i * (long) BLOCK < in.length(); i++) {
        int n = (int) Math.min(BLOCK, in.length() - i * (long) BLOCK);
        in.readFully(buffer, 0, n);
        Path piece = new Path(dir, "." + target.getName() + ".piece-" + i);
        InetSocketAddress[] favored = {dataNodes.get(i % dataNodes.size()).getXferAddress()};
        try (OutputStream out = fs.create(piece, FsPermission.getFileDefault(), true, 64 * 1024,
            (short) 1, BLOCK, null, favored)) {
          out.write(buffer, 0, n);
        }
        pieces.add(piece);
      }
    }
    Path first = pieces.remove(0);
    fs.concat(first, pieces.toArray(new Path[0]));
    if (!fs.rename(first, target)) {
      throw new IOException("cannot rename " + first + " to " + target);
    }
    return fs.makeQualified(target);
  }
}
