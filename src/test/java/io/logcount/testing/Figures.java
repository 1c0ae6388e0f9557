package io.logcount.testing;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.logcount.log.LineKind;
import io.logcount.log.TsvFieldLocator;

/**
 * Distinct users, records, malformed lines and the md5 of the sorted {@code user<TAB>count\n}
 * lines: the figures of the fixtures' JSON files, comparable with what a job produced.
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

  /** Figures of raw lines (without terminators), by the README's record rules. */
  public static Figures ofLines(List<byte[]> lines) {
    TsvFieldLocator locator = new TsvFieldLocator(1);
    Map<Bytes, Long> counts = new HashMap<>();
    long records = 0;
    long malformed = 0;
    for (byte[] line : lines) {
      LineKind kind = locator.locate(line, 0, line.length);
      if (kind == LineKind.VALID) {
        counts.merge(new Bytes(Arrays.copyOfRange(line, locator.start(), locator.end())), 1L, Long::sum);
        records++;
      } else if (kind == LineKind.MALFORMED) {
        malformed++;
      }
    }
    List<byte[]> out = new ArrayList<>();
    for (Map.Entry<Bytes, Long> e : counts.entrySet()) {
      out.add(concat(e.getKey().bytes, ("\t" + e.getValue() + "\n").getBytes()));
    }
    return new Figures(counts.size(), records, malformed, md5OfSorted(out));
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

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static final class Bytes {
    final byte[] bytes;

    Bytes(byte[] bytes) {
      this.bytes = bytes;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Bytes && Arrays.equals(bytes, ((Bytes) o).bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
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
