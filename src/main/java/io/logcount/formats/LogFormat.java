package io.logcount.formats;

import java.io.IOException;
import java.util.Locale;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

/**
 * The formats a log file may be in, told apart by their magic bytes; the file name is only a
 * hint. A {@code .log} that starts with gzip's magic is gzip, never binary "lines" (Hadoop's
 * {@code TextInputFormat} silently returns those for a compressed file it has no codec for).
 * A file named like a compressed format whose first bytes say otherwise is refused: reading it
 * as text would count garbage.
 */
public enum LogFormat {
  /** Text: split at any byte, as {@code TextInputFormat}. */
  PLAIN("plain text", "", 1),
  /** gzip, several members too: one split per file (a deflate stream has no sync points). */
  GZIP("gzip", ".gz", 4),
  /** bzip2, concatenated streams too: split at block markers (Hadoop's {@code BZip2Codec}). */
  BZIP2("bzip2", ".bz2", 5),
  /** xz, several streams too: split at block boundaries, from the index at the end of each stream. */
  XZ("xz", ".xz", 0),
  /** zstd, several frames too: split at frame boundaries (pzstd's skippable frames, or block headers). */
  ZSTD("zstd", ".zst", 4),
  /**
   * What the {@code lz4} command writes: frames (independent or linked blocks), legacy frames
   * ({@code lz4 -l}), concatenated too, read by {@link Lz4Frames}: one split per file.
   */
  LZ4("lz4", ".lz4", 3),
  /** 7z archives, multi-volume sets too: read by {@code io.logcount.sevenz}. */
  SEVENZ("7z", ".7z", 0);

  /** Bytes of a file {@link #detect} looks at (a pzstd file starts with a 12-byte skippable frame). */
  public static final int HEAD_BYTES = 32;

  private final String label;
  private final String suffix;
  private final int estimatedRatio;

  LogFormat(String label, String suffix, int estimatedRatio) {
    this.label = label;
    this.suffix = suffix;
    this.estimatedRatio = estimatedRatio;
  }

  /** What messages call the format: "gzip", "7z", "plain text". */
  public String label() {
    return label;
  }

  /** The usual file name suffix ("" for plain text). */
  public String suffix() {
    return suffix;
  }

  /**
   * How many uncompressed bytes one packed byte is assumed to hold where the format does not say
   * (logs compress about this much at the tools' default levels); 0 where the format says the
   * uncompressed size itself (xz index, 7z header).
   */
  public int estimatedRatio() {
    return estimatedRatio;
  }

  /** The format whose magic bytes start {@code head} (its first {@code n} bytes); PLAIN if none. */
  public static LogFormat detect(byte[] head, int n) {
    if (n >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
      return GZIP;
    }
    if (n >= 4 && head[0] == 'B' && head[1] == 'Z' && head[2] == 'h' && head[3] >= '1' && head[3] <= '9') {
      return BZIP2;
    }
    if (startsWith(head, n, 0, 0xFD, '7', 'z', 'X', 'Z', 0x00)) {
      return XZ;
    }
    if (startsWith(head, n, 0, '7', 'z', 0xBC, 0xAF, 0x27, 0x1C)) {
      return SEVENZ;
    }
    // zstd and lz4 frames may both follow skippable frames (magic 0x184D2A5?, little-endian
    // 32-bit size): pzstd writes one before every zstd frame.
    int p = 0;
    while (p + 8 <= n && (head[p] & 0xf0) == 0x50 && startsWith(head, n, p + 1, 0x2A, 0x4D, 0x18)) {
      long size = le32(head, p + 4);
      p += 8 + (int) Math.min(size, n);
    }
    if (startsWith(head, n, p, 0x28, 0xB5, 0x2F, 0xFD) || (p > 0 && p + 4 > n)) {
      return ZSTD; // a long skippable frame first: zstd's tools are what write them
    }
    if (startsWith(head, n, p, 0x04, 0x22, 0x4D, 0x18) || startsWith(head, n, p, 0x02, 0x21, 0x4C, 0x18)) {
      return LZ4; // a frame, or a legacy frame (lz4 -l)
    }
    return PLAIN;
  }

  /** The format the name suggests, or null ({@code .7z.001} volumes are 7z). */
  public static LogFormat fromName(Path path) {
    String name = path.getName().toLowerCase(Locale.ROOT);
    for (LogFormat f : values()) {
      if (f != PLAIN && (name.endsWith(f.suffix) || (f == ZSTD && name.endsWith(".zstd")))) {
        return f;
      }
    }
    if (name.matches(".*\\.7z\\.[0-9]+$")) {
      return SEVENZ;
    }
    if (name.endsWith(".tgz")) {
      return GZIP;
    }
    return null;
  }

  /**
   * The format of {@code file}, from its first bytes. An empty file is PLAIN (no lines).
   *
   * @throws IOException naming the file if its name says a compressed format its bytes deny
   */
  public static LogFormat of(FileStatus file, Configuration conf) throws IOException {
    Path path = file.getPath();
    if (file.getLen() == 0) {
      return PLAIN;
    }
    byte[] head = new byte[HEAD_BYTES];
    int n = 0;
    try (FSDataInputStream in = path.getFileSystem(conf).open(path)) {
      while (n < head.length) {
        int r = in.read(head, n, head.length - n);
        if (r < 0) {
          break;
        }
        n += r;
      }
    }
    LogFormat format = detect(head, n);
    LogFormat named = fromName(path);
    if (format == PLAIN && named != null) {
      throw new IOException(path + ": not a " + named.label + " file, though named like one: its first"
          + " bytes are not " + named.label + "'s magic bytes; the file is damaged or misnamed (rename it"
          + " if it is plain text)");
    }
    return format;
  }

  private static boolean startsWith(byte[] head, int n, int at, int... magic) {
    if (at < 0 || at + magic.length > n) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if ((head[at + i] & 0xff) != (magic[i] & 0xff)) {
        return false;
      }
    }
    return true;
  }

  private static long le32(byte[] b, int at) {
    return (b[at] & 0xffL) | (b[at + 1] & 0xffL) << 8 | (b[at + 2] & 0xffL) << 16 | (b[at + 3] & 0xffL) << 24;
  }
}
