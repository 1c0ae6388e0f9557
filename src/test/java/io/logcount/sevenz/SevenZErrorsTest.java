package io.logcount.sevenz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;

import org.junit.jupiter.api.Test;

import io.logcount.sevenz.archive.SevenZArchive;
import io.logcount.sevenz.archive.SevenZFolder;
import io.logcount.sevenz.coders.SevenZLimits;
import io.logcount.sevenz.decode.SevenZFolderDecoder;
import io.logcount.sevenz.header.SevenZHeaders;
import io.logcount.sevenz.source.ArchiveSource;
import io.logcount.sevenz.source.SevenZFormatException;
import io.logcount.testing.Figures;
import io.logcount.testing.Fixtures;

/** Archives that cannot be read fail with a SevenZFormatException that says why and what to do. */
class SevenZErrorsTest {

  private static void assertMentions(Exception e, String... parts) {
    for (String part : parts) {
      assertTrue(e.getMessage().contains(part), "'" + part + "' missing from: " + e.getMessage());
    }
  }

  /** Reads the fixture's header, then decodes every folder with the entry CRC checks. */
  private static Figures decode(ArchiveSource source, SevenZLimits limits) throws IOException {
    return DecodedFigures.of(source, SevenZHeaders.read(source, limits), limits);
  }

  @Test
  void ppmdIsRefusedNamingTheMethodAndTheFix() throws IOException {
    BytesArchiveSource source = BytesArchiveSource.of("unsupported-ppmd.7z");
    SevenZArchive archive = SevenZHeaders.read(source, SevenZLimits.defaults());
    SevenZFolder folder = archive.folders().get(0);
    int headerRanges = source.rangesOpened; // the packed header's
    SevenZFormatException e = assertThrows(SevenZFormatException.class,
        () -> SevenZFolderDecoder.open(source, archive, folder, SevenZLimits.defaults()));
    assertMentions(e, "unsupported method PPMD", "unsupported-ppmd.7z", "folder 0", "-m0=LZMA2");
    assertThrows(SevenZFormatException.class,
        () -> SevenZFolderDecoder.check(archive, folder, SevenZLimits.defaults()));
    assertEquals(headerRanges, source.rangesOpened, "refused before reading packed data");
  }

  @Test
  void truncatedArchiveSaysSo() throws IOException {
    SevenZFormatException e = assertThrows(SevenZFormatException.class,
        () -> decode(BytesArchiveSource.of("truncated.7z"), SevenZLimits.defaults()));
    assertMentions(e, "truncated.7z", "is truncated");
  }

  @Test
  void firstVolumeAloneIsTruncated() throws IOException {
    SevenZFormatException e = assertThrows(SevenZFormatException.class,
        () -> decode(BytesArchiveSource.of("volumes.7z.001"), SevenZLimits.defaults()));
    assertMentions(e, "volumes.7z.001", "is truncated", "is a volume missing?");
  }

  @Test
  void corruptPackedDataFailsWhileDecoding() throws IOException {
    // One byte flipped inside the LZMA2 stream: xz's decoder notices before any CRC check.
    SevenZFormatException e = assertThrows(SevenZFormatException.class,
        () -> decode(BytesArchiveSource.of("corrupt-data.7z"), SevenZLimits.defaults()));
    assertMentions(e, "corrupt or truncated packed data", "corrupt-data.7z", "folder 0",
        "LZMA2:8m");
  }

  @Test
  void wrongBytesThatDecodeFailTheEntryCrc() throws IOException {
    // In a Copy folder nothing but the CRC can notice a flipped byte.
    BytesArchiveSource source = BytesArchiveSource.of("store.7z");
    source.bytes()[1000] ^= 0x55;
    SevenZFormatException e = assertThrows(SevenZFormatException.class,
        () -> decode(source, SevenZLimits.defaults()));
    assertMentions(e, "CRC mismatch", "store.7z", "folder 0", "logs/2026-01/a.tsv");
  }

  @Test
  void packedDataCutShortIsTruncatedData() throws IOException {
    byte[] whole = BytesArchiveSource.of("nonsolid.7z").bytes();
    SevenZArchive archive =
        SevenZHeaders.read(new BytesArchiveSource("nonsolid.7z", whole), SevenZLimits.defaults());
    SevenZFolder last = archive.folders().get(2);
    // The same bytes, but the source ends in the middle of the last folder's packed data.
    byte[] cut = java.util.Arrays.copyOf(whole, (int) (last.packedOffset() + 100));
    BytesArchiveSource source = new BytesArchiveSource("nonsolid.7z", cut);
    SevenZFormatException e = assertThrows(SevenZFormatException.class, () -> {
      try (InputStream in =
          SevenZFolderDecoder.open(source, archive, last, SevenZLimits.defaults())) {
        in.transferTo(java.io.OutputStream.nullOutputStream());
      }
    });
    assertMentions(e, "corrupt or truncated packed data", "nonsolid.7z", "folder 2");
  }

  @Test
  void plainTextIsNotA7zArchive() throws IOException {
    SevenZFormatException e = assertThrows(SevenZFormatException.class,
        () -> decode(BytesArchiveSource.of("not-a-7z.7z"), SevenZLimits.defaults()));
    assertMentions(e, "not a 7z archive (bad signature)", "not-a-7z.7z");
  }

  @Test
  void tinyFileIsNotA7zArchive() {
    SevenZFormatException e = assertThrows(SevenZFormatException.class,
        () -> decode(new BytesArchiveSource("x.7z", new byte[] {'7', 'z'}),
            SevenZLimits.defaults()));
    assertMentions(e, "not a 7z archive", "x.7z");
  }

  @Test
  void encryptedContentWithoutPasswordIsRefused() throws IOException {
    BytesArchiveSource source = BytesArchiveSource.of("encrypted.7z");
    SevenZArchive archive = SevenZHeaders.read(source, SevenZLimits.defaults());
    SevenZFormatException e = assertThrows(SevenZFormatException.class,
        () -> SevenZFolderDecoder.open(source, archive, archive.folders().get(0),
            SevenZLimits.defaults()));
    assertMentions(e, "encrypted.7z is encrypted (folder 0)", "--password-file");
  }

  @Test
  void encryptedHeaderWithoutPasswordIsRefused() throws IOException {
    SevenZFormatException e = assertThrows(SevenZFormatException.class,
        () -> decode(BytesArchiveSource.of("encrypted-headers.7z"), SevenZLimits.defaults()));
    assertMentions(e, "encrypted-headers.7z is encrypted (its header)", "--password-file");
  }

  @Test
  void dictionaryAboveTheMemoryLimitIsRefusedBeforeDecoding() throws IOException {
    BytesArchiveSource source = BytesArchiveSource.of("lzma2-dict-resets.7z");
    // The limits say how a user raises them; the Hadoop layer names its key there.
    SevenZLimits oneMiB = new SevenZLimits(1L << 20, "raise some.memory.key");
    SevenZArchive archive = SevenZHeaders.read(source, oneMiB); // its packed header is small
    long headerBytes = source.rangeBytesRead;
    SevenZFormatException e = assertThrows(SevenZFormatException.class,
        () -> SevenZFolderDecoder.open(source, archive, archive.folders().get(0), oneMiB));
    assertMentions(e, "not enough memory", "lzma2-dict-resets.7z", "folder 0", "LZMA2:1m",
        "1.1 MiB", "limit of 1 MiB", "raise some.memory.key", "smaller dictionary");
    assertEquals(headerBytes, source.rangeBytesRead, "no packed data read");
  }

  @Test
  void headerAboveTheMemoryLimitIsRefused() throws IOException {
    SevenZFormatException e = assertThrows(SevenZFormatException.class,
        () -> SevenZHeaders.read(BytesArchiveSource.of("plain-header-blocks.7z"),
            new SevenZLimits(100, "raise some.memory.key")));
    assertMentions(e, "plain-header-blocks.7z", "header", "limit of 100 bytes", "raise some.memory.key");
  }

  @Test
  void hadoopLimitsNameTheirKeyAndShareTheFormatsDefault() {
    SevenZLimits limits = SevenZInputFormat.getLimits(new org.apache.hadoop.conf.Configuration(false));
    assertEquals(SevenZLimits.DEFAULT_MAX_MEMORY_BYTES, limits.maxMemoryBytes());
    assertEquals("raise " + SevenZInputFormat.MAX_MEMORY_MB, limits.raiseHint());
  }

  @Test
  void unknownMethodIdIsShownInHex() throws IOException {
    BytesArchiveSource source = BytesArchiveSource.of("plain-header-blocks.7z");
    byte[] b = source.bytes();
    // In the plain header, each folder's coder is "21 (flags: id size 1, properties) 21 ...".
    int header = BytesArchiveSource.headerOffset(b);
    int at = indexOf(b, header, new byte[] {0x21, 0x21});
    assertTrue(at > 0);
    b[at + 1] = 0x7E;
    BytesArchiveSource.fixCrcs(b);
    SevenZArchive archive = SevenZHeaders.read(source, SevenZLimits.defaults());
    SevenZFormatException e = assertThrows(SevenZFormatException.class,
        () -> SevenZFolderDecoder.open(source, archive, archive.folders().get(0),
            SevenZLimits.defaults()));
    assertMentions(e, "unsupported method id 0x7E", "plain-header-blocks.7z", "folder 0");
  }

  @Test
  void corruptHeaderCrcIsAFormatError() throws IOException {
    BytesArchiveSource source = BytesArchiveSource.of("plain-header-blocks.7z");
    source.bytes()[BytesArchiveSource.headerOffset(source.bytes()) + 5] ^= 1;
    SevenZFormatException e = assertThrows(SevenZFormatException.class,
        () -> SevenZHeaders.read(source, SevenZLimits.defaults()));
    assertMentions(e, "plain-header-blocks.7z", "CRC");
  }

  @Test
  void nestedPackedHeadersAreUnpacked() throws IOException {
    byte[] twice = PackedHeaders.wrap(PackedHeaders.wrap(
        BytesArchiveSource.of("plain-header-blocks.7z").bytes()));
    BytesArchiveSource source = new BytesArchiveSource("nested.7z", twice);
    assertEquals(Fixtures.expected("plain-header-blocks.7z"),
        decode(source, SevenZLimits.defaults()));
  }

  @Test
  void packedHeaderMustLieBeforeTheHeader() throws IOException {
    byte[] self = PackedHeaders.selfReferencing(BytesArchiveSource.of("store.7z").bytes());
    SevenZFormatException e = assertThrows(SevenZFormatException.class,
        () -> SevenZHeaders.read(new BytesArchiveSource("self.7z", self),
            SevenZLimits.defaults()));
    assertMentions(e, "self.7z", "runs past byte", "where the header starts");
  }

  @Test
  void selfReferencingPackedHeaderFailsInsteadOfLooping() throws IOException {
    // A packed header that unpacks to itself, packed once more so that it lies before the header.
    byte[] loop = PackedHeaders.wrap(
        PackedHeaders.selfReferencing(BytesArchiveSource.of("store.7z").bytes()));
    SevenZFormatException e = assertThrows(SevenZFormatException.class,
        () -> SevenZHeaders.read(new BytesArchiveSource("loop.7z", loop),
            SevenZLimits.defaults()));
    assertMentions(e, "loop.7z", "nested packed headers");
  }

  @Test
  void folderOfAnotherArchiveIsAProgrammingError() throws IOException {
    SevenZArchive a = Fixtures.read("nonsolid.7z");
    SevenZArchive b = Fixtures.read("nonsolid.7z");
    assertThrows(IllegalArgumentException.class,
        () -> SevenZFolderDecoder.check(a, b.folders().get(0), SevenZLimits.defaults()));
  }

  private static int indexOf(byte[] b, int from, byte[] pattern) {
    outer:
    for (int i = from; i + pattern.length <= b.length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (b[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
