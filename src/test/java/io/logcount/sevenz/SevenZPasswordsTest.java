package io.logcount.sevenz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.security.alias.CredentialProvider;
import org.apache.hadoop.security.alias.CredentialProviderFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.logcount.sevenz.archive.SevenZArchive;
import io.logcount.sevenz.coders.SevenZLimits;
import io.logcount.sevenz.coders.SevenZPassword;
import io.logcount.sevenz.coders.SevenZPasswordException;
import io.logcount.sevenz.header.SevenZHeaders;
import io.logcount.sevenz.source.FileArchiveSource;
import io.logcount.sevenz.source.SevenZFormatException;
import io.logcount.testing.Figures;
import io.logcount.testing.Fixtures;
import io.logcount.testing.Volumes;

/**
 * The Hadoop side of passwords: password file, credential provider, the refused plain property,
 * and encrypted fixtures through {@link SevenZInputFormat} and {@link SevenZRecordReader}.
 */
class SevenZPasswordsTest {
  private static final String PASSWORD = SevenZEncryptionTest.PASSWORD;
  private static final byte[] NO_SALT = new byte[0];

  @TempDir
  File dir;

  private static Configuration conf() {
    Configuration conf = new Configuration(false);
    conf.set("fs.defaultFS", "file:///");
    return conf;
  }

  private File write(String name, byte[] content) throws IOException {
    File f = new File(dir, name);
    Files.write(f.toPath(), content);
    return f;
  }

  private Configuration withPasswordFile(String content) throws IOException {
    Configuration conf = conf();
    File f = write("password-" + content.hashCode(), content.getBytes(StandardCharsets.UTF_8));
    SevenZPasswords.setPasswordFile(conf, new Path(f.getAbsolutePath()));
    return conf;
  }

  /** A cheap fingerprint of a password: its key with 2^4 rounds. */
  private static byte[] key(SevenZPassword password) {
    assertNotNull(password);
    return password.aesKey(4, NO_SALT);
  }

  private static byte[] key(String password) {
    return key(SevenZPassword.of(password.toCharArray()));
  }

  private String credentialStore(String password) throws IOException {
    String uri = "localjceks://file" + new File(dir, "logcount.jceks").getAbsolutePath();
    Configuration conf = conf();
    conf.set(CredentialProviderFactory.CREDENTIAL_PROVIDER_PATH, uri);
    CredentialProvider provider = CredentialProviderFactory.getProviders(conf).get(0);
    provider.createCredentialEntry(SevenZPasswords.PASSWORD_ALIAS, password.toCharArray());
    provider.flush();
    return uri;
  }

  @ParameterizedTest
  @ValueSource(strings = {"logcount-test", "logcount-test\n", "logcount-test\r\n",
      "\uFEFFlogcount-test\n"})
  void passwordFileLosesOneTrailingNewlineAndAByteOrderMark(String content) throws IOException {
    try (SevenZPasswords.Loader loader = SevenZPasswords.loader(withPasswordFile(content))) {
      assertArrayEquals(key(PASSWORD), key(loader.password()));
    }
  }

  @Test
  void passwordFileKeepsEverythingElse() throws IOException {
    try (SevenZPasswords.Loader loader = SevenZPasswords.loader(withPasswordFile(" pässwörd \n\n"))) {
      assertArrayEquals(key(" pässwörd \n"), key(loader.password()));
    }
  }

  @Test
  void missingPasswordFileIsNamed() throws IOException {
    Configuration conf = conf();
    Path missing = new Path(new File(dir, "no-such-file").getAbsolutePath());
    SevenZPasswords.setPasswordFile(conf, missing);
    String problem = SevenZPasswords.checkPasswordFile(conf);
    assertTrue(problem.contains("7z password file file:" + missing + " does not exist"), problem);
    try (SevenZPasswords.Loader loader = SevenZPasswords.loader(conf)) {
      IOException e = assertThrows(IOException.class, loader::password);
      assertTrue(e.getMessage().contains("no-such-file") && e.getMessage().contains("does not"
          + " exist"), e.getMessage());
    }
  }

  @Test
  void badPasswordFilesAreRefusedWithoutShowingThem() throws IOException {
    String[][] cases = {{"", "is empty"}, {"\n", "is empty"}};
    for (String[] c : cases) {
      try (SevenZPasswords.Loader loader = SevenZPasswords.loader(withPasswordFile(c[0]))) {
        IOException e = assertThrows(IOException.class, loader::password);
        assertTrue(e.getMessage().contains(c[1]), e.getMessage());
      }
    }
    Configuration conf = conf();
    SevenZPasswords.setPasswordFile(conf, new Path(write("latin1", new byte[] {'p', (byte) 0xE4, 'x'})
        .getAbsolutePath()));
    IOException e = assertThrows(IOException.class, () -> SevenZPasswords.loader(conf).password());
    assertTrue(e.getMessage().contains("is not UTF-8"), e.getMessage());
    SevenZPasswords.setPasswordFile(conf, new Path(write("big", new byte[100 << 10])
        .getAbsolutePath()));
    e = assertThrows(IOException.class, () -> SevenZPasswords.loader(conf).password());
    assertTrue(e.getMessage().contains("is larger than 64 KiB"), e.getMessage());
    SevenZPasswords.setPasswordFile(conf, new Path(dir.getAbsolutePath()));
    assertTrue(SevenZPasswords.checkPasswordFile(conf).contains("is not a file"));
  }

  @Test
  void credentialProviderAliasGivesThePassword() throws IOException {
    Configuration conf = conf();
    conf.set(CredentialProviderFactory.CREDENTIAL_PROVIDER_PATH, credentialStore(PASSWORD));
    assertTrue(SevenZPasswords.isConfigured(conf));
    try (SevenZPasswords.Loader loader = SevenZPasswords.loader(conf)) {
      assertArrayEquals(key(PASSWORD), key(loader.password()));
    }
  }

  @Test
  void passwordFileWinsOverTheCredentialProvider() throws IOException {
    Configuration conf = withPasswordFile(PASSWORD + "\n");
    conf.set(CredentialProviderFactory.CREDENTIAL_PROVIDER_PATH, credentialStore("other"));
    try (SevenZPasswords.Loader loader = SevenZPasswords.loader(conf)) {
      assertArrayEquals(key(PASSWORD), key(loader.password()));
    }
  }

  @Test
  void passwordAsAPlainPropertyIsRefusedWithoutRepeatingIt() {
    Configuration conf = conf();
    conf.set(SevenZPasswords.PASSWORD_ALIAS, "plain-secret-42");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SevenZPasswords.loader(conf));
    assertTrue(e.getMessage().contains("plain configuration property "
        + SevenZPasswords.PASSWORD_ALIAS), e.getMessage());
    assertFalse(e.getMessage().contains("plain-secret-42"), e.getMessage());
  }

  @Test
  void nothingConfiguredMeansNoPassword() throws IOException {
    Configuration conf = conf();
    assertFalse(SevenZPasswords.isConfigured(conf));
    try (SevenZPasswords.Loader loader = SevenZPasswords.loader(conf)) {
      assertNull(loader.password());
    }
    SevenZPasswords.checkAvailable(header("solid-lzma2.7z"), conf);
    SevenZArchive encrypted = header("encrypted.7z");
    SevenZFormatException e = assertThrows(SevenZFormatException.class,
        () -> SevenZPasswords.checkAvailable(encrypted, conf));
    assertTrue(e.getMessage().contains("is encrypted (folder 0)"), e.getMessage());
  }

  private static SevenZArchive header(String fixture) throws IOException {
    try (FileArchiveSource source = new FileArchiveSource(Fixtures.file(fixture))) {
      return SevenZHeaders.read(source, SevenZLimits.defaults());
    }
  }

  @Test
  void loaderReadsOnceAndCloseOverwritesThePassword() throws IOException {
    Configuration conf = withPasswordFile(PASSWORD);
    File file = new File(SevenZPasswords.getPasswordFile(conf).toUri());
    SevenZPasswords.Loader loader = SevenZPasswords.loader(conf);
    SevenZPassword first = loader.password();
    assertTrue(file.delete());
    assertSame(first, loader.password(), "read once, then kept");
    assertFalse(loader.toString().contains(PASSWORD));
    loader.close();
    assertTrue(first.isDestroyed());
    assertThrows(IOException.class, loader::password, "read again after close");
    loader.close();
  }

  // --- through the InputFormat and the record reader ----------------------------------------

  private static Figures figures(Configuration conf, File archive, long splitSize)
      throws IOException {
    List<byte[]> lines = new ArrayList<>();
    for (InputSplit split : SevenZRecordReaderTest.splits(conf, archive, splitSize)) {
      SevenZRecordReaderTest.read(conf, split, lines);
    }
    return Figures.ofLines(lines);
  }

  @ParameterizedTest
  @ValueSource(strings = {"encrypted", "encrypted-headers"})
  void encryptedFixturesGiveTheirFiguresThroughTheInputFormat(String name) throws IOException {
    File archive = Fixtures.file(name + ".7z");
    assertEquals(Fixtures.expected(name), figures(withPasswordFile(PASSWORD + "\n"), archive, 1));
    Configuration conf = conf();
    conf.set(CredentialProviderFactory.CREDENTIAL_PROVIDER_PATH, credentialStore(PASSWORD));
    assertEquals(Fixtures.expected(name), figures(conf, archive, Long.MAX_VALUE));
  }

  /** 7-Zip's {@code -p -mhe=on -v...}: encrypted header and folders spread over volumes. */
  @Test
  void encryptedArchiveInVolumesGivesItsFigures() throws IOException {
    List<File> volumes = Volumes.cut(Fixtures.file("encrypted-headers.7z"), new File(dir, "vols"),
        100 << 10);
    assertTrue(volumes.size() > 5);
    assertEquals(Fixtures.expected("encrypted-headers"),
        figures(withPasswordFile(PASSWORD), volumes.get(0), 1));
  }

  @ParameterizedTest
  @ValueSource(strings = {"encrypted", "encrypted-headers"})
  void noPasswordFailsWhenTheJobIsPlanned(String name) {
    SevenZFormatException e = assertThrows(SevenZFormatException.class,
        () -> SevenZRecordReaderTest.splits(conf(), Fixtures.file(name + ".7z"), 1));
    assertTrue(e.getMessage().contains(name + ".7z is encrypted ("
        + (name.equals("encrypted") ? "folder 0" : "its header") + "); give the password with"
        + " --password-file PATH"), e.getMessage());
  }

  @Test
  void wrongPasswordFailsThePlanningOfAnEncryptedHeader() throws IOException {
    Configuration conf = withPasswordFile("wrong-one");
    SevenZFormatException e = assertThrows(SevenZFormatException.class,
        () -> SevenZRecordReaderTest.splits(conf, Fixtures.file("encrypted-headers.7z"), 1));
    assertTrue(e.getMessage().contains("wrong password for 7z archive"), e.getMessage());
    assertFalse(e.getMessage().contains("wrong-one"), e.getMessage());
  }

  @Test
  void wrongPasswordFailsTheTaskOfAnEncryptedFolder() throws IOException {
    Configuration conf = withPasswordFile("wrong-one");
    List<InputSplit> splits = SevenZRecordReaderTest.splits(conf, Fixtures.file("encrypted.7z"), 1);
    SevenZFormatException e = assertThrows(SevenZFormatException.class,
        () -> SevenZRecordReaderTest.read(conf, splits.get(0), new ArrayList<>()));
    assertTrue(e.getMessage().contains("wrong password for 7z archive"), e.getMessage());
    assertFalse(e.getMessage().contains("wrong-one"), e.getMessage());
  }

  /** skip-corrupt skips corrupt folders, never ones that a missing or wrong password fails. */
  @Test
  void skipCorruptNeverSkipsAPasswordFailure() throws IOException {
    Configuration wrong = withPasswordFile("wrong-one");
    SevenZRecordReader.setSkipCorrupt(wrong, true);
    List<InputSplit> splits = SevenZRecordReaderTest.splits(wrong, Fixtures.file("encrypted.7z"), 1);
    SevenZPasswordException e = assertThrows(SevenZPasswordException.class,
        () -> SevenZRecordReaderTest.read(wrong, splits.get(0), new ArrayList<>()));
    assertTrue(e.getMessage().contains("wrong password"), e.getMessage());

    // A credential provider without the alias: planning passes, the task has no password.
    Configuration none = conf();
    none.set(CredentialProviderFactory.CREDENTIAL_PROVIDER_PATH, credentialStore("unrelated"));
    CredentialProvider provider = CredentialProviderFactory.getProviders(none).get(0);
    provider.deleteCredentialEntry(SevenZPasswords.PASSWORD_ALIAS);
    provider.flush();
    SevenZRecordReader.setSkipCorrupt(none, true);
    List<InputSplit> planned = SevenZRecordReaderTest.splits(none, Fixtures.file("encrypted.7z"), 1);
    e = assertThrows(SevenZPasswordException.class,
        () -> SevenZRecordReaderTest.read(none, planned.get(0), new ArrayList<>()));
    assertTrue(e.getMessage().contains("is encrypted (folder 0)"), e.getMessage());
  }

  /**
   * AES over stored data ({@code -mx0}): nothing but the entry CRC can notice a wrong password,
   * and the record reader says so. Needs 7-Zip's {@code 7zz} to make the archive.
   */
  @Test
  void wrongPasswordOverStoredDataIsCaughtByTheCrc() throws Exception {
    File text = write("events.tsv", "a\tuser1\nb\tuser2\nc\tuser1\n".getBytes(StandardCharsets.UTF_8));
    File archive = new File(dir, "stored-aes.7z");
    ProcessBuilder pb;
    try {
      pb = new ProcessBuilder("7zz", "a", "-mx0", "-p" + PASSWORD, archive.getAbsolutePath(),
          text.getAbsolutePath()).redirectErrorStream(true);
      Process p = pb.start();
      p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
      Assumptions.assumeTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0,
          "7zz failed to make the archive");
    } catch (IOException e) {
      Assumptions.abort("7-Zip's 7zz is not installed (apt-get install 7zip): " + e.getMessage());
    }
    assertEquals(new Figures(2, 3, 0, Figures.md5OfSorted(java.util.Arrays.asList(
        "user1\t2\n".getBytes(StandardCharsets.UTF_8), "user2\t1\n".getBytes(StandardCharsets.UTF_8)))),
        figures(withPasswordFile(PASSWORD), archive, 1));
    Configuration wrong = withPasswordFile("wrong-one");
    List<InputSplit> splits = SevenZRecordReaderTest.splits(wrong, archive, 1);
    SevenZFormatException e = assertThrows(SevenZFormatException.class,
        () -> SevenZRecordReaderTest.read(wrong, splits.get(0), new ArrayList<>()));
    assertTrue(e.getMessage().contains("wrong password for 7z archive")
        && e.getMessage().contains("events.tsv' fails its CRC check"), e.getMessage());
  }
}
