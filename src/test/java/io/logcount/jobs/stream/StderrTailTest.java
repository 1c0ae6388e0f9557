package io.logcount.jobs.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link StderrTail} as the local runner uses it: map tasks are threads of one JVM, each with a
 * tail, whose mapper's stderr is copied to {@code System.err} by a thread the task starts.
 */
class StderrTailTest {

  private PrintStream original;
  private ByteArrayOutputStream console;

  @BeforeEach
  void captureConsole() throws Exception {
    original = System.err;
    console = new ByteArrayOutputStream();
    System.setErr(new PrintStream(console, true, "UTF-8"));
  }

  @AfterEach
  void restoreConsole() {
    System.setErr(original);
  }

  /** A task: installs a tail, starts a thread that writes its lines (as Streaming's error thread), waits. */
  private static Thread task(String name, CountDownLatch bothInstalled, CountDownLatch closeFirst,
      CountDownLatch closed, AtomicReference<String> kept) {
    return new Thread(() -> {
      StderrTail tail = StderrTail.install();
      try {
        bothInstalled.countDown();
        bothInstalled.await();
        Thread copier = new Thread(() -> {
          for (int i = 0; i < 3; i++) {
            System.err.println(name + " line " + i);
          }
        });
        copier.start();
        copier.join();
        closeFirst.await();
        kept.set(tail.tail());
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      } finally {
        tail.close();
        closed.countDown();
      }
    }, name);
  }

  @Test
  void parallelTasksKeepTheirOwnLinesAndCloseInAnyOrder() throws Exception {
    CountDownLatch bothInstalled = new CountDownLatch(2);
    CountDownLatch aMayClose = new CountDownLatch(0);
    CountDownLatch aClosed = new CountDownLatch(1);
    CountDownLatch bClosed = new CountDownLatch(1);
    AtomicReference<String> a = new AtomicReference<>();
    AtomicReference<String> b = new AtomicReference<>();
    // A was installed first (or second) and closes before B: the order that broke a swapped System.err.
    Thread ta = task("A", bothInstalled, aMayClose, aClosed, a);
    Thread tb = task("B", bothInstalled, aClosed, bClosed, b);
    ta.start();
    tb.start();
    ta.join();
    tb.join();
    assertEquals("A line 0 | A line 1 | A line 2", a.get());
    assertEquals("B line 0 | B line 1 | B line 2", b.get());
    System.err.println("after both");
    String seen = new String(console.toByteArray(), StandardCharsets.UTF_8);
    for (String line : new String[] {"A line 0", "A line 2", "B line 1", "after both"}) {
      assertTrue(seen.contains(line + "\n"), "console lost '" + line + "': " + seen);
    }
  }

  @Test
  void aTaskTailPassesItsLinesToItsDriversTail() throws Exception {
    StderrTail driver = StderrTail.install();
    try {
      AtomicReference<String> task = new AtomicReference<>();
      Thread t = new Thread(() -> {
        try (StderrTail own = StderrTail.install()) {
          System.err.println("mapper: bad record");
          task.set(own.tail());
        }
        System.err.println("task thread after its tail closed");
      });
      t.start();
      t.join();
      assertEquals("mapper: bad record", task.get());
      assertEquals("mapper: bad record | task thread after its tail closed", driver.tail());
    } finally {
      driver.close();
    }
    System.err.println("after the driver's tail");
    assertEquals("mapper: bad record | task thread after its tail closed", driver.tail(), "a closed tail keeps nothing");
  }

  @Test
  void linesAreCutAndOnlyTheLastAreKept() {
    try (StderrTail tail = StderrTail.install()) {
      for (int i = 0; i < StderrTail.LINES + 5; i++) {
        System.err.println("line " + i);
      }
      StringBuilder longLine = new StringBuilder();
      for (int i = 0; i < StderrTail.LINE_BYTES * 2; i++) {
        longLine.append('x');
      }
      System.err.println(longLine);
      String[] kept = tail.tail().split(" \\| ");
      assertEquals(StderrTail.LINES, kept.length);
      assertEquals("line 6", kept[0]);
      assertEquals(StderrTail.LINE_BYTES, kept[kept.length - 1].length());
    }
  }
}
