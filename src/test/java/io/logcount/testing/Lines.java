package io.logcount.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Byte-level lines, by the fixtures README's rules: a line ends at '\n', one trailing '\r' is dropped. */
public final class Lines {

  private Lines() {
  }

  /** The lines of {@code bytes} without their '\n'; a last line without '\n' counts too. */
  public static List<byte[]> split(byte[] bytes) {
    List<byte[]> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n') {
        lines.add(Arrays.copyOfRange(bytes, start, i));
        start = i + 1;
      }
    }
    if (start < bytes.length) {
      lines.add(Arrays.copyOfRange(bytes, start, bytes.length));
    }
    return lines;
  }

  /** {@code line} without one trailing '\r'. */
  public static byte[] stripCr(byte[] line) {
    return line.length > 0 && line[line.length - 1] == '\r' ? Arrays.copyOf(line, line.length - 1) : line;
  }

  /** {@code a} followed by {@code b}. */
  public static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
