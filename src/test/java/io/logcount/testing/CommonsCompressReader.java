package io.logcount.testing;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.commons.compress.archivers.sevenz.SevenZArchiveEntry;
import org.apache.commons.compress.archivers.sevenz.SevenZFile;

/**
 * 7z archives read by commons-compress, a reader independent of ours: what a job's output is
 * compared with when no fixture JSON covers its input (several archives in one job, an archive
 * made by a test).
 */
public final class CommonsCompressReader {

  private CommonsCompressReader() {
  }

  /** The content of every entry that has data, in archive order. */
  public static List<byte[]> entries(File archive) throws IOException {
    return entries(archive, null);
  }

  /** {@link #entries(File)} of an encrypted archive; {@code password} may be null. */
  public static List<byte[]> entries(File archive, char[] password) throws IOException {
    List<byte[]> entries = new ArrayList<>();
    try (SevenZFile sevenZ = SevenZFile.builder().setFile(archive).setPassword(password).get()) {
      SevenZArchiveEntry entry;
      while ((entry = sevenZ.getNextEntry()) != null) {
        if (entry.isDirectory() || !entry.hasStream()) {
          continue;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        while ((n = sevenZ.read(buf)) > 0) {
          bytes.write(buf, 0, n);
        }
        entries.add(bytes.toByteArray());
      }
    }
    return entries;
  }

  /**
   * The figures a correct unique-users run over all of {@code archives} at once must report,
   * counted by {@link Figures.Counter} (expected.py's rules) over commons-compress's output.
   */
  public static Figures figures(List<File> archives) throws IOException {
    Figures.Counter counter = new Figures.Counter();
    for (File archive : archives) {
      for (byte[] entry : entries(archive)) {
        counter.write(entry, 0, entry.length);
        counter.endEntry();
      }
    }
    return counter.figures();
  }
}
