package io.logcount.sevenz.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.logcount.sevenz.archive.SevenZArchive;
import io.logcount.sevenz.coders.SevenZLimits;
import io.logcount.sevenz.decode.SevenZFolderDecoder;
import io.logcount.sevenz.header.SevenZHeaders;
import io.logcount.testing.Figures;
import io.logcount.testing.Fixtures;
import io.logcount.testing.LocalFiles;
import io.logcount.testing.Volumes;

/**
 * The volumes of a set read as the one byte sequence they join into: positional reads and range
 * streams across volume boundaries, lazily opened and boundedly many open volumes, and the
 * archive inside decoding to its expected figures.
 */
class MultiVolumeArchiveSourceTest {


  @TempDir
  File tmp;

  private static MultiVolumeArchiveSource open(File volume) throws IOException {
    Path path = new Path(volume.getAbsolutePath());
    return MultiVolumeArchiveSource.open(VolumeSet.discover(path, LocalFiles.conf()), LocalFiles.conf());
  }

  private static byte[] drain(InputStream in, int chunk) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[chunk];
    int n;
    while ((n = in.read(buf)) >= 0) {
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }

  @Test
  void positionalReadsAcrossBoundariesMatchTheJoinedBytes() throws IOException {
    byte[] joined = Volumes.joinedFixture();
    try (MultiVolumeArchiveSource source = open(Fixtures.file("volumes.7z.001"))) {
      assertEquals(joined.length, source.length());
      assertTrue(source.name().endsWith("volumes.7z.001"), source.name());
      assertEquals(0, source.openVolumes(), "nothing opened before the first read");
      List<long[]> reads = new ArrayList<>();
      for (int v = 1; v < 12; v++) {
        long boundary = v * 102400L;
        reads.add(new long[] {boundary - 1, 2});
        reads.add(new long[] {boundary - 10, 10});
        reads.add(new long[] {boundary, 10});
        reads.add(new long[] {boundary - 5000, Math.min(250_000, joined.length - boundary + 5000)}); // up to three volumes
      }
      reads.add(new long[] {0, joined.length});
      reads.add(new long[] {joined.length - 32, 32});
      reads.add(new long[] {joined.length, 0});
      Random random = new Random(3);
      for (int i = 0; i < 200; i++) {
        int len = random.nextInt(300_000);
        reads.add(new long[] {random.nextInt(joined.length - len), len});
      }
      for (long[] r : reads) {
        byte[] got = new byte[(int) r[1] + 4];
        source.readFully(r[0], got, 2, (int) r[1]);
        assertArrayEquals(Arrays.copyOfRange(joined, (int) r[0], (int) (r[0] + r[1])),
            Arrays.copyOfRange(got, 2, 2 + (int) r[1]), "bytes " + r[0] + "+" + r[1]);
        assertTrue(source.openVolumes() <= MultiVolumeArchiveSource.MAX_OPEN_VOLUMES);
      }
      assertEquals(0, source.rangeBytesRead(), "positional reads are not range reads");
    }
  }

  @Test
  void rangeStreamsCrossVolumesAndMayBeReadInTurn() throws IOException {
    byte[] joined = Volumes.joinedFixture();
    try (MultiVolumeArchiveSource source = open(Fixtures.file("volumes.7z.005"))) {
      assertArrayEquals(joined, drain(source.openRange(0, joined.length), 65536));
      assertEquals(joined.length, source.rangeBytesRead());
      int start = 3 * 102400 - 77;
      int len = 4 * 102400 + 11;
      assertArrayEquals(Arrays.copyOfRange(joined, start, start + len), drain(source.openRange(start, len), 1000));

      // Two streams interleaved with positional reads: each keeps its own place.
      InputStream a = source.openRange(100, 500_000);
      InputStream b = source.openRange(700_000, joined.length - 700_000);
      ByteArrayOutputStream outA = new ByteArrayOutputStream();
      ByteArrayOutputStream outB = new ByteArrayOutputStream();
      byte[] buf = new byte[7777];
      byte[] header = new byte[32];
      boolean moreA = true;
      boolean moreB = true;
      while (moreA || moreB) {
        int n;
        if (moreA && (n = a.read(buf)) >= 0) {
          outA.write(buf, 0, n);
        } else {
          moreA = false;
        }
        source.readFully(joined.length - 32, header, 0, 32);
        if (moreB && (n = b.read(buf)) >= 0) {
          outB.write(buf, 0, n);
        } else {
          moreB = false;
        }
        assertTrue(source.openVolumes() <= MultiVolumeArchiveSource.MAX_OPEN_VOLUMES);
      }
      assertArrayEquals(Arrays.copyOfRange(joined, 100, 500_100), outA.toByteArray());
      assertArrayEquals(Arrays.copyOfRange(joined, 700_000, joined.length), outB.toByteArray());
      assertEquals(joined[joined.length - 1], (byte) source.openRange(joined.length - 1, 1).read());
      assertEquals(-1, source.openRange(joined.length, 0).read());
    }
  }

  @Test
  void readsPastTheEndSuggestAMissingVolume() throws IOException {
    try (MultiVolumeArchiveSource source = open(Fixtures.file("volumes.7z.001"))) {
      EOFException e = assertThrows(EOFException.class, () -> source.readFully(source.length() - 1, new byte[2], 0, 2));
      assertTrue(e.getMessage().contains("volumes.7z.001") && e.getMessage().contains("is a volume missing?"),
          e.getMessage());
      e = assertThrows(EOFException.class, () -> source.openRange(source.length() - 10, 11));
      assertTrue(e.getMessage().contains("12 volumes") && e.getMessage().contains("is a volume missing?"), e.getMessage());
    }
  }

  @Test
  void aVolumeThatShrankAfterListingIsNamed() throws IOException {
    File first = Volumes.copyFixture(new File(tmp, "shrinking"));
    try (MultiVolumeArchiveSource source = open(first)) {
      try (RandomAccessFile seventh = new RandomAccessFile(new File(tmp, "shrinking/volumes.7z.007"), "rw")) {
        seventh.setLength(1000);
      }
      SevenZFormatException e = assertThrows(SevenZFormatException.class,
          () -> drain(source.openRange(0, source.length()), 65536));
      assertTrue(e.getMessage().contains("volume 7 of 12") && e.getMessage().contains("changed while being read"),
          e.getMessage());
      e = assertThrows(SevenZFormatException.class, () -> source.readFully(6 * 102400 + 999, new byte[2], 0, 2));
      assertTrue(e.getMessage().contains("volume 7 of 12"), e.getMessage());
    }
  }

  @Test
  void closeTwiceIsSafeAndReadsAfterCloseFail() throws IOException {
    MultiVolumeArchiveSource source = open(Fixtures.file("volumes.7z.001"));
    InputStream range = source.openRange(0, 200_000);
    assertTrue(drain(range, 150_000).length == 200_000);
    assertEquals(2, source.openVolumes());
    source.close();
    source.close();
    assertEquals(0, source.openVolumes());
    assertThrows(IOException.class, () -> source.readFully(0, new byte[1], 0, 1));
  }

  @Test
  void theArchiveInsideDecodesToItsExpectedFigures() throws IOException {
    try (MultiVolumeArchiveSource source = open(Fixtures.file("volumes.7z.001"))) {
      SevenZArchive archive = SevenZHeaders.read(source, SevenZLimits.defaults());
      assertEquals(1, archive.folders().size());
      List<byte[]> lines = new ArrayList<>();
      try (InputStream in = SevenZFolderDecoder.open(source, archive, archive.folders().get(0), SevenZLimits.defaults())) {
        byte[] text = drain(in, 65536);
        int start = 0;
        for (int i = 0; i < text.length; i++) {
          if (text[i] == '\n') {
            lines.add(Arrays.copyOfRange(text, start, i));
            start = i + 1;
          }
        }
      }
      assertEquals(Fixtures.expected("volumes"), Figures.ofLines(lines));
      assertEquals(archive.folders().get(0).packedSize(), source.rangeBytesRead(), "packed bytes read once");
    }
  }
}
