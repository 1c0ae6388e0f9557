package io.logcount.formats;

import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackInputStream;

import org.apache.commons.compress.compressors.lz4.FramedLZ4CompressorInputStream;

import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4FrameInputStream;
import net.jpountz.lz4.LZ4SafeDecompressor;

/**
 * What the {@code lz4} command writes, decoded as {@code lz4 -d} decodes it: frames with
 * independent or linked blocks ({@code lz4 -BD}), legacy frames ({@code lz4 -l}) and skippable
 * frames, concatenated in any order. Each frame gets the decoder that reads it:
 * <ul>
 * <li>a frame of independent blocks (the {@code lz4} default): lz4-java's
 * {@link LZ4FrameInputStream}, native code, ~1,900 MB/s here;
 * <li>a frame of linked blocks: commons-compress's {@link FramedLZ4CompressorInputStream}, pure
 * Java, ~9-12 MB/s here (it shifts its 64 KiB history for every match it returns), as lz4-java
 * has no frame or block decoder that takes the previous block as history (its
 * {@code LZ4FrameInputStream} refuses such frames: "Invalid or unsupported frame descriptor");
 * commons-compress decodes independent blocks at ~90 MB/s only, so it is used where it is needed;
 * <li>a legacy frame: blocks of [4-byte little-endian packed size][lz4 block of at most 8 MiB],
 * each independent, decoded here by lz4-java's block decoder; the frame ends at the end of the
 * file or at a "size" too large for a block, which is the next frame's magic number (lz4's
 * {@code lz4io.c} reads it so).
 * </ul>
 * Each frame decoder reads exactly its frame's bytes, so the next frame's magic number is where
 * the previous decoder stopped. Memory: a linked or independent frame up to twice its block size
 * (4 MiB at most), a legacy frame 16 MiB (its two buffers, allocated at the first legacy frame).
 */
final class Lz4Frames extends InputStream {

  static final int FRAME_MAGIC = 0x184D2204;
  static final int LEGACY_MAGIC = 0x184C2102;
  /** Skippable frames: 0x184D2A50 to 0x184D2A5F. */
  private static final int SKIPPABLE_MAGIC = 0x184D2A50;
  /** Frame descriptor FLG bit 5: blocks are independent (lz4_Frame_format.md, "Block Independence flag"). */
  private static final int FLG_BLOCK_INDEPENDENCE = 0x20;
  static final int LEGACY_BLOCK_BYTES = 8 << 20;
  /** LZ4_compressBound(8 MiB): the largest legacy block; a larger "size" is a magic number. */
  private static final long LEGACY_MAX_PACKED = LEGACY_BLOCK_BYTES + LEGACY_BLOCK_BYTES / 255 + 16;

  private final PushbackInputStream in;
  /** The current frame's decoder; null between frames and in a legacy frame. */
  private InputStream frame;
  private boolean inLegacy;
  private LZ4SafeDecompressor blockDecoder;
  private byte[] legacyPacked;
  private byte[] legacyBlock;
  private int legacyPos;
  private int legacyLimit;
  private long frames;

  /** @param in the file from its first byte, buffered (decoders read headers a few bytes at a time) */
  Lz4Frames(InputStream in) {
    this.in = new PushbackInputStream(in, 8);
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

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (true) {
      if (inLegacy) {
        int n = readLegacy(b, off, len);
        if (n > 0) {
          return n;
        }
        continue; // n == 0: the legacy frame ended, or its block was empty
      }
      if (frame != null) {
        int n = frame.read(b, off, len);
        if (n > 0) {
          return n;
        }
        if (n == 0) {
          continue;
        }
        frame.close();
        frame = null;
      }
      if (!nextFrame()) {
        return -1;
      }
    }
  }

  /** Opens the decoder of the frame that starts here; false at the end of the file. */
  private boolean nextFrame() throws IOException {
    byte[] magic = new byte[4];
    int got = readFully(magic, 4);
    if (got == 0) {
      return false;
    }
    if (got < 4) {
      throw new EOFException("lz4: truncated after frame " + frames + " (" + got + " bytes of a magic number)");
    }
    int m = le32(magic);
    if (m == FRAME_MAGIC) {
      int flg = in.read();
      if (flg < 0) {
        throw new EOFException("lz4: truncated in the header of frame " + (frames + 1));
      }
      in.unread(flg);
      in.unread(magic);
      InputStream frameBytes = new Unclosed(in);
      frame = (flg & FLG_BLOCK_INDEPENDENCE) != 0 ? new LZ4FrameInputStream(frameBytes, true)
          : new FramedLZ4CompressorInputStream(frameBytes, false);
    } else if (m == LEGACY_MAGIC) {
      if (legacyBlock == null) {
        blockDecoder = LZ4Factory.fastestInstance().safeDecompressor();
        legacyPacked = new byte[(int) LEGACY_MAX_PACKED];
        legacyBlock = new byte[LEGACY_BLOCK_BYTES];
      }
      inLegacy = true;
      legacyPos = 0;
      legacyLimit = 0;
    } else if ((m & 0xFFFFFFF0) == SKIPPABLE_MAGIC) {
      byte[] size = new byte[4];
      if (readFully(size, 4) < 4) {
        throw new EOFException("lz4: truncated in the size of skippable frame " + (frames + 1));
      }
      for (long left = le32(size) & 0xffffffffL; left > 0; left--) {
        if (in.read() < 0) { // a byte at a time: lz4 never writes these, other tools rarely
          throw new EOFException("lz4: truncated in skippable frame " + (frames + 1));
        }
      }
    } else {
      throw new IOException(String.format("lz4: not an lz4 frame after frame %d: magic number 0x%08X", frames, m));
    }
    frames++;
    return true;
  }

  /** Bytes of the legacy frame's current block; 0 once the frame has ended (inLegacy is then false). */
  private int readLegacy(byte[] b, int off, int len) throws IOException {
    if (legacyPos == legacyLimit) {
      byte[] size = new byte[4];
      int got = readFully(size, 4);
      if (got == 0) {
        inLegacy = false;
        return 0;
      }
      if (got < 4) {
        throw new EOFException("lz4: truncated in a block size of legacy frame " + frames);
      }
      long packed = le32(size) & 0xffffffffL;
      if (packed > LEGACY_MAX_PACKED) {
        in.unread(size); // the next frame's magic number
        inLegacy = false;
        return 0;
      }
      if (readFully(legacyPacked, (int) packed) < packed) {
        throw new EOFException("lz4: truncated in a block of legacy frame " + frames + " (" + packed + " packed bytes)");
      }
      try {
        legacyLimit = blockDecoder.decompress(legacyPacked, 0, (int) packed, legacyBlock, 0, LEGACY_BLOCK_BYTES);
      } catch (LZ4Exception e) {
        // lz4-java's word for malformed input (a bad offset or length in the block): damaged data.
        throw new IOException("lz4: corrupt block in legacy frame " + frames + ": " + e.getMessage(), e);
      }
      legacyPos = 0;
      return 0;
    }
    int n = Math.min(len, legacyLimit - legacyPos);
    System.arraycopy(legacyBlock, legacyPos, b, off, n);
    legacyPos += n;
    return n;
  }

  /** Reads up to {@code len} bytes into {@code b}; fewer only at the end of the file. */
  private int readFully(byte[] b, int len) throws IOException {
    int got = 0;
    while (got < len) {
      int r = in.read(b, got, len - got);
      if (r < 0) {
        break;
      }
      got += r;
    }
    return got;
  }

  private static int le32(byte[] b) {
    return (b[0] & 0xff) | (b[1] & 0xff) << 8 | (b[2] & 0xff) << 16 | (b[3] & 0xff) << 24;
  }

  @Override
  public void close() throws IOException {
    try {
      if (frame != null) {
        frame.close();
        frame = null;
      }
    } finally {
      in.close();
    }
  }

  /** The frames' shared input, which a frame decoder's {@code close()} must not close. */
  private static final class Unclosed extends FilterInputStream {
    Unclosed(InputStream in) {
      super(in);
    }

    @Override
    public void close() {
      // the file stays open for the frames after this one; Lz4Frames.close closes it
    }
  }
}
