package io.logcount.sevenz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.logcount.sevenz.archive.SevenZArchive;
import io.logcount.sevenz.archive.SevenZEntry;
import io.logcount.sevenz.archive.SevenZFolder;
import io.logcount.sevenz.coders.SevenZAes;
import io.logcount.sevenz.coders.SevenZLimits;
import io.logcount.sevenz.coders.SevenZPassword;
import io.logcount.sevenz.coders.SevenZPasswordException;
import io.logcount.sevenz.coders.SevenZPasswordSource;
import io.logcount.sevenz.decode.SevenZFolderDecoder;
import io.logcount.sevenz.header.SevenZHeaders;
import io.logcount.sevenz.source.ArchiveSource;
import io.logcount.sevenz.source.FileArchiveSource;
import io.logcount.sevenz.source.SevenZFormatException;
import io.logcount.testing.CommonsCompressReader;
import io.logcount.testing.Fixtures;

/**
 * 7zAES: {@code encrypted.7z} (content encrypted) and {@code encrypted-headers.7z} (header too,
 * {@code -mhe=on}) decode to their figures with the right password; a missing or wrong password
 * is a clear error that never contains a password.
 */
class SevenZEncryptionTest {
  static final String PASSWORD = "logcount-test";
  static final String WRONG = "not-the-password";

  static SevenZPasswordSource password(String text) {
    return SevenZPasswordSource.of(SevenZPassword.of(text.toCharArray()));
  }

  /** Every entry's bytes, in header order, through the API under test, CRCs checked. */
  static List<byte[]> entries(ArchiveSource source, SevenZPasswordSource passwords)
      throws IOException {
    SevenZArchive archive = SevenZHeaders.read(source, SevenZLimits.defaults(), passwords);
    List<byte[]> entries = new ArrayList<>();
    for (SevenZFolder folder : archive.folders()) {
      try (InputStream in = SevenZFolderDecoder.open(source, archive, folder,
          SevenZLimits.defaults(), passwords)) {
        for (SevenZEntry entry : folder.entries()) {
          byte[] bytes = new byte[(int) entry.size()];
          new java.io.DataInputStream(in).readFully(bytes);
          java.util.zip.CRC32 crc = new java.util.zip.CRC32();
          crc.update(bytes, 0, bytes.length);
          entry.checkCrc(archive.name(), crc.getValue());
          entries.add(bytes);
        }
        assertEquals(-1, in.read(), "the entries cover the folder");
      }
    }
    return entries;
  }

  private static void assertNoPassword(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = String.valueOf(t.getMessage());
      assertFalse(m.contains(PASSWORD) || m.contains(WRONG), "a password in: " + m);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"encrypted", "encrypted-headers"})
  void rightPasswordGivesTheExpectedFigures(String name) throws IOException {
    try (FileArchiveSource source = new FileArchiveSource(Fixtures.file(name + ".7z"))) {
      SevenZArchive archive = SevenZHeaders.read(source, SevenZLimits.defaults(),
          password(PASSWORD));
      assertFalse(archive.folders().isEmpty());
      for (SevenZFolder folder : archive.folders()) {
        assertTrue(folder.isEncrypted(), folder.toString());
        assertTrue(folder.methods().matches("LZMA2:\\S+ 7zAES:19"), folder.methods());
      }
      assertEquals(Fixtures.expected(name),
          DecodedFigures.of(source, archive, SevenZLimits.defaults(), password(PASSWORD)));
    }
  }

  /** commons-compress, given the password, reads the same bytes: an independent check. */
  @ParameterizedTest
  @ValueSource(strings = {"encrypted", "encrypted-headers"})
  void entriesMatchAnIndependentReader(String name) throws IOException {
    List<byte[]> expected = CommonsCompressReader.entries(Fixtures.file(name + ".7z"),
        PASSWORD.toCharArray());
    try (FileArchiveSource source = new FileArchiveSource(Fixtures.file(name + ".7z"))) {
      List<byte[]> actual = entries(source, password(PASSWORD));
      assertEquals(expected.size(), actual.size());
      for (int i = 0; i < expected.size(); i++) {
        assertArrayEquals(expected.get(i), actual.get(i), "entry " + i);
      }
    }
  }

  @Test
  void passwordIsAskedForOnlyByEncryptedData() throws IOException {
    AtomicInteger asked = new AtomicInteger();
    SevenZPasswordSource counting = () -> {
      asked.incrementAndGet();
      return SevenZPassword.of(PASSWORD.toCharArray());
    };
    try (FileArchiveSource source = new FileArchiveSource(Fixtures.file("small-blocks.7z"))) {
      entries(source, counting);
    }
    assertEquals(0, asked.get(), "a plain archive never asks");
    try (FileArchiveSource source = new FileArchiveSource(Fixtures.file("encrypted.7z"))) {
      SevenZArchive archive = SevenZHeaders.read(source, SevenZLimits.defaults(), counting);
      assertEquals(0, asked.get(), "encrypted.7z has a plain header");
      SevenZFolderDecoder.check(archive, archive.folders().get(0), SevenZLimits.defaults());
      assertEquals(0, asked.get(), "check() needs no password");
      SevenZFolderDecoder.open(source, archive, archive.folders().get(0), SevenZLimits.defaults(),
          counting).close();
      assertEquals(1, asked.get());
    }
  }

  @Test
  void encryptedFolderWithoutPasswordNamesTheWaysToGiveOne() throws IOException {
    try (FileArchiveSource source = new FileArchiveSource(Fixtures.file("encrypted.7z"))) {
      SevenZArchive archive = SevenZHeaders.read(source, SevenZLimits.defaults());
      SevenZPasswordException e = assertThrows(SevenZPasswordException.class,
          () -> SevenZFolderDecoder.open(source, archive, archive.folders().get(0),
              SevenZLimits.defaults(), SevenZPasswordSource.NONE));
      assertEquals("7z archive " + source.name() + " is encrypted (folder 0); give the password"
          + " with --password-file PATH or a Hadoop credential provider alias"
          + " logcount.sevenz.password (see docs/encrypted-archives.md)", e.getMessage());
    }
  }

  @Test
  void encryptedHeaderWithoutPasswordNamesTheWaysToGiveOne() throws IOException {
    try (FileArchiveSource source = new FileArchiveSource(Fixtures.file("encrypted-headers.7z"))) {
      SevenZPasswordException e = assertThrows(SevenZPasswordException.class,
          () -> SevenZHeaders.read(source, SevenZLimits.defaults()));
      assertTrue(e.getMessage().startsWith("7z archive " + source.name()
          + " is encrypted (its header); give the password with --password-file PATH or a Hadoop"
          + " credential provider alias logcount.sevenz.password"), e.getMessage());
    }
  }

  @Test
  void wrongPasswordForAnEncryptedFolderIsReportedAsSuch() throws IOException {
    try (FileArchiveSource source = new FileArchiveSource(Fixtures.file("encrypted.7z"))) {
      SevenZPasswordException e = assertThrows(SevenZPasswordException.class,
          () -> entries(source, password(WRONG)));
      assertTrue(e.getMessage().startsWith("wrong password for 7z archive " + source.name()
          + " (or the archive is corrupt): folder 0 ("), e.getMessage());
      assertNoPassword(e);
    }
  }

  @Test
  void wrongPasswordForAnEncryptedHeaderIsReportedAsSuch() throws IOException {
    try (FileArchiveSource source = new FileArchiveSource(Fixtures.file("encrypted-headers.7z"))) {
      SevenZPasswordException e = assertThrows(SevenZPasswordException.class,
          () -> SevenZHeaders.read(source, SevenZLimits.defaults(), password(WRONG)));
      assertTrue(e.getMessage().startsWith("wrong password for 7z archive " + source.name()
          + " (or the archive is corrupt): its header"), e.getMessage());
      assertNoPassword(e);
    }
  }

  /**
   * A password that decrypted the header (CRC checked) is right: a folder that then fails is
   * corrupt, and is reported as such, not as a wrong password (so skip-corrupt may skip it).
   */
  @Test
  void damagedFolderBehindAVerifiedPasswordIsCorruptionNotAWrongPassword() throws IOException {
    try (FileArchiveSource source = new FileArchiveSource(Fixtures.file("encrypted.7z"))) {
      assertFalse(SevenZHeaders.read(source, SevenZLimits.defaults(), password(PASSWORD))
          .passwordVerified(), "a plain header proves nothing about the password");
    }
    BytesArchiveSource damaged = BytesArchiveSource.of("encrypted-headers.7z");
    SevenZArchive archive = SevenZHeaders.read(damaged, SevenZLimits.defaults(),
        password(PASSWORD));
    assertTrue(archive.passwordVerified());
    damaged.bytes()[(int) archive.folders().get(0).packedOffset() + 5000] ^= 0x10;
    SevenZFormatException e = assertThrows(SevenZFormatException.class,
        () -> entries(damaged, password(PASSWORD)));
    assertFalse(SevenZPasswordException.isCauseOf(e), e.getMessage());
    assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
  }

  /**
   * Bytes flipped in the encrypted header's region (the packed header, the header pointing to
   * it, the signature header) end in an IOException or in the intact file list: the CRCs of the
   * raw and of the decrypted header catch every change. Seeded, so a failure replays.
   */
  @Test
  void flippedHeaderBytesOfAnEncryptedHeaderFailCleanly() throws IOException {
    byte[] original = BytesArchiveSource.of("encrypted-headers.7z").bytes();
    SevenZPasswordSource right = password(PASSWORD); // one key derivation for all rounds
    List<String> names = new ArrayList<>();
    SevenZArchive intact = SevenZHeaders.read(new BytesArchiveSource("x.7z", original),
        SevenZLimits.defaults(), right);
    intact.entries().forEach(e -> names.add(e.name()));
    java.util.Random random = new java.util.Random(42);
    int refused = 0;
    for (int round = 0; round < 300; round++) {
      byte[] damaged = original.clone();
      int at = random.nextInt(4) == 0 ? random.nextInt(32)
          : original.length - 1 - random.nextInt(Math.min(400, original.length));
      damaged[at] ^= (byte) (1 << random.nextInt(8));
      try {
        SevenZArchive archive = SevenZHeaders.read(new BytesArchiveSource("x.7z", damaged),
            SevenZLimits.defaults(), right);
        List<String> got = new ArrayList<>();
        archive.entries().forEach(e -> got.add(e.name()));
        assertEquals(names, got, "round " + round + ": byte " + at);
      } catch (IOException e) {
        refused++;
        assertNoPassword(e);
      }
    }
    assertTrue(refused > 200, refused + " of 300 damaged headers refused");
  }

  @Test
  void passwordNeverShowsItself() {
    SevenZPassword password = SevenZPassword.of(PASSWORD.toCharArray());
    assertEquals("[password hidden]", password.toString());
    assertEquals("[password hidden]", String.valueOf(password));
    assertFalse(password.isDestroyed());
    password.destroy();
    assertTrue(password.isDestroyed());
    assertEquals("[password hidden]", password.toString());
    assertThrows(IllegalStateException.class, () -> password.aesKey(19, new byte[0]));
  }

  @Test
  void keyIsDerivedOnceForTheSameSaltAndRounds() {
    SevenZPassword password = SevenZPassword.of(PASSWORD.toCharArray());
    byte[] first = password.aesKey(10, new byte[0]);
    first[0] ^= 1; // the caller's copy: overwriting it must not change the cached key
    assertArrayEquals(naiveKey(utf16le(PASSWORD), 10, new byte[0]),
        password.aesKey(10, new byte[0]));
    assertArrayEquals(naiveKey(utf16le(PASSWORD), 11, new byte[] {1, 2}),
        password.aesKey(11, new byte[] {1, 2}));
  }

  /** The batched derivation equals the definition: one SHA-256 over the repeated rounds. */
  @Test
  void keyDerivationFollowsTheDefinition() {
    byte[][] passwords = {new byte[0], utf16le("x"), utf16le(PASSWORD), new byte[9000]};
    byte[][] salts = {new byte[0], {7, 7, 7, 7, 7}, new byte[16]};
    for (byte[] password : passwords) {
      for (byte[] salt : salts) {
        for (int cycles : new int[] {0, 1, 6, 12}) {
          assertArrayEquals(naiveKey(password, cycles, salt),
              SevenZAes.deriveKey(password, cycles, salt),
              "password " + password.length + " bytes, salt " + salt.length + ", 2^" + cycles);
        }
      }
    }
  }

  @Test
  void numCyclesPower63MeansTheRawSaltAndPassword() {
    byte[] key = SevenZAes.deriveKey(utf16le("ab"), SevenZAes.RAW_KEY, new byte[] {9});
    byte[] expected = new byte[32];
    expected[0] = 9;
    expected[1] = 'a';
    expected[3] = 'b';
    assertArrayEquals(expected, key);
    assertEquals(32, SevenZAes.deriveKey(new byte[80], SevenZAes.RAW_KEY, new byte[16]).length);
  }

  @Test
  void propertiesAreParsedAndCheckedAs7ZipDoes() throws IOException {
    SevenZAes.Props p = SevenZAes.parse(new byte[] {(byte) 0xD3, 0x12, 1, 2, 3, 4, 5}, "w");
    assertEquals(19, p.numCyclesPower);
    assertArrayEquals(new byte[] {1, 2}, p.salt);
    assertArrayEquals(new byte[] {3, 4, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, p.iv);
    assertEquals(0, SevenZAes.parse(new byte[0], "w").salt.length);
    assertEquals(5, SevenZAes.parse(new byte[] {5}, "w").numCyclesPower);
    String[] bad = {"more than 7-Zip's limit", "instead of 1", "sizes are missing",
        "instead of 6"};
    byte[][] props = {{25}, {5, 0}, {(byte) 0x85}, {(byte) 0xD3, 0x11, 1, 2, 3}};
    for (int i = 0; i < props.length; i++) {
      byte[] p1 = props[i];
      SevenZFormatException e = assertThrows(SevenZFormatException.class,
          () -> SevenZAes.parse(p1, "7z archive x.7z, folder 3"));
      assertTrue(e.getMessage().contains("corrupt 7zAES coder properties in 7z archive x.7z,"
          + " folder 3") && e.getMessage().contains(bad[i]), e.getMessage());
    }
  }

  @Test
  void encryptedStreamCutInsideABlockIsCorrupt() throws IOException {
    SevenZAes.Props props = SevenZAes.parse(new byte[] {0}, "w");
    InputStream in = SevenZAes.decrypt(new ByteArrayInputStream(new byte[40]), props,
        SevenZPassword.of(PASSWORD.toCharArray()), "7z archive x.7z, folder 0");
    byte[] buf = new byte[64];
    assertEquals(32, in.read(buf));
    SevenZFormatException e = assertThrows(SevenZFormatException.class, () -> in.read(buf));
    assertTrue(e.getMessage().contains("partial AES block of 8 bytes"), e.getMessage());
    in.close();
  }

  static byte[] utf16le(String s) {
    return s.getBytes(StandardCharsets.UTF_16LE);
  }

  /** The key derivation exactly as 7zFormat/7zAes.cpp state it, round by round. */
  static byte[] naiveKey(byte[] password, int cycles, byte[] salt) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] counter = new byte[8];
      for (long round = 0; round < 1L << cycles; round++) {
        sha.update(salt);
        sha.update(password);
        for (int i = 0; i < 8; i++) {
          counter[i] = (byte) (round >>> (8 * i));
        }
        sha.update(counter);
      }
      return sha.digest();
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
