package io.logcount.formats;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * The bzip2 blocks of a byte range, re-framed as bzip2 streams of their own, so that a decoder
 * that reads whole streams only (commons-compress's {@code BZip2CompressorInputStream}, which
 * reads every file bzip2 1.0.8 reads) can start at a block inside a file.
 *
 * <p>Why: a bzip2 block starts at any bit, not at a byte; only its 48-bit magic
 * ({@code 0x314159265359}, "pi") marks it, and a stream ends at the 48-bit magic
 * {@code 0x177245385090} ("sqrt pi") and a CRC combined over all of its blocks. A split that starts
 * inside a file has neither the stream header before its first block nor the CRCs of the blocks
 * before it. So this class finds the magics by bit (as bzip2recover and Hadoop's splittable
 * {@code BZip2Codec} do), copies each block's bits, shifted to follow a header of its own, and
 * closes each run of blocks with an end-of-stream marker whose combined CRC it computes from the
 * CRCs the blocks carry after their magic ({@code combined = rotl(combined, 1) ^ blockCrc}, as
 * bzip2 computes it). The decoder then checks every block's CRC and the combined one as usual.
 *
 * <p>Blocks are taken while their magic's first bit lies before {@code limitBit} (the split's
 * end, in bits). At the first block past it the stream pauses ({@link #read} returns -1); after
 * {@link #resume()} the blocks from there to the end of the file follow as new streams (the
 * reader's one line past its end). A real end-of-stream marker inside the range (concatenated
 * files) ends a run; the next stream header is skipped and the next run starts at its first
 * block. The header written is always {@code BZh9}: the decoder's buffers are then large enough
 * for a block of any level.
 *
 * <p>A magic is 48 bits, so a false one inside compressed data turns up about once in 2^48 bits
 * (~35 TB packed); it splits a block in two, whose CRC then fails: a clear corrupt-data error,
 * never wrong lines.
 */
final class Bzip2Reframer extends InputStream {

  private static final long BLOCK_MAGIC = 0x314159265359L;
  private static final long END_MAGIC = 0x177245385090L;
  private static final byte[] HEADER = {'B', 'Z', 'h', '9'};

  private final InputStream in;
  private final byte[] inBuffer = new byte[64 * 1024];
  private int inPos;
  private int inLimit;
  private long limitBit;

  /** The next {@code avail} (at most 64) input bits, the first at bit 63. */
  private long window;
  private int avail;
  /** Bit position in the file of window's bit 63. */
  private long pos;
  private boolean inputEnded;

  private final byte[] out = new byte[16 * 1024];
  private int outStart;
  private int outEnd;
  /** Output bits not yet a whole byte: the low {@code outBits} bits. */
  private long outBitsValue;
  private int outBits;

  /** Inside a run: block bits are being copied. */
  private boolean copying;
  private int combinedCrc;
  /** At a block past limitBit, or at the end of the file. */
  private boolean paused;

  /**
   * @param in the file's bytes from byte {@code startByte} on (read 64 KiB at a time: unbuffered is best)
   * @param limitBit blocks whose magic starts at this bit or later are left for {@link #resume()}
   */
  Bzip2Reframer(InputStream in, long startByte, long limitBit) {
    this.in = in;
    this.pos = startByte * 8;
    this.limitBit = limitBit;
  }

  /** Goes on past the limit: the blocks from the pause to the end of the file follow. */
  void resume() {
    limitBit = Long.MAX_VALUE;
    paused = false;
  }

  /** True if bytes follow before the next pause (false: no block starts before the limit). */
  boolean hasData() throws IOException {
    while (outStart == outEnd && !paused) {
      produce();
    }
    return outStart < outEnd;
  }

  @Override
  public int read() throws IOException {
    if (!hasData()) {
      return -1;
    }
    return out[outStart++] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (!hasData()) {
      return -1;
    }
    int n = Math.min(len, outEnd - outStart);
    System.arraycopy(out, outStart, b, off, n);
    outStart += n;
    return n;
  }

  /** Fills {@link #out} with what follows, until it is nearly full or the stream pauses. */
  private void produce() throws IOException {
    outStart = 0;
    outEnd = 0;
    while (outEnd < out.length - 32 && !paused) {
      fill();
      if (avail < 48) {
        if (copying) {
          throw new EOFException("bzip2: the file ends inside a block, before its end-of-stream"
              + " marker: the file is truncated");
        }
        paused = true; // the end of the file; no magic fits in what is left
        return;
      }
      int last = Math.min(7, avail - 48);
      int at = -1;
      long magic = 0;
      for (int k = 0; k <= last; k++) {
        long m = (window << k) >>> 16;
        if (m == BLOCK_MAGIC || m == END_MAGIC) {
          at = k;
          magic = m;
          break;
        }
      }
      if (at < 0) {
        consume(last + 1);
        continue;
      }
      consume(at);
      if (magic == BLOCK_MAGIC) {
        startBlock();
      } else {
        endStream();
      }
    }
  }

  /** At a block magic: pause past the limit, else copy it (opening a run first). */
  private void startBlock() throws IOException {
    if (pos >= limitBit) {
      if (copying) {
        closeRun();
      }
      paused = true;
      return;
    }
    if (!copying) {
      for (byte h : HEADER) {
        emit(h & 0xff, 8); // a run starts byte-aligned: closeRun pads
      }
      copying = true;
      combinedCrc = 0;
    }
    consume(48);
    fill();
    if (avail < 32) {
      throw new EOFException("bzip2: the file ends inside a block header: the file is truncated");
    }
    int blockCrc = (int) (window >>> 32);
    combinedCrc = (combinedCrc << 1 | combinedCrc >>> 31) ^ blockCrc;
  }

  /** At a real end-of-stream marker: close the run, skip the marker and its CRC. */
  private void endStream() throws IOException {
    if (copying) {
      closeRun();
    }
    consume(48);
    fill();
    consume(Math.min(32, avail));
  }

  private void closeRun() {
    emit(END_MAGIC >>> 24, 24);
    emit(END_MAGIC & 0xffffff, 24);
    emit(combinedCrc & 0xffffffffL, 32);
    if (outBits > 0) {
      emit(0, 8 - outBits);
    }
    copying = false;
  }

  /** Moves past {@code n} (at most 48, at most {@code avail}) bits, copying them inside a run. */
  private void consume(int n) {
    if (n == 0) {
      return;
    }
    if (copying) {
      emit(window >>> (64 - n), n);
    }
    window <<= n;
    avail -= n;
    pos += n;
  }

  /** Appends the low {@code n} (at most 48) bits of {@code bits} to the output. */
  private void emit(long bits, int n) {
    outBitsValue = outBitsValue << n | (bits & ((1L << n) - 1));
    outBits += n;
    while (outBits >= 8) {
      outBits -= 8;
      out[outEnd++] = (byte) (outBitsValue >>> outBits);
    }
    outBitsValue &= (1L << outBits) - 1;
  }

  private void fill() throws IOException {
    while (avail <= 56 && !inputEnded) {
      if (inPos == inLimit) {
        int n = in.read(inBuffer, 0, inBuffer.length);
        if (n < 0) {
          inputEnded = true;
          return;
        }
        inPos = 0;
        inLimit = n;
        continue;
      }
      window |= (long) (inBuffer[inPos++] & 0xff) << (56 - avail);
      avail += 8;
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
