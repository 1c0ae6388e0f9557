package io.logcount.formats;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

/**
 * The table of formats a log file may be in, each a {@link FileFormat} strategy (detect, plan,
 * open, check command); adding a format is a class and a line here. Formats are told apart by
 * their magic bytes; the file name is only a hint. A {@code .log} that starts with gzip's magic
 * is gzip, never binary "lines" (Hadoop's {@code TextInputFormat} silently returns those for a
 * compressed file it has no codec for). A file named like a compressed format whose first bytes
 * say otherwise is refused: reading it as text would count garbage.
 *
 * <p>An enum so that a split names its format by the constant's name over the wire
 * ({@link StreamSplit#write}): constants may be added and reordered, never renamed.
 */
public enum LogFormat {
  /** Text: split at any byte, as {@code TextInputFormat}. What no other format's magic claims. */
  PLAIN(new PlainTextFormat()),
  /** gzip: one split per file. */
  GZIP(new GzipFormat()),
  /** bzip2: split at block magics. */
  BZIP2(new Bzip2Format()),
  /** xz: split at block boundaries, from the index. */
  XZ(new XzFormat()),
  /** zstd: split at frame boundaries. */
  ZSTD(new ZstdFormat()),
  /** lz4 frames, linked blocks and legacy frames: one split per file. */
  LZ4(new Lz4Format()),
  /** 7z archives, multi-volume sets too: read by {@code io.logcount.sevenz}. */
  SEVENZ(new SevenZFormat());

  /** Bytes of a file {@link #detect} looks at (a pzstd file starts with a 12-byte skippable frame). */
  public static final int HEAD_BYTES = 32;

  private final FileFormat strategy;

  LogFormat(FileFormat strategy) {
    this.strategy = strategy;
    strategy.bind(this);
  }

  /** How files of this format are detected, planned and checked. */
  public FileFormat strategy() {
    return strategy;
  }

  /**
   * The strategy of a format read as a byte stream (all but 7z).
   *
   * @throws IllegalStateException for 7z, whose splits are not streams
   */
  public StreamFormat streamFormat() {
    if (!(strategy instanceof StreamFormat)) {
      throw new IllegalStateException(label() + " is not read as a stream");
    }
    return (StreamFormat) strategy;
  }

  /** Every format's listing rules ({@link FileFormat#isSidecar}, {@link FileFormat#group}). */
  public static List<FileFormat> listingRules() {
    List<FileFormat> rules = new ArrayList<>();
    for (LogFormat f : values()) {
      rules.add(f.strategy);
    }
    return rules;
  }

  /** What messages call the format: "gzip", "7z", "plain text". */
  public String label() {
    return strategy.label();
  }

  /** The usual file name suffix ("" for plain text). */
  public String suffix() {
    return strategy.suffix();
  }

  /** {@link FileFormat#estimatedRatio()}. */
  public int estimatedRatio() {
    return strategy.estimatedRatio();
  }

  /** The format whose magic bytes start {@code head} (its first {@code n} bytes); PLAIN if none. */
  public static LogFormat detect(byte[] head, int n) {
    for (LogFormat f : values()) {
      if (f.strategy.hasMagic(head, n)) {
        return f;
      }
    }
    return PLAIN;
  }

  /** The format the name suggests, or null ({@code .7z.001} volumes are 7z). */
  public static LogFormat fromName(Path path) {
    String name = path.getName().toLowerCase(Locale.ROOT);
    for (LogFormat f : values()) {
      if (f.strategy.isNamedLike(name)) {
        return f;
      }
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
      throw new IOException(path + ": not a " + named.label() + " file, though named like one: its first"
          + " bytes are not " + named.label() + "'s magic bytes; the file is damaged or misnamed (rename it"
          + " if it is plain text)");
    }
    return format;
  }
}
