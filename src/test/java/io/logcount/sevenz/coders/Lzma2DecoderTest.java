package io.logcount.sevenz.coders;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tukaani.xz.LZMA2InputStream;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.FinishableOutputStream;
import org.tukaani.xz.FinishableWrapperOutputStream;

/**
 * {@link Lzma2Decoder} against XZ for Java, the reference: the same bytes out of every stream,
 * whatever the presets, lc/lp/pb, dictionary size, chunk kinds and read sizes; corrupt streams
 * end in an IOException, never an unchecked exception or a hang.
 */
class Lzma2DecoderTest {

  /** Log-like text with repeats near and far (matches of every length and distance). */
  static byte[] logText(int size, long seed) {
    Random random = new Random(seed);
    String[] agents = {"Mozilla/5.0 (Windows NT 10.0; Win64; x64)", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4)",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36"};
    StringBuilder sb = new StringBuilder(size + 200);
    while (sb.length() < size) {
      sb.append(Long.toHexString(random.nextLong())).append(Long.toHexString(random.nextLong()))
          .append("\tU").append(Long.toHexString(random.nextInt(1 + random.nextInt(100000))))
          .append('\t').append(10000 + random.nextInt(2000)).append("\thttps://www.example/")
          .append(random.nextInt(1000)).append(".html\t").append(agents[random.nextInt(agents.length)])
          .append('\t').append(1767225600 + sb.length() / 200).append('\n');
    }
    return sb.substring(0, size).getBytes(StandardCharsets.US_ASCII);
  }

  static byte[] compress(byte[] data, LZMA2Options options) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    // A raw LZMA2 stream, as 7z stores one (no .xz container).
    try (FinishableOutputStream lzma2 = options.getOutputStream(new FinishableWrapperOutputStream(out))) {
      lzma2.write(data);
    }
    return out.toByteArray();
  }

  /** Everything {@code in} yields, read {@code chunk} bytes at a time. */
  static byte[] drain(InputStream in, int chunk) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[chunk];
    int n;
    while ((n = in.read(buf, 0, chunk)) >= 0) {
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }

  static byte[] ours(byte[] packed, int dictSize, int readSize) throws IOException {
    try (Lzma2Decoder in = new Lzma2Decoder(new ByteArrayInputStream(packed), dictSize)) {
      return drain(in, readSize);
    }
  }

  static byte[] reference(byte[] packed, int dictSize) throws IOException {
    try (LZMA2InputStream in = new LZMA2InputStream(new ByteArrayInputStream(packed), dictSize)) {
      return drain(in, 8192);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 3, 6, 9})
  void presetsDecodeToTheOriginal(int preset) throws IOException {
    byte[] data = logText(3_000_000, preset);
    LZMA2Options options = new LZMA2Options(preset);
    byte[] packed = compress(data, options);
    assertArrayEquals(data, ours(packed, options.getDictSize(), 65536));
  }

  @Test
  void everyLcLpPbCombinationDecodes() throws IOException {
    byte[] data = logText(200_000, 11);
    for (int lc = 0; lc <= 4; lc++) {
      for (int lp = 0; lp + lc <= 4; lp++) {
        for (int pb = 0; pb <= 4; pb++) {
          LZMA2Options options = new LZMA2Options(1);
          options.setLcLp(lc, lp);
          options.setPb(pb);
          byte[] packed = compress(data, options);
          assertArrayEquals(data, ours(packed, options.getDictSize(), 4096),
              "lc " + lc + " lp " + lp + " pb " + pb);
        }
      }
    }
  }

  @Test
  void incompressibleDataComesAsStoredChunks() throws IOException {
    byte[] data = new byte[300_000];
    new Random(5).nextBytes(data);
    byte[] mixed = new byte[900_000];
    System.arraycopy(logText(300_000, 6), 0, mixed, 0, 300_000);
    System.arraycopy(data, 0, mixed, 300_000, 300_000);
    System.arraycopy(logText(300_000, 7), 0, mixed, 600_000, 300_000);
    for (byte[] input : new byte[][] {data, mixed}) {
      LZMA2Options options = new LZMA2Options(6);
      byte[] packed = compress(input, options);
      assertArrayEquals(input, ours(packed, options.getDictSize(), 1000));
    }
  }

  @Test
  void smallDictionaryWrapsManyTimes() throws IOException {
    // A 4 KiB dictionary under 5 MB of output: the circular buffer wraps a thousand times,
    // matches cross the wrap, and reads of odd sizes end anywhere.
    byte[] data = logText(5_000_000, 8);
    LZMA2Options options = new LZMA2Options(6);
    options.setDictSize(LZMA2Options.DICT_SIZE_MIN);
    byte[] packed = compress(data, options);
    for (int readSize : new int[] {1, 7, 4096, 1 << 20}) {
      byte[] out = readSize == 1 ? oneByteAtATime(packed, options.getDictSize())
          : ours(packed, options.getDictSize(), readSize);
      assertArrayEquals(data, out, "read size " + readSize);
    }
  }

  private static byte[] oneByteAtATime(byte[] packed, int dictSize) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (Lzma2Decoder in = new Lzma2Decoder(new ByteArrayInputStream(packed), dictSize)) {
      int b;
      while ((b = in.read()) >= 0) {
        out.write(b);
      }
    }
    return out.toByteArray();
  }

  @Test
  void dictionaryResetsInsideOneStreamDecode() throws IOException {
    // Two LZMA2 streams back to back minus the first end marker: the second starts with a
    // dictionary reset, as 7-Zip's multithreaded encoder writes its blocks.
    byte[] a = logText(1_500_000, 9);
    byte[] b = logText(1_500_000, 10);
    LZMA2Options options = new LZMA2Options(5);
    byte[] pa = compress(a, options);
    byte[] pb = compress(b, options);
    byte[] joined = Arrays.copyOf(pa, pa.length - 1 + pb.length);
    System.arraycopy(pb, 0, joined, pa.length - 1, pb.length);
    byte[] expected = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, expected, a.length, b.length);
    assertArrayEquals(expected, ours(joined, options.getDictSize(), 65536));
    assertArrayEquals(expected, reference(joined, options.getDictSize()));
  }

  @Test
  void emptyStreamIsEmpty() throws IOException {
    assertEquals(0, ours(new byte[] {0}, 1 << 20, 100).length);
  }

  @Test
  void truncatedStreamFails() throws IOException {
    byte[] packed = compress(logText(100_000, 12), new LZMA2Options(6));
    for (int cut : new int[] {0, 1, 3, 6, packed.length / 2, packed.length - 1}) {
      byte[] part = Arrays.copyOf(packed, cut);
      assertThrows(IOException.class, () -> ours(part, 1 << 20, 8192), "cut at " + cut);
    }
  }

  @Test
  void corruptStreamsFailCleanlyOrDifferFromTheOriginal() throws IOException {
    byte[] data = logText(200_000, 13);
    byte[] packed = compress(data, new LZMA2Options(6));
    Random random = new Random(14);
    int failures = 0;
    for (int round = 0; round < 300; round++) {
      byte[] bad = packed.clone();
      int flips = 1 + random.nextInt(3);
      for (int f = 0; f < flips; f++) {
        bad[random.nextInt(bad.length)] ^= (byte) (1 + random.nextInt(255));
      }
      try {
        byte[] out = ours(bad, 1 << 20, 65536);
        // Undetected by LZMA2 itself (7z's CRC catches it): never more data than declared.
        assertTrue(out.length <= data.length + (1 << 21), "round " + round);
      } catch (IOException expected) {
        failures++;
      }
    }
    assertTrue(failures > 200, "most damage is detected by the decoder itself: " + failures);
  }

  @Test
  void agreesWithTheReferenceByteForByte() throws IOException {
    for (long seed = 20; seed < 24; seed++) {
      byte[] data = logText(1_000_000 + (int) seed * 77_777, seed);
      LZMA2Options options = new LZMA2Options((int) (seed % 10));
      byte[] packed = compress(data, options);
      assertArrayEquals(reference(packed, options.getDictSize()), ours(packed, options.getDictSize(), 30_000));
    }
  }
}
