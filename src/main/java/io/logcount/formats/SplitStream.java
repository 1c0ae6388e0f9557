package io.logcount.formats;

import java.io.IOException;
import java.io.InputStream;

import org.apache.hadoop.fs.FSDataInputStream;

/**
 * The uncompressed bytes of one {@link StreamSplit}, from the first point of its range the format
 * can decode from, on to the end of the file, and where the lines the split owns end.
 *
 * <p>The split contract (Hadoop's {@code LineRecordReader}, in uncompressed bytes): a split owns
 * the lines that start in its blocks (for plain text, its bytes), and a line that starts exactly
 * at the first byte of the next split's first block; every split but the first throws away the
 * (partial) line it starts in, since the previous split reads on past its end to finish it.
 * {@link #ownedEnd()} is where that is decided: a line starting at a stream offset greater than it
 * belongs to the next split. Formats whose blocks do not say their uncompressed size (bzip2,
 * zstd frames without a content size) learn it only when decoding crosses the first block the
 * split does not own: until then it is {@link Long#MAX_VALUE}, which is right, since every line
 * that starts before that point is owned.
 *
 * <p>Reads never return bytes of two blocks at once where the boundary matters, so the boundary
 * is known before any byte past it is returned.
 */
public abstract class SplitStream extends InputStream {

  /** The file, positioned by the format; what progress and packed bytes are read from. */
  protected final FSDataInputStream file;
  /** First packed byte of the split. */
  protected final long splitStart;
  /** Uncompressed bytes returned so far. */
  protected long delivered;

  protected SplitStream(FSDataInputStream file, long splitStart) {
    this.file = file;
    this.splitStart = splitStart;
  }

  /**
   * Offset in the file's uncompressed bytes of the first byte this stream returns, or -1 where
   * the format cannot know it without decoding everything before (bzip2 and zstd splits after
   * the first): line offsets are then counted from the split's first block.
   */
  public abstract long firstOffset();

  /** True if the stream starts inside the file's data: its first line belongs to the previous split. */
  public abstract boolean startsInside();

  /** Stream offset up to which (inclusive) a line that starts there is owned; see the class comment. */
  public abstract long ownedEnd();

  /** Packed bytes of the file consumed since the split's start (read-ahead past the end included). */
  public long packedRead() {
    try {
      return Math.max(0, file.getPos() - splitStart);
    } catch (IOException e) {
      return 0; // only for counters and progress; a broken stream fails the next read
    }
  }

  /** {@code n}, a read's result, after counting it in {@link #delivered}. */
  protected final int counted(int n) {
    if (n > 0) {
      delivered += n;
    }
    return n;
  }

  /** Uncompressed bytes returned so far. */
  public long delivered() {
    return delivered;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n;
    do {
      n = read(one, 0, 1);
    } while (n == 0);
    return n < 0 ? -1 : one[0] & 0xff;
  }
}
