package io.logcount.testing;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Distinct users, records, malformed lines and the md5 of the sorted {@code user<TAB>count\n}
 * lines: the figures of the fixtures' JSON files, comparable with what a job produced.
 *
 * <p>{@link #ofLines} and {@link Counter} count lines with their own implementation of the rules
 * of {@code fixtures/expected.py}, deliberately not with production code such as
 * {@code TsvFieldLocator}, so that tests compare the code under test with an independent count.
 */
public final class Figures {
  public final long distinct;
  public final long records;
  public final long malformed;
  public final String md5;

  public Figures(long distinct, long records, long malformed, String md5) {
    this.distinct = distinct;
    this.records = records;
    this.malformed = malformed;
    this.md5 = md5;
  }

  /** Figures of raw lines (each without its {@code \n}), by expected.py's rules. */
  public static Figures ofLines(List<byte[]> lines) {
    Counter counter = new Counter();
    for (byte[] line : lines) {
      counter.line(line, 0, line.length);
    }
    return counter.figures();
  }

  /** md5 of the byte-sorted concatenation of {@code lines} (each already ending in '\n'). */
  public static String md5OfSorted(List<byte[]> lines) {
    List<byte[]> sorted = new ArrayList<>(lines);
    sorted.sort(Arrays::compareUnsigned);
    try {
      MessageDigest md5 = MessageDigest.getInstance("MD5");
      for (byte[] l : sorted) {
        md5.update(l);
      }
      StringBuilder hex = new StringBuilder();
      for (byte b : md5.digest()) {
        hex.append(String.format("%02x", b));
      }
      return hex.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Counts lines as {@code expected.py} does: a line ends at LF, one trailing CR is dropped,
   * lines that are empty or ASCII whitespace only are ignored, a line whose second
   * tab-separated field is missing or empty is malformed; lines never span entries (files).
   */
  public static final class Counter {
    private final Map<String, Long> counts = new HashMap<>();
    private long records;
    private long malformed;
    private byte[] line = new byte[256];
    private int lineLength;

    /** Bytes of the current entry: every LF ends a line. */
    public void write(byte[] bytes, int offset, int length) {
      for (int i = offset, end = offset + length; i < end; i++) {
        if (bytes[i] == '\n') {
          endLine();
        } else {
          append(bytes[i]);
        }
      }
    }

    /** Ends the current entry: a last line without LF is a line, entries never share one. */
    public void endEntry() {
      if (lineLength > 0) {
        endLine();
      }
    }

    /** One whole line, without its LF. */
    public void line(byte[] bytes, int offset, int length) {
      endEntry();
      write(bytes, offset, length);
      endLine();
    }

    private void append(byte b) {
      if (lineLength == line.length) {
        line = Arrays.copyOf(line, line.length * 2);
      }
      line[lineLength++] = b;
    }

    private void endLine() {
      int len = lineLength;
      lineLength = 0;
      if (len > 0 && line[len - 1] == '\r') {
        len--;
      }
      if (isBlank(line, len)) {
        return;
      }
      int tab1 = indexOf(line, 0, len, (byte) '\t');
      if (tab1 < 0) {
        malformed++;
        return;
      }
      int tab2 = indexOf(line, tab1 + 1, len, (byte) '\t');
      int end = tab2 < 0 ? len : tab2;
      if (end == tab1 + 1) {
        malformed++;
        return;
      }
      records++;
      counts.merge(new String(line, tab1 + 1, end - tab1 - 1, StandardCharsets.ISO_8859_1), 1L,
          Long::sum);
    }

    /** Python's bytes.strip(): space, \t, \n, \r, \x0b, \x0c. */
    private static boolean isBlank(byte[] b, int len) {
      for (int i = 0; i < len; i++) {
        byte c = b[i];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != 0x0b && c != 0x0c) {
          return false;
        }
      }
      return true;
    }

    private static int indexOf(byte[] b, int from, int to, byte v) {
      for (int i = from; i < to; i++) {
        if (b[i] == v) {
          return i;
        }
      }
      return -1;
    }

    /** The figures of every line so far (a pending unterminated line is not counted). */
    public Figures figures() {
      // ISO-8859-1 keeps the user's bytes as they are.
      List<byte[]> lines = new ArrayList<>();
      counts.forEach((user, count) ->
          lines.add((user + "\t" + count + "\n").getBytes(StandardCharsets.ISO_8859_1)));
      return new Figures(counts.size(), records, malformed, md5OfSorted(lines));
    }
  }

  @Override
  public String toString() {
    return "distinct=" + distinct + " records=" + records + " malformed=" + malformed + " md5=" + md5;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Figures)) {
      return false;
    }
    Figures f = (Figures) o;
    return distinct == f.distinct && records == f.records && malformed == f.malformed && md5.equals(f.md5);
  }

  @Override
  public int hashCode() {
    return md5.hashCode();
  }
}
