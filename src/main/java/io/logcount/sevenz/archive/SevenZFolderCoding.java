package io.logcount.sevenz.archive;

import io.logcount.sevenz.coders.SevenZCoder;
import io.logcount.sevenz.coders.SevenZCoders;
import io.logcount.sevenz.source.SevenZFormatException;

/**
 * How one folder is coded, as its header entry says (7zFormat.txt, "Folder" and "Coders
 * Info"): the coders, the bind pairs that connect one coder's output to another's input, the
 * input streams fed by packed streams, and the size of every coder output.
 *
 * <p>Stream numbering follows the format: coder {@code i}'s in (out) streams come after those
 * of coders {@code 0..i-1}. "In" is the packed side: a bind pair {@code (in, out)} says that
 * out stream {@code out} (a decoder's output) is the input of in stream {@code in}. The one out
 * stream no bind pair names is the folder's output. {@code SevenZStreamsInfoParser} checks all
 * indices before building this; the unpack sizes and the CRC are filled in as the header
 * lists them, before the object is shared.
 */
public final class SevenZFolderCoding {
  private final SevenZCoder[] coders;
  private final int[] bindIn;
  private final int[] bindOut;
  private final int[] packedStreams;
  private final int mainOut;
  private final long[] unpackSizes;
  private boolean hasCrc;
  private long crc;

  public SevenZFolderCoding(SevenZCoder[] coders, int[] bindIn, int[] bindOut, int[] packedStreams,
      int mainOut, int numOutStreams) {
    this.coders = coders;
    this.bindIn = bindIn;
    this.bindOut = bindOut;
    this.packedStreams = packedStreams;
    this.mainOut = mainOut;
    this.unpackSizes = new long[numOutStreams];
  }

  public int numCoders() {
    return coders.length;
  }

  public SevenZCoder coder(int i) {
    return coders[i];
  }

  public int numPackedStreams() {
    return packedStreams.length;
  }

  public int numOutStreams() {
    return unpackSizes.length;
  }

  public void setUnpackSize(int outStream, long size) {
    unpackSizes[outStream] = size;
  }

  public void setCrc(long crc) {
    this.hasCrc = true;
    this.crc = crc;
  }

  /** Size of the folder's final output. */
  public long unpackSize() {
    return unpackSizes[mainOut];
  }

  public boolean hasCrc() {
    return hasCrc;
  }

  public long crc() {
    return crc;
  }

  /** Size of the (first) output of coder {@code i}. */
  public long coderUnpackSize(int i) {
    int out = 0;
    for (int c = 0; c < i; c++) {
      out += coders[c].numOutStreams();
    }
    return unpackSizes[out];
  }

  private boolean allSimple() {
    for (SevenZCoder c : coders) {
      if (!c.isSimple()) {
        return false;
      }
    }
    return true;
  }

  /**
   * The coders in decoding order, from the one reading the packed stream to the one writing
   * the folder's output, if every coder is 1-in/1-out and the bind pairs make one chain; else
   * null. With such coders, stream numbers equal coder numbers.
   */
  public int[] decodingChain() {
    if (!allSimple() || packedStreams.length != 1) {
      return null;
    }
    int[] chain = new int[coders.length];
    int c = packedStreams[0];
    for (int len = 0; len < coders.length; len++) {
      chain[len] = c;
      int pair = indexOf(bindOut, c);
      if (pair < 0) {
        return len == coders.length - 1 && c == mainOut ? chain : null;
      }
      c = bindIn[pair];
    }
    return null; // a cycle: more steps than coders
  }

  private static int indexOf(int[] a, int v) {
    for (int i = 0; i < a.length; i++) {
      if (a[i] == v) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Method names in the order the encoder applied them, e.g. "BCJ LZMA2:16m" (the reverse of
   * decoding order), or in header order for coder graphs that are not a chain.
   */
  String methods() {
    int[] chain = decodingChain();
    StringBuilder sb = new StringBuilder();
    for (int k = 0; k < coders.length; k++) {
      int i = chain == null ? k : chain[coders.length - 1 - k];
      if (sb.length() > 0) {
        sb.append(' ');
      }
      sb.append(SevenZCoders.forCoder(coders[i]).describe(coders[i].properties()));
    }
    return sb.toString();
  }

  /** True if a coder needs the archive's password (7zAES). */
  boolean needsPassword() {
    for (SevenZCoder c : coders) {
      if (SevenZCoders.forCoder(c).needsPassword()) {
        return true;
      }
    }
    return false;
  }

  /** Sum of the coders' decoder memory, from their properties. */
  long memoryBytes(String where) throws SevenZFormatException {
    long sum = 0;
    for (int i = 0; i < coders.length; i++) {
      SevenZCoder c = coders[i];
      sum += SevenZCoders.forCoder(c).memoryBytes(c.properties(), coderUnpackSize(i), where);
    }
    return sum;
  }
}
