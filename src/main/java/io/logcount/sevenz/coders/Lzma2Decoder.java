package io.logcount.sevenz.coders;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

import org.tukaani.xz.CorruptedInputException;


/**
 * An LZMA2 decoder (7-Zip's default method, Methods.txt id 21) written for throughput: it
 * decodes the same streams as XZ for Java's {@code LZMA2InputStream}, byte for byte, faster
 * ({@code decode} of 1 GB on one core: 15.3 s against 17.7 s; docs/performance.md).
 *
 * <p>Why it is faster: XZ for Java keeps the range coder ({@code range}, {@code code}, input
 * position) in fields of a separate object and calls a method per bit, so every one of the
 * roughly ten bits decoded per output byte loads and stores them through memory. Here one
 * method decodes a whole run of symbols with the range coder, the LZMA state and the last four
 * distances in local variables (registers), as 7-Zip's C decoder does, and writes them back once
 * per run. The probabilities live in one {@code char[]} at fixed offsets, as in LzmaDec.c
 * (unsigned 16 bits like its UInt16: half the cache lines of an int[]).
 *
 * <p>The format (the LZMA SDK's lzma-specification.txt, and Lzma2Dec.c): a sequence of chunks,
 * each a control byte and a header, then either up to 64 KiB of LZMA data that unpacks to up to
 * 2 MiB, or up to 64 KiB stored as is; control byte 0 ends the stream. A chunk may reset the
 * dictionary, the LZMA state, and the properties (lc, lp, pb); every LZMA chunk restarts the
 * range coder. A match never crosses a chunk's end.
 *
 * <p>Branches and the JIT: C2 compiles a branch that its profile never saw taken as a trap
 * that throws the compiled code away, back to the interpreter, to be profiled and compiled
 * again (a "deoptimization"). In this 2.7 KB method each such cycle costs ~0.2 s of C2 time
 * and a stretch of slow code, in every JVM (every map task on a cluster). The ring buffer's
 * first wrap (after a dictionary's worth of output) took four branches the other way at once:
 * the previous byte at pos 0, the match byte and the copy source before pos 0, the history
 * length; with them a job compiled this method 10 times (JFR jdk.Compilation and
 * jdk.Deoptimization events; docs/performance.md). They are masks and Math.max now, and a
 * copy that wraps takes the byte loop that overlapping copies take anyway.
 *
 * <p>Corrupt input ends in an {@link IOException} (XZ for Java's
 * {@link CorruptedInputException}, never an unchecked exception or an endless loop): every distance is checked against
 * the bytes decoded so far, every chunk must use exactly its packed bytes and end with a zero
 * range code, and a read past a chunk's packed bytes fails.
 *
 * <p>Memory: the dictionary (at least the declared size, rounded up to 16 bytes) plus 64 KiB.
 * Not thread safe.
 */
final class Lzma2Decoder extends InputStream {

  private static final int NUM_STATES = 12;
  private static final int POS_STATES_MAX = 1 << 4;
  private static final int MOVE_BITS = 5;
  private static final int BIT_MODEL_TOTAL = 1 << 11;
  private static final int TOP_MASK = 0xFF000000;
  private static final int MATCH_LEN_MIN = 2;
  private static final int DIST_MODEL_START = 4;
  private static final int DIST_MODEL_END = 14;
  private static final int ALIGN_BITS = 4;
  private static final int LITERAL_CODER_SIZE = 0x300;

  // Offsets in probs[]. Trees are indexed from 1, as the bit-tree decoders walk them.
  private static final int IS_MATCH = 0;
  private static final int IS_REP = IS_MATCH + (NUM_STATES << 4);
  private static final int IS_REP0 = IS_REP + NUM_STATES;
  private static final int IS_REP1 = IS_REP0 + NUM_STATES;
  private static final int IS_REP2 = IS_REP1 + NUM_STATES;
  private static final int IS_REP0_LONG = IS_REP2 + NUM_STATES;
  private static final int DIST_SLOTS = IS_REP0_LONG + (NUM_STATES << 4); // 4 trees of 64
  private static final int DIST_SPECIAL = DIST_SLOTS + 4 * 64; // slots 4..13, see SPECIAL_BASE
  private static final int DIST_ALIGN = DIST_SPECIAL + 124;
  /** A length coder: choice, choice2, low[16][8], mid[16][8], high[256]. */
  private static final int LEN_CHOICE = 0;
  private static final int LEN_CHOICE2 = 1;
  private static final int LEN_LOW = 2;
  private static final int LEN_MID = LEN_LOW + (POS_STATES_MAX << 3);
  private static final int LEN_HIGH = LEN_MID + (POS_STATES_MAX << 3);
  private static final int LEN_CODER_SIZE = LEN_HIGH + 256;
  private static final int MATCH_LEN = DIST_ALIGN + 16;
  private static final int REP_LEN = MATCH_LEN + LEN_CODER_SIZE;
  private static final int LITERAL = REP_LEN + LEN_CODER_SIZE;
  private static final int PROBS_SIZE = LITERAL + (LITERAL_CODER_SIZE << 4); // lc + lp <= 4

  /** Where the reverse bit tree of distance slot {@code s} (4 to 13) starts in DIST_SPECIAL. */
  private static final int[] SPECIAL_BASE = new int[DIST_MODEL_END];

  static {
    int base = DIST_SPECIAL;
    for (int slot = DIST_MODEL_START; slot < DIST_MODEL_END; slot++) {
      SPECIAL_BASE[slot] = base;
      base += 1 << ((slot >>> 1) - 1);
    }
    if (base != DIST_ALIGN) {
      throw new AssertionError("distance model layout");
    }
  }

  /**
   * Most bytes decoded per step before the reader gets them. A chunk unpacks to up to 2 MiB;
   * decoding it whole and then copying it out reads it back from far caches, while steps of
   * 16-64 KiB copy bytes still in the core's own (1 GB warm on one core in 11.9-12.1 s instead
   * of 12.6-13.0 s; 256 KiB is worse). 16 KiB rather than 64: C2 compiles a method called this
   * rarely first "on stack" at whichever inner loop got hot, once per loop (6 such compiles of
   * ~0.2 s each at 64 KiB), until enough calls earn it a normal compile; four times as many
   * calls get there after ~10 MB instead of ~40 (3 compiles in a job at 16 KiB).
   */
  private static final int DECODE_STEP = 1 << 14;

  /** Largest packed size of one chunk, plus room so that a corrupt chunk overreads safely. */
  private static final int IN_BUFFER = (1 << 16) + 8;

  private final DataInputStream in;
  private final byte[] buf;
  private final char[] probs = new char[PROBS_SIZE];
  private final byte[] inBuf = new byte[IN_BUFFER];

  // Dictionary: buf is circular; bytes [flushed, pos) are decoded but not yet read.
  private int pos;
  private int flushed;
  /** Bytes of buf that hold history (distances must stay below it). */
  private int full;
  private int pendingLen;
  private int pendingDist;

  // Range coder over inBuf[inPos, inEnd).
  private int range;
  private int code;
  private int inPos;
  private int inEnd;

  // LZMA state.
  private int lc;
  private int lpMask;
  private int pbMask;
  private int state;
  private int rep0;
  private int rep1;
  private int rep2;
  private int rep3;

  // Chunk state.
  private int chunkLeft;
  private boolean lzmaChunk;
  private boolean needDictReset = true;
  private boolean needProps = true;
  private boolean endReached;
  private IOException failure;

  /**
   * @param in the LZMA2 stream (read through a buffer: chunk headers are read byte by byte)
   * @param dictSize the dictionary size from the coder's properties (already bounded by the
   *     caller to the data's size and checked against the memory limit)
   */
  Lzma2Decoder(InputStream in, int dictSize) {
    this.in = new DataInputStream(in);
    // A multiple of 16: posState and the literal position are taken from buf positions.
    this.buf = new byte[(Math.max(dictSize, 4096) + 15) & ~15];
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (off < 0 || len < 0 || len > b.length - off) {
      throw new IndexOutOfBoundsException();
    }
    if (len == 0) {
      return 0;
    }
    if (failure != null) {
      throw failure;
    }
    try {
      int done = 0;
      while (done < len) {
        if (flushed == pos) {
          if (pos == buf.length) {
            pos = 0;
            flushed = 0;
          }
          if (!decodeSome()) {
            break;
          }
        }
        int n = Math.min(pos - flushed, len - done);
        System.arraycopy(buf, flushed, b, off + done, n);
        flushed += n;
        done += n;
      }
      return done == 0 ? -1 : done;
    } catch (ArrayIndexOutOfBoundsException e) {
      throw fail("corrupt LZMA2 data (a read past a chunk's packed bytes)", e);
    } catch (IOException e) {
      failure = e;
      throw e;
    }
  }

  /**
   * The error for corrupt data: XZ for Java's own exception type, as its decoder throws, so
   * that {@code SevenZFolderInputStream} words it (archive, folder, methods; or a wrong
   * password when the folder is encrypted) exactly as before.
   */
  private CorruptedInputException fail(String what, Throwable cause) {
    CorruptedInputException e = new CorruptedInputException(what);
    if (cause != null) {
      e.initCause(cause);
    }
    failure = e;
    return e;
  }

  /**
   * Decodes the next bytes into buf from {@code pos} on, at most to its end; false at the end
   * of the stream.
   */
  private boolean decodeSome() throws IOException {
    while (chunkLeft == 0) {
      if (endReached || !nextChunk()) {
        return false;
      }
    }
    int n = Math.min(Math.min(chunkLeft, buf.length - pos), DECODE_STEP);
    if (lzmaChunk) {
      decodeLzma(pos + n);
    } else {
      in.readFully(buf, pos, n);
      pos += n;
      full = Math.max(full, pos);
    }
    chunkLeft -= n;
    if (chunkLeft == 0 && lzmaChunk && (inPos != inEnd || code != 0 || pendingLen > 0)) {
      throw fail("corrupt LZMA2 data (a chunk does not end where its header says)", null);
    }
    return true;
  }

  /** Reads a chunk header; false after the end marker. See the class comment. */
  private boolean nextChunk() throws IOException {
    int control;
    try {
      control = in.readUnsignedByte();
    } catch (EOFException e) {
      throw fail("truncated LZMA2 data (no end marker)", e);
    }
    if (control == 0x00) {
      endReached = true;
      return false;
    }
    if (control >= 0xE0 || control == 0x01) {
      needProps = true;
      needDictReset = false;
      resetDictionary();
    } else if (needDictReset) {
      throw fail("corrupt LZMA2 data (the first chunk does not reset the dictionary)", null);
    }
    if (control >= 0x80) {
      lzmaChunk = true;
      chunkLeft = ((control & 0x1F) << 16) + in.readUnsignedShort() + 1;
      int packed = in.readUnsignedShort() + 1;
      if (control >= 0xC0) {
        needProps = false;
        properties(in.readUnsignedByte());
        resetState();
      } else if (needProps) {
        throw fail("corrupt LZMA2 data (an LZMA chunk without properties)", null);
      } else if (control >= 0xA0) {
        resetState();
      }
      if (packed < 5) {
        throw fail("corrupt LZMA2 data (an LZMA chunk of " + packed + " packed bytes)", null);
      }
      in.readFully(inBuf, 0, packed);
      Arrays.fill(inBuf, packed, inBuf.length, (byte) 0);
      if (inBuf[0] != 0) {
        throw fail("corrupt LZMA2 data (a range coder that does not start with 0)", null);
      }
      code = ((inBuf[1] & 0xFF) << 24) | ((inBuf[2] & 0xFF) << 16) | ((inBuf[3] & 0xFF) << 8)
          | (inBuf[4] & 0xFF);
      range = 0xFFFFFFFF;
      inPos = 5;
      inEnd = packed;
    } else if (control > 0x02) {
      throw fail(String.format("corrupt LZMA2 data (control byte 0x%02x)", control), null);
    } else {
      lzmaChunk = false;
      chunkLeft = in.readUnsignedShort() + 1;
    }
    return true;
  }

  private void resetDictionary() {
    pos = 0;
    flushed = 0;
    full = 0;
    pendingLen = 0;
    buf[buf.length - 1] = 0; // the "previous byte" of the first literal
  }

  private void properties(int props) throws CorruptedInputException {
    if (props > (4 * 5 + 4) * 9 + 8) {
      throw fail("corrupt LZMA2 data (properties byte " + props + ")", null);
    }
    int pb = props / (9 * 5);
    int lp = props / 9 % 5;
    lc = props % 9;
    if (lc + lp > 4) {
      throw fail("corrupt LZMA2 data (lc + lp = " + (lc + lp) + ", above 4)", null);
    }
    lpMask = (1 << lp) - 1;
    pbMask = (1 << pb) - 1;
  }

  private void resetState() {
    Arrays.fill(probs, (char) (BIT_MODEL_TOTAL >>> 1));
    state = 0;
    rep0 = 0;
    rep1 = 0;
    rep2 = 0;
    rep3 = 0;
  }

  /**
   * Decodes LZMA symbols into buf until {@code pos} reaches {@code end} (a match longer than
   * that is left pending). The range coder's normalisation, "if the top byte of range is 0,
   * shift in one input byte", comes before every bit, as in LzmaDec.c.
   */
  private void decodeLzma(int end) throws CorruptedInputException {
    final byte[] buf = this.buf;
    final char[] probs = this.probs;
    final byte[] in = this.inBuf;
    final int bufLen = buf.length;
    final int lc = this.lc;
    final int lpMask = this.lpMask;
    final int pbMask = this.pbMask;
    int pos = this.pos;
    // Bytes of history are max(fullAtEntry, pos): buf is either wrapped (full == bufLen) or
    // holds exactly [0, pos). Taken with Math.max (a conditional move) where a distance is
    // checked, not kept up to date with an "if (full < pos)" per byte: that branch changes
    // direction for good when the ring first wraps, which C2 then handles by throwing the
    // compiled method away and compiling it again (see the class comment on branches).
    final int fullAtEntry = this.full;
    int range = this.range;
    int code = this.code;
    int ip = this.inPos;
    int state = this.state;
    int rep0 = this.rep0;
    int rep1 = this.rep1;
    int rep2 = this.rep2;
    int rep3 = this.rep3;

    int pendingLen = this.pendingLen;
    int pendingDist = this.pendingDist;
    {
      int n = Math.min(pendingLen, end - pos); // 0 when nothing is pending
      pos = copyMatch(buf, pos, pendingDist, n);
      pendingLen -= n;
    }

    while (pos < end) {
      int posState = pos & pbMask;
      int p = IS_MATCH + (state << 4) + posState;
      int prob;
      int bound;
      if ((range & TOP_MASK) == 0) {
        range <<= 8;
        code = (code << 8) | (in[ip++] & 0xFF);
      }
      prob = probs[p];
      bound = (range >>> 11) * prob;
      if ((code ^ 0x80000000) < (bound ^ 0x80000000)) {
        range = bound;
        probs[p] = (char) (prob + ((BIT_MODEL_TOTAL - prob) >>> MOVE_BITS));
        // Literal.
        int before = pos - 1; // the previous byte, at the ring's end when pos is 0
        int prev = buf[before + (bufLen & (before >> 31))] & 0xFF;
        int base = LITERAL + LITERAL_CODER_SIZE * (((pos & lpMask) << lc) + (prev >>> (8 - lc)));
        int symbol = 1;
        if (state < 7) {
          do {
            p = base + symbol;
            if ((range & TOP_MASK) == 0) {
              range <<= 8;
              code = (code << 8) | (in[ip++] & 0xFF);
            }
            prob = probs[p];
            bound = (range >>> 11) * prob;
            if ((code ^ 0x80000000) < (bound ^ 0x80000000)) {
              range = bound;
              probs[p] = (char) (prob + ((BIT_MODEL_TOTAL - prob) >>> MOVE_BITS));
              symbol <<= 1;
            } else {
              range -= bound;
              code -= bound;
              probs[p] = (char) (prob - (prob >>> MOVE_BITS));
              symbol = (symbol << 1) | 1;
            }
          } while (symbol < 0x100);
        } else {
          int back = pos - rep0 - 1;
          int matchByte = buf[back + (bufLen & (back >> 31))] & 0xFF;
          int offset = 0x100;
          do {
            matchByte <<= 1;
            int matchBit = matchByte & offset;
            p = base + offset + matchBit + symbol;
            if ((range & TOP_MASK) == 0) {
              range <<= 8;
              code = (code << 8) | (in[ip++] & 0xFF);
            }
            prob = probs[p];
            bound = (range >>> 11) * prob;
            if ((code ^ 0x80000000) < (bound ^ 0x80000000)) {
              range = bound;
              probs[p] = (char) (prob + ((BIT_MODEL_TOTAL - prob) >>> MOVE_BITS));
              symbol <<= 1;
              offset &= ~matchBit;
            } else {
              range -= bound;
              code -= bound;
              probs[p] = (char) (prob - (prob >>> MOVE_BITS));
              symbol = (symbol << 1) | 1;
              offset &= matchBit;
            }
          } while (symbol < 0x100);
        }
        buf[pos++] = (byte) symbol;
        state = state < 4 ? 0 : state < 10 ? state - 3 : state - 6;
        continue;
      }
      range -= bound;
      code -= bound;
      probs[p] = (char) (prob - (prob >>> MOVE_BITS));

      int lenCoder;
      p = IS_REP + state;
      if ((range & TOP_MASK) == 0) {
        range <<= 8;
        code = (code << 8) | (in[ip++] & 0xFF);
      }
      prob = probs[p];
      bound = (range >>> 11) * prob;
      if ((code ^ 0x80000000) < (bound ^ 0x80000000)) {
        // A match with a new distance.
        range = bound;
        probs[p] = (char) (prob + ((BIT_MODEL_TOTAL - prob) >>> MOVE_BITS));
        state = state < 7 ? 7 : 10;
        rep3 = rep2;
        rep2 = rep1;
        rep1 = rep0;
        lenCoder = MATCH_LEN;
      } else {
        range -= bound;
        code -= bound;
        probs[p] = (char) (prob - (prob >>> MOVE_BITS));
        p = IS_REP0 + state;
        if ((range & TOP_MASK) == 0) {
          range <<= 8;
          code = (code << 8) | (in[ip++] & 0xFF);
        }
        prob = probs[p];
        bound = (range >>> 11) * prob;
        if ((code ^ 0x80000000) < (bound ^ 0x80000000)) {
          range = bound;
          probs[p] = (char) (prob + ((BIT_MODEL_TOTAL - prob) >>> MOVE_BITS));
          p = IS_REP0_LONG + (state << 4) + posState;
          if ((range & TOP_MASK) == 0) {
            range <<= 8;
            code = (code << 8) | (in[ip++] & 0xFF);
          }
          prob = probs[p];
          bound = (range >>> 11) * prob;
          if ((code ^ 0x80000000) < (bound ^ 0x80000000)) {
            // Short rep: one byte at distance rep0.
            range = bound;
            probs[p] = (char) (prob + ((BIT_MODEL_TOTAL - prob) >>> MOVE_BITS));
            state = state < 7 ? 9 : 11;
            if (rep0 >= Math.max(fullAtEntry, pos)) {
              throw fail("corrupt LZMA2 data (distance " + rep0 + " beyond the data)", null);
            }
            int back = pos - rep0 - 1;
            buf[pos] = buf[back + (bufLen & (back >> 31))];
            pos++;
            continue;
          }
          range -= bound;
          code -= bound;
          probs[p] = (char) (prob - (prob >>> MOVE_BITS));
        } else {
          range -= bound;
          code -= bound;
          probs[p] = (char) (prob - (prob >>> MOVE_BITS));
          int dist;
          p = IS_REP1 + state;
          if ((range & TOP_MASK) == 0) {
            range <<= 8;
            code = (code << 8) | (in[ip++] & 0xFF);
          }
          prob = probs[p];
          bound = (range >>> 11) * prob;
          if ((code ^ 0x80000000) < (bound ^ 0x80000000)) {
            range = bound;
            probs[p] = (char) (prob + ((BIT_MODEL_TOTAL - prob) >>> MOVE_BITS));
            dist = rep1;
          } else {
            range -= bound;
            code -= bound;
            probs[p] = (char) (prob - (prob >>> MOVE_BITS));
            p = IS_REP2 + state;
            if ((range & TOP_MASK) == 0) {
              range <<= 8;
              code = (code << 8) | (in[ip++] & 0xFF);
            }
            prob = probs[p];
            bound = (range >>> 11) * prob;
            if ((code ^ 0x80000000) < (bound ^ 0x80000000)) {
              range = bound;
              probs[p] = (char) (prob + ((BIT_MODEL_TOTAL - prob) >>> MOVE_BITS));
              dist = rep2;
            } else {
              range -= bound;
              code -= bound;
              probs[p] = (char) (prob - (prob >>> MOVE_BITS));
              dist = rep3;
              rep3 = rep2;
            }
            rep2 = rep1;
          }
          rep1 = rep0;
          rep0 = dist;
        }
        state = state < 7 ? 8 : 11;
        lenCoder = REP_LEN;
      }

      // The length: choice bits, then a 3-, 3- or 8-bit tree.
      int len;
      int treeBase;
      int treeSize;
      p = lenCoder + LEN_CHOICE;
      if ((range & TOP_MASK) == 0) {
        range <<= 8;
        code = (code << 8) | (in[ip++] & 0xFF);
      }
      prob = probs[p];
      bound = (range >>> 11) * prob;
      if ((code ^ 0x80000000) < (bound ^ 0x80000000)) {
        range = bound;
        probs[p] = (char) (prob + ((BIT_MODEL_TOTAL - prob) >>> MOVE_BITS));
        treeBase = lenCoder + LEN_LOW + (posState << 3);
        treeSize = 8;
        len = MATCH_LEN_MIN;
      } else {
        range -= bound;
        code -= bound;
        probs[p] = (char) (prob - (prob >>> MOVE_BITS));
        p = lenCoder + LEN_CHOICE2;
        if ((range & TOP_MASK) == 0) {
          range <<= 8;
          code = (code << 8) | (in[ip++] & 0xFF);
        }
        prob = probs[p];
        bound = (range >>> 11) * prob;
        if ((code ^ 0x80000000) < (bound ^ 0x80000000)) {
          range = bound;
          probs[p] = (char) (prob + ((BIT_MODEL_TOTAL - prob) >>> MOVE_BITS));
          treeBase = lenCoder + LEN_MID + (posState << 3);
          treeSize = 8;
          len = MATCH_LEN_MIN + 8;
        } else {
          range -= bound;
          code -= bound;
          probs[p] = (char) (prob - (prob >>> MOVE_BITS));
          treeBase = lenCoder + LEN_HIGH;
          treeSize = 256;
          len = MATCH_LEN_MIN + 16;
        }
      }
      int symbol = 1;
      do {
        p = treeBase + symbol;
        if ((range & TOP_MASK) == 0) {
          range <<= 8;
          code = (code << 8) | (in[ip++] & 0xFF);
        }
        prob = probs[p];
        bound = (range >>> 11) * prob;
        if ((code ^ 0x80000000) < (bound ^ 0x80000000)) {
          range = bound;
          probs[p] = (char) (prob + ((BIT_MODEL_TOTAL - prob) >>> MOVE_BITS));
          symbol <<= 1;
        } else {
          range -= bound;
          code -= bound;
          probs[p] = (char) (prob - (prob >>> MOVE_BITS));
          symbol = (symbol << 1) | 1;
        }
      } while (symbol < treeSize);
      len += symbol - treeSize;

      if (lenCoder == MATCH_LEN) {
        // The distance: a 6-bit slot, then reverse-tree or direct bits plus 4 align bits.
        treeBase = DIST_SLOTS + ((len < 2 + 4 ? len - 2 : 3) << 6);
        symbol = 1;
        do {
          p = treeBase + symbol;
          if ((range & TOP_MASK) == 0) {
            range <<= 8;
            code = (code << 8) | (in[ip++] & 0xFF);
          }
          prob = probs[p];
          bound = (range >>> 11) * prob;
          if ((code ^ 0x80000000) < (bound ^ 0x80000000)) {
            range = bound;
            probs[p] = (char) (prob + ((BIT_MODEL_TOTAL - prob) >>> MOVE_BITS));
            symbol <<= 1;
          } else {
            range -= bound;
            code -= bound;
            probs[p] = (char) (prob - (prob >>> MOVE_BITS));
            symbol = (symbol << 1) | 1;
          }
        } while (symbol < 64);
        int slot = symbol - 64;
        if (slot < DIST_MODEL_START) {
          rep0 = slot;
        } else {
          int bits = (slot >>> 1) - 1;
          int dist = (2 | (slot & 1)) << bits;
          int reverseBits;
          if (slot < DIST_MODEL_END) {
            treeBase = SPECIAL_BASE[slot];
            reverseBits = bits;
          } else {
            for (int i = bits - ALIGN_BITS; i > 0; i--) {
              if ((range & TOP_MASK) == 0) {
                range <<= 8;
                code = (code << 8) | (in[ip++] & 0xFF);
              }
              range >>>= 1;
              int t = (code - range) >>> 31; // 1 if code < range, unsigned
              code -= range & (t - 1);
              dist += (1 - t) << (i - 1 + ALIGN_BITS);
            }
            treeBase = DIST_ALIGN;
            reverseBits = ALIGN_BITS;
          }
          symbol = 1;
          for (int i = 0; i < reverseBits; i++) {
            p = treeBase + symbol;
            if ((range & TOP_MASK) == 0) {
              range <<= 8;
              code = (code << 8) | (in[ip++] & 0xFF);
            }
            prob = probs[p];
            bound = (range >>> 11) * prob;
            if ((code ^ 0x80000000) < (bound ^ 0x80000000)) {
              range = bound;
              probs[p] = (char) (prob + ((BIT_MODEL_TOTAL - prob) >>> MOVE_BITS));
              symbol <<= 1;
            } else {
              range -= bound;
              code -= bound;
              probs[p] = (char) (prob - (prob >>> MOVE_BITS));
              symbol = (symbol << 1) | 1;
              dist |= 1 << i;
            }
          }
          rep0 = dist;
        }
      }

      if (rep0 < 0 || rep0 >= Math.max(fullAtEntry, pos)) {
        // Also the end marker (distance 0xFFFFFFFF), which LZMA2 does not allow.
        throw fail("corrupt LZMA2 data (distance " + (rep0 & 0xFFFFFFFFL)
            + " beyond the data)", null);
      }
      // A match may run past this step's end: the rest is left pending (no branch, see above).
      int n = Math.min(len, end - pos);
      pos = copyMatch(buf, pos, rep0, n);
      pendingLen = len - n;
      pendingDist = rep0;
    }

    // As LzmaDec.c and XZ for Java do after a run of symbols: the normalisation the next bit
    // would do, so that a chunk ends having read all its packed bytes.
    if ((range & TOP_MASK) == 0) {
      range <<= 8;
      code = (code << 8) | (in[ip++] & 0xFF);
    }
    if (ip > inEnd) {
      throw fail("corrupt LZMA2 data (a read past a chunk's packed bytes)", null);
    }
    this.pos = pos;
    this.full = Math.max(fullAtEntry, pos);
    this.pendingLen = pendingLen;
    this.pendingDist = pendingDist;
    this.range = range;
    this.code = code;
    this.inPos = ip;
    this.state = state;
    this.rep0 = rep0;
    this.rep1 = rep1;
    this.rep2 = rep2;
    this.rep3 = rep3;
  }

  /**
   * Copies {@code n} bytes from distance {@code dist} (0: the previous byte) to {@code pos},
   * where {@code pos + n} is within buf; returns the new position. Overlapping copies repeat
   * the pattern, as LZ77 wants.
   *
   * <p>One branch picks the path and both of its directions are common from the first
   * kilobytes on: copies that neither wrap around the ring's end nor overlap their own output
   * (short ones in a loop, which beats System.arraycopy's call; long ones with arraycopy), and
   * the rest byte by byte. Wrapping sends a copy down the byte loop instead of a branch of its
   * own: a branch first taken when the ring wraps (after a dictionary's worth of output) would
   * cost a recompilation of the decoder then.
   */
  private static int copyMatch(byte[] buf, int pos, int dist, int n) {
    int bufLen = buf.length;
    int back = pos - dist - 1;
    back += bufLen & (back >> 31);
    if (((bufLen - back - n) | (dist + 1 - n)) >= 0) {
      if (n <= 16) {
        for (int i = 0; i < n; i++) {
          buf[pos + i] = buf[back + i];
        }
      } else {
        System.arraycopy(buf, back, buf, pos, n);
      }
      return pos + n;
    }
    for (int i = 0; i < n; i++) {
      buf[pos++] = buf[back++];
      back &= (back - bufLen) >> 31; // back to 0 at the ring's end, without a branch
    }
    return pos;
  }

  @Override
  public int available() {
    return pos - flushed;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
