package io.logcount.mapout;

import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.WritableComparator;
import org.apache.hadoop.io.WritableUtils;

/**
 * Serialized {@link Text} keys as the sort sees them: a Hadoop vint (the byte length) and the
 * bytes. Their order is {@link Text.Comparator}'s: the bytes after the vint compared as unsigned,
 * a prefix before the longer key. The radix sort orders by the first 8 of those bytes
 * ({@link #prefix}) and breaks ties with {@link #compare}.
 */
final class TextKeys {

  private TextKeys() {
  }

  /**
   * The first 8 bytes of {@code b[off, off + len)} as an unsigned big-endian number, zero-padded:
   * prefixes order as the keys do, except that keys equal on their first 8 bytes (or differing
   * only by trailing zero bytes, when shorter than 8) tie.
   */
  static long prefix(byte[] b, int off, int len) {
    if (len >= 8) {
      return (b[off] & 0xffL) << 56 | (b[off + 1] & 0xffL) << 48 | (b[off + 2] & 0xffL) << 40
          | (b[off + 3] & 0xffL) << 32 | (b[off + 4] & 0xffL) << 24 | (b[off + 5] & 0xffL) << 16
          | (b[off + 6] & 0xffL) << 8 | (b[off + 7] & 0xffL);
    }
    long p = 0;
    for (int i = 0; i < len; i++) {
      p |= (b[off + i] & 0xffL) << (56 - 8 * i);
    }
    return p;
  }

  /**
   * The length a serialized Text key's vint at {@code b[start]} holds ({@code vintSize} bytes, as
   * {@link WritableUtils#decodeVIntSize} tells): Text writes non-negative
   * lengths only.
   */
  static int textLength(byte[] b, int start, int vintSize) {
    if (vintSize == 1) {
      return b[start];
    }
    int value = 0;
    for (int i = 1; i < vintSize; i++) {
      value = (value << 8) | (b[start + i] & 0xff);
    }
    return value;
  }

  /** Compares the serialized Text keys at {@code a[sa]} and {@code b[sb]} as Text's raw comparator does. */
  static int compare(byte[] a, int sa, byte[] b, int sb) {
    int va = WritableUtils.decodeVIntSize(a[sa]);
    int vb = WritableUtils.decodeVIntSize(b[sb]);
    return WritableComparator.compareBytes(a, sa + va, textLength(a, sa, va), b, sb + vb, textLength(b, sb, vb));
  }

  /**
   * Writes a non-negative int as Hadoop's vint ({@link WritableUtils#writeVInt}), {@code size}
   * ({@link WritableUtils#getVIntSize}) bytes at {@code b[at]}: the same bytes, without a stream.
   */
  static void putVInt(byte[] b, int at, int value, int size) {
    if (size == 1) {
      b[at] = (byte) value;
      return;
    }
    int bytes = size - 1;
    b[at] = (byte) (-112 - bytes);
    for (int i = 1; i <= bytes; i++) {
      b[at + i] = (byte) (value >> (8 * (bytes - i)));
    }
  }
}
