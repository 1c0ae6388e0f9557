package io.logcount.formats;

import java.io.IOException;

import org.apache.hadoop.fs.PositionedReadable;

/**
 * Finds the frames of a zstd file without decoding them (RFC 8878, section 3.1): the places a
 * {@code .zst} file can be split at, since each frame decodes on its own.
 *
 * <p>A frame's packed size is found from the skippable frame pzstd writes before it (magic
 * {@code 0x184D2A50}, 4 bytes of content: the next frame's packed size), or else by walking its
 * block headers (3 bytes each, section 3.1.1.2), one positional read per 128 KiB block.
 * A frame's content size is read from its header when present (the {@code zstd} command writes
 * it for files; pzstd does not).
 *
 * <p>Planning may spare the walk where knowing the frame's end gains nothing ({@link Walk}): a
 * frame is then taken to run to the end of the file ({@link Frame#toEndOfFile}). Readers never
 * do: they walk to the exact end ({@link Walk#EXACT}).
 */
final class ZstdFrames {

  static final int ZSTD_MAGIC = 0xFD2FB528;
  static final int PZSTD_MAGIC = 0x184D2A50;

  private ZstdFrames() {
  }

  /** One frame: {@code [start, end)} packed bytes. */
  static final class Frame {
    final long start;
    final long end;
    final boolean skippable;
    /** Uncompressed size from the frame header, or -1. */
    final long contentSize;
    /** For pzstd's skippable frame: the packed size of the frame after it, else -1. */
    final long nextFrameSize;
    /**
     * True if {@link #end} is the end of the file by assumption ({@link Walk}), not where the
     * frame's last block was found: more frames may follow inside {@code [start, end)}.
     */
    final boolean toEndOfFile;

    Frame(long start, long end, boolean skippable, long contentSize, long nextFrameSize, boolean toEndOfFile) {
      this.start = start;
      this.end = end;
      this.skippable = skippable;
      this.contentSize = contentSize;
      this.nextFrameSize = nextFrameSize;
      this.toEndOfFile = toEndOfFile;
    }
  }

  /**
   * How far {@link #at} walks the block headers of a frame no pzstd frame announced: each header
   * is a positional read (a GET on S3), one per 128 KiB of text, and a split can only end where a
   * frame ends, so walking the only frame of a 10 GB file (80,000 reads) learns nothing but that
   * it is one split. Where the walk is spared, the frame is taken to run to the end of the file:
   * the split it starts in then runs there too, and reads every frame in it as one stream, so a
   * wrong guess costs parallelism, never a line.
   */
  static final class Walk {
    /** Every block header: the exact end, what a reader needs. */
    static final Walk EXACT = new Walk(0, -1);

    /** A frame whose content size is at least this many times the packed bytes left is the last; 0: never. */
    final int lastFrameRatio;
    /** Most headers walked in a frame of unknown content size; -1: no limit. */
    final int maxBlocks;

    /**
     * @param lastFrameRatio a frame stating a content size of at least {@code lastFrameRatio}
     *     times the packed bytes from its start to the end of the file is taken to be the last
     *     (it could hold all of them at that compression ratio; the {@code zstd} command writes
     *     one such frame per file); 0 never assumes it
     * @param maxBlocks most block headers walked in a frame that states no content size (written
     *     from a pipe or by a streaming writer) before it is taken to be the last; -1 walks all
     */
    Walk(int lastFrameRatio, int maxBlocks) {
      this.lastFrameRatio = lastFrameRatio;
      this.maxBlocks = maxBlocks;
    }

    /** True if a frame at {@code pos} with content size {@code contentSize} (or -1) is taken to be the last. */
    boolean assumesLast(long pos, long contentSize, long fileLength) {
      return lastFrameRatio > 0 && contentSize >= 0
          && contentSize / lastFrameRatio >= fileLength - pos;
    }
  }

  /**
   * The frame at {@code pos}, its exact end; {@code sizeHint} is its packed size if a pzstd
   * skippable frame said it (else -1).
   *
   * @throws IOException naming {@code name} and the offset if the bytes there are no frame, or the
   *     frame runs past the end of the file (truncated)
   */
  static Frame at(PositionedReadable in, String name, long pos, long fileLength, long sizeHint)
      throws IOException {
    return at(in, name, pos, fileLength, sizeHint, Walk.EXACT);
  }

  /**
   * The frame at {@code pos}, as {@link #at(PositionedReadable, String, long, long, long)}, but
   * walking its block headers only as far as {@code walk} allows; past that, the frame is taken
   * to run to the end of the file ({@link Frame#toEndOfFile}).
   */
  static Frame at(PositionedReadable in, String name, long pos, long fileLength, long sizeHint, Walk walk)
      throws IOException {
    byte[] b = new byte[18];
    int n = read(in, pos, b, (int) Math.min(b.length, fileLength - pos));
    if (n < 4) {
      throw new IOException(name + ": truncated zstd data at packed byte " + pos + " (" + n
          + " bytes left where a frame starts)");
    }
    int magic = (int) le(b, 0, 4);
    if ((magic & 0xFFFFFFF0) == PZSTD_MAGIC) {
      if (n < 8) {
        throw truncated(name, pos);
      }
      long size = le(b, 4, 4);
      long end = pos + 8 + size;
      if (end > fileLength) {
        throw truncated(name, pos);
      }
      long next = magic == PZSTD_MAGIC && size == 4 && n >= 12 ? le(b, 8, 4) : -1;
      return new Frame(pos, end, true, -1, next, false);
    }
    if (magic != ZSTD_MAGIC) {
      throw new IOException(name + ": no zstd frame at packed byte " + pos + String.format(
          " (magic %08x): the file is corrupt; check it with 'zstd -t'", magic));
    }
    if (n < 5) {
      throw truncated(name, pos);
    }
    int fhd = b[4] & 0xff;
    if ((fhd & 0x08) != 0) {
      throw new IOException(name + ": corrupt zstd frame header at packed byte " + pos
          + " (reserved bit set); check it with 'zstd -t'");
    }
    boolean singleSegment = (fhd & 0x20) != 0;
    int dictBytes = new int[] {0, 1, 2, 4}[fhd & 3];
    int fcsFlag = fhd >>> 6;
    int fcsBytes = fcsFlag == 0 ? (singleSegment ? 1 : 0) : 1 << fcsFlag;
    int header = 5 + (singleSegment ? 0 : 1) + dictBytes + fcsBytes;
    if (n < header) {
      throw truncated(name, pos);
    }
    long contentSize = -1;
    if (fcsBytes > 0) {
      contentSize = le(b, header - fcsBytes, fcsBytes) + (fcsBytes == 2 ? 256 : 0);
    }
    long end;
    if (sizeHint > 0) {
      end = pos + sizeHint;
    } else if (walk.assumesLast(pos, contentSize, fileLength)) {
      return new Frame(pos, fileLength, false, contentSize, -1, true);
    } else {
      end = pos + header;
      byte[] h = new byte[3];
      int walked = 0;
      while (true) {
        if (contentSize < 0 && walk.maxBlocks >= 0 && walked++ >= walk.maxBlocks) {
          return new Frame(pos, fileLength, false, contentSize, -1, true);
        }
        if (read(in, end, h, (int) Math.min(3, fileLength - end)) < 3) {
          throw truncated(name, pos);
        }
        int bh = (h[0] & 0xff) | (h[1] & 0xff) << 8 | (h[2] & 0xff) << 16;
        int type = (bh >>> 1) & 3;
        if (type == 3) {
          throw new IOException(name + ": corrupt zstd block header at packed byte " + end
              + " (reserved block type); check it with 'zstd -t'");
        }
        end += 3 + (type == 1 ? 1 : bh >>> 3);
        if ((bh & 1) != 0) {
          break;
        }
      }
      if ((fhd & 0x04) != 0) {
        end += 4; // content checksum
      }
    }
    if (end > fileLength) {
      throw truncated(name, pos);
    }
    return new Frame(pos, end, false, contentSize, -1, false);
  }

  private static IOException truncated(String name, long pos) {
    return new IOException(name + ": the zstd frame at packed byte " + pos + " runs past the end"
        + " of the file: the file is truncated; copy it again from its source");
  }

  private static int read(PositionedReadable in, long pos, byte[] b, int len) throws IOException {
    int n = 0;
    while (n < len) {
      int r = in.read(pos + n, b, n, len - n);
      if (r < 0) {
        break;
      }
      n += r;
    }
    return n;
  }

  private static long le(byte[] b, int at, int len) {
    long v = 0;
    for (int i = len - 1; i >= 0; i--) {
      v = v << 8 | (b[at + i] & 0xff);
    }
    return v;
  }
}
