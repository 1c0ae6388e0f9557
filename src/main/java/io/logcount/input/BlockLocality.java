package io.logcount.input;

import java.io.IOException;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.BlockLocation;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;

/**
 * Where a split's bytes live: the hosts every input format gives its splits, so the scheduler
 * runs a map next to the data it reads.
 */
public final class BlockLocality {

  private BlockLocality() {
  }

  /** The blocks of a file as listed (a listing by {@code FileInputFormat} already has them). */
  public static BlockLocation[] blockLocations(FileStatus file, Configuration conf) throws IOException {
    if (file instanceof LocatedFileStatus) {
      return ((LocatedFileStatus) file).getBlockLocations();
    }
    FileSystem fs = file.getPath().getFileSystem(conf);
    return fs.getFileBlockLocations(file, 0, file.getLen());
  }

  /**
   * Hosts of the block that holds the most of {@code [start, start + length)}: a compressed
   * block spanning several file system blocks is best read where most of its bytes are.
   */
  public static String[] hostsOfLargestOverlap(BlockLocation[] blocks, long start, long length)
      throws IOException {
    BlockLocation best = null;
    long bestOverlap = -1;
    long end = start + length;
    for (BlockLocation block : blocks) {
      long overlap = Math.min(end, block.getOffset() + block.getLength()) - Math.max(start, block.getOffset());
      if (overlap > bestOverlap) {
        bestOverlap = overlap;
        best = block;
      }
    }
    return best == null ? new String[0] : best.getHosts();
  }
}
