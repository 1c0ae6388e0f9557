package io.logcount.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Log text and its compressed forms made by the real tools at test time (gzip, bzip2, xz, zstd,
 * pzstd, lz4, 7zz): nothing binary is kept in the repository, and every file is what those tools
 * write in the field. A test whose tool is missing is skipped with a message saying which
 * ({@code .ci/run} installs them all), never passed silently.
 */
public final class StreamFixtures {

  private StreamFixtures() {
  }

  /**
   * About {@code bytes} of ad-server events, tab separated, with the awkward lines the record
   * rules cover: CRLF endings, blank lines, a missing or empty user column, UTF-8 ids, and no
   * final newline.
   */
  public static byte[] text(long seed, int bytes) {
    Random random = new Random(seed);
    StringBuilder out = new StringBuilder(bytes + 256);
    int i = 0;
    while (out.length() < bytes) {
      i++;
      if (i % 211 == 0) {
        out.append(i % 422 == 0 ? "   \n" : "\n");
        continue;
      }
      String user = i % 307 == 0 ? "" : i % 101 == 0 ? "usér-" + random.nextInt(50) : "u" + (int) Math.abs(random.nextGaussian() * 3000);
      out.append("a").append(i).append('\t').append(user);
      if (i % 401 != 0) {
        out.append("\tsite").append(random.nextInt(40)).append("\thttp://example.com/p/").append(random.nextInt(100000))
            .append("\tMozilla/5.0 (X11; Linux x86_64)\t").append(1700000000L + i);
      }
      out.append(i % 97 == 0 ? "\r\n" : "\n");
    }
    out.append("a-last\tu-last\tsite1\thttp://x/\tUA\t1700000000"); // no final newline
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** True if {@code tool} runs here. */
  public static boolean has(String tool) {
    try {
      Process p = new ProcessBuilder("sh", "-c", "command -v " + tool).redirectErrorStream(true).start();
      return p.waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Skips the calling test unless every tool runs here. */
  public static void assumeTools(String... tools) {
    for (String tool : tools) {
      assumeTrue(has(tool), tool + " is not installed (.ci/run installs it: apt-get install xz-utils bzip2 lbzip2 zstd lz4"
          + " gzip 7zip); skipping");
    }
  }

  /** Runs {@code sh -c script} in {@code dir}; fails with its output if it exits non-zero. */
  public static void sh(File dir, String script) throws IOException {
    try {
      Process p = new ProcessBuilder("sh", "-c", script).directory(dir).redirectErrorStream(true).start();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      try (InputStream in = p.getInputStream()) {
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) > 0) {
          out.write(buffer, 0, n);
        }
      }
      int exit = p.waitFor();
      if (exit != 0) {
        throw new IOException("'" + script + "' exited " + exit + ": " + out.toString("UTF-8"));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  /** Writes {@code bytes} to {@code dir/name}. */
  public static File write(File dir, String name, byte[] bytes) throws IOException {
    File f = new File(dir, name);
    Files.write(f.toPath(), bytes);
    return f;
  }

  /** The first {@code keep} bytes of {@code file}, as {@code dir/name}. */
  public static File truncated(File file, File dir, String name, long keep) throws IOException {
    byte[] all = Files.readAllBytes(file.toPath());
    return write(dir, name, Arrays.copyOf(all, (int) keep));
  }

  /** {@code file} with one byte flipped at {@code at}, as {@code dir/name}. */
  public static File flipped(File file, File dir, String name, long at) throws IOException {
    byte[] all = Files.readAllBytes(file.toPath());
    all[(int) at] ^= 0x55;
    return write(dir, name, all);
  }

  /** The figures of raw text (lines by the record rules). */
  public static Figures figures(byte[]... texts) {
    List<byte[]> lines = new ArrayList<>();
    for (byte[] text : texts) {
      lines.addAll(Lines.split(text));
    }
    return Figures.ofLines(lines);
  }
}
