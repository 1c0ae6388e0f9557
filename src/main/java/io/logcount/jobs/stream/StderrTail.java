package io.logcount.jobs.stream;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UnsupportedEncodingException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Keeps the last lines a task (or a driver) and the threads it starts write to
 * {@code System.err}, which still gets every byte. Streaming copies a command's stderr to
 * {@code System.err} line by line, from a thread the task starts (and to nowhere else the
 * driver can reach), so this is how the failure message of a job whose mapper failed gets to
 * name what the mapper said.
 *
 * <p>Per task, with no tail swapped into {@code System.err}: on the local runner, map tasks are
 * threads of one JVM, and one {@code System.err} per task would make tasks capture each other's
 * lines and, closed out of order, leave {@code System.err} wrapped in a closed tail. Instead
 * {@code System.err} gets one pass-through stream, once ({@link #install}: again only if someone
 * replaced it since), which hands each write to the tail of the writing thread: an
 * {@link InheritableThreadLocal}, so the threads a task starts after installing its tail write
 * to it. A tail also passes its lines to the tail that was current where it was installed (a
 * local task's lines reach its driver's tail).
 */
final class StderrTail implements AutoCloseable {

  /** Lines kept. */
  static final int LINES = 10;
  /** Bytes kept of one line. */
  static final int LINE_BYTES = 300;

  private static final InheritableThreadLocal<StderrTail> CURRENT = new InheritableThreadLocal<>();

  private final StderrTail parent;
  private final Deque<String> lines = new ArrayDeque<>();
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private boolean closed;

  private StderrTail(StderrTail parent) {
    this.parent = parent;
  }

  /**
   * A tail of what this thread, and the threads it starts from now on, write to
   * {@code System.err}, until {@link #close()}.
   */
  static StderrTail install() {
    Router.ensureInstalled();
    StderrTail tail = new StderrTail(CURRENT.get());
    CURRENT.set(tail);
    return tail;
  }

  private synchronized void keep(byte[] b, int off, int len) {
    if (closed) {
      return;
    }
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

  /** The kept lines joined by {@code " | "}, on one line; empty if nothing was written. */
  synchronized String tail() {
    return String.join(" | ", lines);
  }

  /** Stops keeping lines; this thread's writes go to the tail that was current before. */
  @Override
  public void close() {
    synchronized (this) {
      closed = true;
    }
    if (CURRENT.get() == this) {
      CURRENT.set(parent);
    }
  }

  /** Every byte to the stream {@code System.err} was, and to the writing thread's tails. */
  private static final class Router extends OutputStream {
    private final PrintStream target;

    private Router(PrintStream target) {
      this.target = target;
    }

    static synchronized void ensureInstalled() {
      if (!(System.err instanceof RouterStream)) {
        try {
          System.setErr(new RouterStream(new Router(System.err)));
        } catch (UnsupportedEncodingException e) {
          throw new IllegalStateException("the default charset has no name", e); // every JVM's has
        }
      }
    }

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      target.write(b, off, len);
      for (StderrTail t = CURRENT.get(); t != null; t = t.parent) {
        t.keep(b, off, len);
      }
    }

    @Override
    public void flush() {
      target.flush();
    }
  }

  /** What {@code System.err} is once a tail was installed: known by its type. */
  private static final class RouterStream extends PrintStream {
    RouterStream(Router router) throws UnsupportedEncodingException {
      super(router, true, Charset.defaultCharset().name()); // what System.err encodes with
    }
  }
}
