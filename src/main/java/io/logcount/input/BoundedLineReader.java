package io.logcount.input;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.Text;

/**
 * Splits the bytes of one entry (a file inside an archive, or a whole compressed or plain
 * file) into lines, in bounded memory: the line reader every input format shares, so that
 * every format follows the same record rules.
 *
 * <p>The record rules: a line ends at {@code \n}; one trailing {@code \r} is dropped; the last
 * line of an entry may lack its {@code \n}; a line never continues into the next entry (each
 * entry is read through {@link #startEntry} with its exact size). A line longer than the limit
 * is not held whole: its first {@code maxLineBytes} bytes are returned, flagged truncated, and
 * the rest is skipped up to its {@code \n}. Memory is one read buffer plus the longest line
 * kept, never an entry.
 *
 * <p>The entry's CRC32 is computed on the way, so the caller can check it against the header
 * once {@link #next} has returned false.
 */
public final class BoundedLineReader {

  /**
   * Longest line, in bytes, kept whole. A longer line is not held in memory: its first bytes are
   * passed on, flagged truncated, and the job reports it as malformed. Default 1 MiB.
   */
  public static final String MAX_LINE_BYTES = "logcount.max-line-bytes";
  /** Default of {@link #MAX_LINE_BYTES}: 1 MiB. */
  public static final int DEFAULT_MAX_LINE_BYTES = 1 << 20;

  /** Sets {@link #MAX_LINE_BYTES}. */
  public static void setMaxLineBytes(Configuration conf, int bytes) {
    conf.setInt(MAX_LINE_BYTES, bytes);
  }

  /** {@link #MAX_LINE_BYTES}, validated. */
  public static int getMaxLineBytes(Configuration conf) {
    int bytes = conf.getInt(MAX_LINE_BYTES, DEFAULT_MAX_LINE_BYTES);
    if (bytes < 1) {
      throw new IllegalArgumentException(MAX_LINE_BYTES + " must be at least 1, got " + bytes);
    }
    return bytes;
  }


  private final byte[] buffer;
  private final int maxLineBytes;
  private final CRC32 crc = new CRC32();

  private InputStream in;
  private long remaining;
  private long entrySize;
  /** True for a stream of unknown length ({@link #startStream}): its end is the stream's end. */
  private boolean unbounded;
  /** Bytes read from the stream since the entry started. */
  private long read;
  private int pos;
  private int limit;
  /** Bytes of the entry before {@code buffer[pos]}. */
  private long consumed;

  private long lineOffset;
  private boolean truncated;

  /**
   * @param bufferSize bytes read from the stream at a time
   * @param maxLineBytes longest line kept whole
   */
  public BoundedLineReader(int bufferSize, int maxLineBytes) {
    if (maxLineBytes < 1) {
      throw new IllegalArgumentException("maxLineBytes must be >= 1, got " + maxLineBytes);
    }
    this.buffer = new byte[bufferSize];
    this.maxLineBytes = maxLineBytes;
  }

  /**
   * Starts reading an entry of {@code size} bytes from {@code in}; the stream is left positioned
   * just after the entry once {@link #next} returns false.
   */
  public void startEntry(InputStream in, long size) {
    startEntry(in, size, 0);
  }

  /**
   * Starts reading the last {@code size} bytes of an entry, from {@code offset} bytes into it
   * (a split starting at a dictionary reset inside the entry): line offsets stay relative to
   * the entry's start, and {@link #crc()} then covers only the bytes read.
   */
  public void startEntry(InputStream in, long size, long offset) {
    this.in = in;
    this.entrySize = size;
    this.remaining = size;
    this.unbounded = false;
    this.read = 0;
    this.pos = 0;
    this.limit = 0;
    this.consumed = offset;
    this.crc.reset();
  }

  /**
   * Starts reading a stream of unknown length (a decompressed file, or a plain file from a split's
   * start) up to its end: the stream's end then ends the last line, and is no error. Line offsets
   * start at {@code offset} (the stream's first byte's offset in its file, 0 if unknown).
   */
  public void startStream(InputStream in, long offset) {
    startEntry(in, Long.MAX_VALUE, offset);
    this.unbounded = true;
  }

  /**
   * Reads the next line into {@code line} (without its terminator).
   *
   * @return false at the end of the entry
   * @throws EOFException if the stream ends before the entry's size
   */
  public boolean next(Text line) throws IOException {
    line.clear();
    truncated = false;
    if (pos == limit && !fill()) {
      return false;
    }
    lineOffset = consumed;
    while (true) {
      int newline = indexOfNewline();
      int end = newline < 0 ? limit : newline;
      append(line, end - pos);
      consumed += (newline < 0 ? limit : newline + 1) - pos;
      pos = newline < 0 ? limit : newline + 1;
      if (newline >= 0 || !fill()) {
        break;
      }
    }
    int len = line.getLength();
    if (!truncated && len > 0 && line.getBytes()[len - 1] == '\r') {
      // Text has no truncate; set() with a shorter length copies within its own buffer.
      line.set(line.getBytes(), 0, len - 1);
    }
    return true;
  }

  private int indexOfNewline() {
    byte[] b = buffer;
    for (int i = pos; i < limit; i++) {
      if (b[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  private void append(Text line, int n) {
    int room = maxLineBytes - line.getLength();
    if (n > room) {
      truncated = true;
      n = room;
    }
    if (n > 0) {
      line.append(buffer, pos, n);
    }
  }

  /** Refills the buffer from the entry's remaining bytes; false when the entry is exhausted. */
  private boolean fill() throws IOException {
    if (remaining == 0) {
      return false;
    }
    int want = (int) Math.min(buffer.length, remaining);
    int n = in.read(buffer, 0, want);
    while (n == 0) {
      n = in.read(buffer, 0, want); // a stream may return 0 at an internal boundary
    }
    if (n < 0 && unbounded) {
      remaining = 0;
      return false;
    }
    if (n < 0) {
      throw new EOFException("entry ends after " + (entrySize - remaining) + " of its " + entrySize
          + " bytes");
    }
    crc.update(buffer, 0, n);
    remaining -= n;
    read += n;
    pos = 0;
    limit = n;
    return true;
  }

  /** Offset inside the entry of the first byte of the line last returned. */
  public long lineOffset() {
    return lineOffset;
  }

  /** True if the line last returned was cut at the line limit. */
  public boolean truncated() {
    return truncated;
  }

  /** Bytes of the current entry read so far. */
  public long bytesRead() {
    return read;
  }

  /** CRC32 of the entry's bytes read so far: the whole entry once {@link #next} returned false. */
  public long crc() {
    return crc.getValue();
  }
}
