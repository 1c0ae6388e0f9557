package io.logcount.sevenz;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * The figures {@code fixtures/expected.py} computes, computed here from an archive decoded
 * through the API under test: distinct users, records, malformed lines and the md5 of the
 * sorted "user TAB count" lines. Same line rules: a line ends at LF, one trailing CR is
 * dropped, lines that are empty or ASCII whitespace only are ignored, a line whose second
 * tab-separated field is missing or empty is malformed; lines never span entries.
 */
record LogFigures(long distinct, long records, long malformed, String md5) {

  /** Decodes every folder of {@code archive} in order, checking each entry's CRC. */
  static LogFigures of(ArchiveSource source, SevenZArchive archive, SevenZLimits limits)
      throws IOException {
    Counter counter = new Counter();
    for (SevenZFolder folder : archive.folders()) {
      try (InputStream in = SevenZFolderDecoder.open(source, archive, folder, limits)) {
        long position = 0;
        for (SevenZEntry entry : folder.entries()) {
          if (entry.offsetInFolder() != position) {
            throw new AssertionError(entry + " does not start where the previous one ended");
          }
          long crc = counter.entry(in, entry.size());
          entry.checkCrc(archive.name(), crc);
          position += entry.size();
        }
        if (position != folder.unpackSize() || in.read() != -1) {
          throw new AssertionError(folder + ": entries do not cover the folder's output");
        }
      }
    }
    return counter.figures();
  }

  /** Counts lines as expected.py does, one entry at a time. */
  static final class Counter {
    private final Map<String, Long> counts = new HashMap<>();
    private long records;
    private long malformed;
    private final byte[] buffer = new byte[64 * 1024];
    private byte[] line = new byte[256];
    private int lineLength;

    /** Reads {@code size} bytes of one entry; returns their CRC32. */
    long entry(InputStream in, long size) throws IOException {
      CRC32 crc = new CRC32();
      long left = size;
      while (left > 0) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (n < 0) {
          throw new java.io.EOFException("folder ended with " + left + " bytes of an entry left");
        }
        crc.update(buffer, 0, n);
        for (int i = 0; i < n; i++) {
          if (buffer[i] == '\n') {
            endLine();
          } else {
            append(buffer[i]);
          }
        }
        left -= n;
      }
      if (lineLength > 0) {
        endLine(); // entries never share a line
      }
      return crc.getValue();
    }

    private void append(byte b) {
      if (lineLength == line.length) {
        line = java.util.Arrays.copyOf(line, line.length * 2);
      }
      line[lineLength++] = b;
    }

    private void endLine() {
      int len = lineLength;
      lineLength = 0;
      if (len > 0 && line[len - 1] == '\r') {
        len--;
      }
      if (isBlank(line, len)) {
        return;
      }
      int tab1 = indexOf(line, 0, len, (byte) '\t');
      if (tab1 < 0) {
        malformed++;
        return;
      }
      int tab2 = indexOf(line, tab1 + 1, len, (byte) '\t');
      int end = tab2 < 0 ? len : tab2;
      if (end == tab1 + 1) {
        malformed++;
        return;
      }
      records++;
      counts.merge(new String(line, tab1 + 1, end - tab1 - 1, StandardCharsets.ISO_8859_1), 1L,
          Long::sum);
    }

    /** Python's bytes.strip(): space, \t, \n, \r, \x0b, \x0c. */
    private static boolean isBlank(byte[] b, int len) {
      for (int i = 0; i < len; i++) {
        byte c = b[i];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != 0x0b && c != 0x0c) {
          return false;
        }
      }
      return true;
    }

    private static int indexOf(byte[] b, int from, int to, byte v) {
      for (int i = from; i < to; i++) {
        if (b[i] == v) {
          return i;
        }
      }
      return -1;
    }

    LogFigures figures() {
      // ISO-8859-1 keeps bytes as chars 0..255, so String order is byte order (LC_ALL=C sort).
      List<String> lines = new ArrayList<>();
      counts.forEach((user, count) -> lines.add(user + "\t" + count + "\n"));
      lines.sort(null);
      try {
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        for (String l : lines) {
          md5.update(l.getBytes(StandardCharsets.ISO_8859_1));
        }
        StringBuilder hex = new StringBuilder();
        for (byte b : md5.digest()) {
          hex.append(String.format("%02x", b & 0xFF));
        }
        return new LogFigures(counts.size(), records, malformed, hex.toString());
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
