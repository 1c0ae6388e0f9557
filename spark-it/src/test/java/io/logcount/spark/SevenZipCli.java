package io.logcount.spark;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Real 7-Zip ({@code 7zz}, Debian package {@code 7zip}, which .ci/run installs) as an independent
 * reader of an archive's lines: nothing of logcount decodes them, so figures counted from these
 * lines are a reference for what our formats gave a tool.
 */
final class SevenZipCli {

  private static final String COMMAND = "7zz";

  private SevenZipCli() {
  }

  /** Whether {@code 7zz} runs here. */
  static boolean available() {
    try {
      Process p = new ProcessBuilder(COMMAND).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Every line of every file in {@code archive}, as {@code 7zz x -so} writes the files one after
   * the other, without {@code \n} and one trailing {@code \r} (our formats' line rule). The
   * fixtures' files end with a newline, so no line spans two files.
   */
  static List<String> lines(File archive) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(COMMAND, "x", "-so", "-bd", archive.getAbsolutePath())
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    List<String> lines = new ArrayList<>();
    try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      // Not BufferedReader.readLine: it would also end a line at a lone \r, which our formats do not.
      StringBuilder line = new StringBuilder();
      int c;
      while ((c = in.read()) >= 0) {
        if (c == '\n') {
          lines.add(withoutTrailingCr(line));
          line.setLength(0);
        } else {
          line.append((char) c);
        }
      }
      if (line.length() > 0) {
        lines.add(withoutTrailingCr(line));
      }
    }
    if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
      throw new IOException(COMMAND + " x -so " + archive + " failed (exit " + (p.isAlive() ? "none" : p.exitValue()) + ")");
    }
    return lines;
  }

  private static String withoutTrailingCr(StringBuilder line) {
    int end = line.length() > 0 && line.charAt(line.length() - 1) == '\r' ? line.length() - 1 : line.length();
    return line.substring(0, end);
  }
}
