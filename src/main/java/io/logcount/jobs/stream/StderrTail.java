package io.logcount.jobs.stream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Keeps the last lines written to {@code System.err} while it is installed, and still writes
 * them through. Streaming copies a command's stderr to {@code System.err} line by line (and to
 * nowhere else the driver can reach), so this is how the failure message of a job whose mapper
 * failed gets to name what the mapper said.
 */
final class StderrTail extends OutputStream implements AutoCloseable {

  /** Lines kept. */
  static final int LINES = 10;
  /** Bytes kept of one line. */
  static final int LINE_BYTES = 300;

  private final PrintStream previous;
  private final PrintStream through;
  private final Deque<String> lines = new ArrayDeque<>();
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();

  private StderrTail() {
    this.previous = System.err;
    this.through = new PrintStream(this, true);
  }

  /** Installs a tail on {@code System.err}; {@link #close()} puts the previous stream back. */
  static StderrTail install() {
    StderrTail tail = new StderrTail();
    System.setErr(tail.through);
    return tail;
  }

  @Override
  public synchronized void write(int b) {
    previous.write(b);
    if (b == '\n') {
      endLine();
    } else if (line.size() < LINE_BYTES) {
      line.write(b);
    }
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) {
    previous.write(b, off, len);
    for (int i = off; i < off + len; i++) {
      if (b[i] == '\n') {
        endLine();
      } else if (line.size() < LINE_BYTES) {
        line.write(b[i]);
      }
    }
  }

  private void endLine() {
    String text = new String(line.toByteArray(), StandardCharsets.UTF_8).trim();
    line.reset();
    if (text.isEmpty()) {
      return;
    }
    if (lines.size() == LINES) {
      lines.removeFirst();
    }
    lines.addLast(text);
  }

  @Override
  public void flush() {
    previous.flush();
  }

  /** The kept lines joined by {@code " | "}, on one line; empty if nothing was written. */
  synchronized String tail() {
    return String.join(" | ", lines);
  }

  /** Puts the previous {@code System.err} back, unless another tail replaced this one since. */
  @Override
  public void close() throws IOException {
    synchronized (System.class) {
      if (System.err == through) {
        System.setErr(previous);
      }
    }
  }
}
