package io.logcount.formats;

import java.io.BufferedInputStream;
import java.io.InputStream;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;

/**
 * What the {@code lz4} command writes: frames (independent or linked blocks), legacy frames
 * ({@code lz4 -l}), concatenated too, read by {@link Lz4Frames}: one split per file.
 */
final class Lz4Format extends StreamFormat {

  Lz4Format() {
    super("lz4", ".lz4", 3);
  }

  /** A frame or a legacy frame, after any skippable frames. */
  @Override
  public boolean hasMagic(byte[] head, int n) {
    int p = ZstdFormat.afterSkippableFrames(head, n);
    return startsWith(head, n, p, 0x04, 0x22, 0x4D, 0x18) || startsWith(head, n, p, 0x02, 0x21, 0x4C, 0x18);
  }

  @Override
  protected InputStream decoder(FSDataInputStream file, Configuration conf, long memoryLimitBytes) {
    return new Lz4Frames(new BufferedInputStream(file, BUFFER_BYTES));
  }

  /** Tests frames, linked blocks and legacy frames alike. */
  @Override
  public String checkCommand() {
    return "lz4 -t";
  }
}
