package io.logcount.sevenz;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;

import io.logcount.sevenz.archive.SevenZArchive;
import io.logcount.sevenz.archive.SevenZEntry;
import io.logcount.sevenz.archive.SevenZFolder;
import io.logcount.sevenz.coders.SevenZLimits;
import io.logcount.sevenz.coders.SevenZPasswordSource;
import io.logcount.sevenz.decode.SevenZFolderDecoder;
import io.logcount.sevenz.source.ArchiveSource;
import io.logcount.testing.Figures;

/**
 * The figures {@code fixtures/expected.py} computes, computed from an archive decoded through
 * the API under test and counted by the independent {@link Figures.Counter}.
 */
final class DecodedFigures {
  private DecodedFigures() {
  }

  /** Decodes every folder of {@code archive} in order, checking each entry's CRC. */
  static Figures of(ArchiveSource source, SevenZArchive archive, SevenZLimits limits)
      throws IOException {
    return of(source, archive, limits, SevenZPasswordSource.NONE);
  }

  /** {@link #of(ArchiveSource, SevenZArchive, SevenZLimits)} for an encrypted archive. */
  static Figures of(ArchiveSource source, SevenZArchive archive, SevenZLimits limits,
      SevenZPasswordSource passwords) throws IOException {
    Figures.Counter counter = new Figures.Counter();
    byte[] buffer = new byte[64 * 1024];
    for (SevenZFolder folder : archive.folders()) {
      try (InputStream in = SevenZFolderDecoder.open(source, archive, folder, limits, passwords)) {
        long position = 0;
        for (SevenZEntry entry : folder.entries()) {
          if (entry.offsetInFolder() != position) {
            throw new AssertionError(entry + " does not start where the previous one ended");
          }
          entry.checkCrc(archive.name(), entry(in, entry.size(), buffer, counter));
          position += entry.size();
        }
        if (position != folder.unpackSize() || in.read() != -1) {
          throw new AssertionError(folder + ": entries do not cover the folder's output");
        }
      }
    }
    return counter.figures();
  }

  /** Counts the lines of the next {@code size} bytes, one entry; returns their CRC32. */
  private static long entry(InputStream in, long size, byte[] buffer, Figures.Counter counter)
      throws IOException {
    CRC32 crc = new CRC32();
    long left = size;
    while (left > 0) {
      int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
      if (n < 0) {
        throw new EOFException("folder ended with " + left + " bytes of an entry left");
      }
      crc.update(buffer, 0, n);
      counter.write(buffer, 0, n);
      left -= n;
    }
    counter.endEntry();
    return crc.getValue();
  }
}
