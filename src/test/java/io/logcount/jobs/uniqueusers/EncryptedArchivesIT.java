package io.logcount.jobs.uniqueusers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collections;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.security.alias.CredentialProvider;
import org.apache.hadoop.security.alias.CredentialProviderFactory;
import org.apache.log4j.Level;
import org.apache.log4j.Logger;
import org.apache.log4j.PatternLayout;
import org.apache.log4j.WriterAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.logcount.sevenz.SevenZPasswords;
import io.logcount.testing.Fixtures;
import io.logcount.testing.LocalRunner;
import io.logcount.testing.LocalRunnerExtension;
import io.logcount.testing.LocalRunner.Run;

/**
 * {@code unique-users} over 7zAES archives on the local runner: {@code encrypted.7z} (content)
 * and {@code encrypted-headers.7z} ({@code -mhe=on}) with the password from a password file or
 * a credential provider; missing and wrong passwords fail clearly. In every case the password
 * appears in no output, log line (all loggers at DEBUG), message, or job configuration.
 */
@ExtendWith(LocalRunnerExtension.class)
public class EncryptedArchivesIT {
  private static final String PASSWORD = "logcount-test";
  private static final String WRONG = "Wr0ng-Pa55-qzx";

  @TempDir
  static File work;

  private StringWriter logs;
  private WriterAppender appender;
  private Level rootLevel;

  /** Every log line of the run, whatever its level, to search for passwords. */
  @BeforeEach
  void captureLogs() {
    logs = new StringWriter();
    appender = new WriterAppender(new PatternLayout("%p %c: %m%n"), logs);
    Logger root = Logger.getRootLogger();
    rootLevel = root.getLevel();
    root.setLevel(Level.DEBUG);
    root.addAppender(appender);
  }

  @AfterEach
  void stopCapturingLogs() {
    Logger.getRootLogger().removeAppender(appender);
    Logger.getRootLogger().setLevel(rootLevel);
  }

  /** Password files and credential stores: the only files allowed to hold a password. */
  private static File secrets() {
    File dir = new File(work, "secrets");
    dir.mkdirs();
    return dir;
  }

  private static File passwordFile(String name, String password) throws IOException {
    File file = new File(secrets(), name);
    Files.write(file.toPath(), (password + "\n").getBytes(StandardCharsets.UTF_8));
    Files.setPosixFilePermissions(file.toPath(), PosixFilePermissions.fromString("rw-------"));
    return file;
  }

  private static String credentialStore(String name, String password) throws IOException {
    String uri = "localjceks://file" + new File(secrets(), name).getAbsolutePath();
    Configuration conf = new Configuration(false);
    conf.set(CredentialProviderFactory.CREDENTIAL_PROVIDER_PATH, uri);
    CredentialProvider provider = CredentialProviderFactory.getProviders(conf).get(0);
    provider.createCredentialEntry(SevenZPasswords.PASSWORD_ALIAS, password.toCharArray());
    provider.flush();
    return uri;
  }

  /**
   * No password in stdout, stderr, the logs, or any file the run left: its output under
   * {@code work}, the runner's staging and job.xml copies under {@link LocalRunner#scratch()}.
   */
  private void assertNoPasswordAnywhere(Run run) throws IOException {
    for (String secret : new String[] {PASSWORD, WRONG}) {
      assertFalse(run.out.contains(secret), "password on stdout: " + run.out);
      assertFalse(run.err.contains(secret), "password on stderr: " + run.err);
      assertFalse(logs.toString().contains(secret), "password in a log line");
    }
    assertTrue(logs.toString().length() > 1000, "the logs were captured");
    assertNoPasswordIn(work);
    assertNoPasswordIn(LocalRunner.scratch());
  }

  private void assertNoPasswordIn(File dir) throws IOException {
    try (Stream<java.nio.file.Path> files = Files.walk(dir.toPath())) {
      files.filter(Files::isRegularFile)
          .filter(p -> !p.startsWith(secrets().toPath()))
          .forEach(p -> {
            try {
              String content = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
              assertFalse(content.contains(PASSWORD) || content.contains(WRONG),
                  "password in " + p);
            } catch (IOException e) {
              throw new IllegalStateException(e);
            }
          });
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"encrypted", "encrypted-headers"})
  void passwordFileDecodesTheArchive(String name) throws Exception {
    File password = passwordFile("password-" + name, PASSWORD);
    File output = new File(work, "out-file-" + name);
    Run run = LocalRunner.run("unique-users", "--password-file", password.getAbsolutePath(),
        Fixtures.file(name + ".7z").getAbsolutePath(), output.getAbsolutePath());
    assertEquals(0, run.exit, run.err);
    assertEquals(Fixtures.expected(name), LocalRunner.outputFigures(output));
    assertTrue(new File(output, "_SUCCESS").isFile());
    assertTrue(logs.toString().contains("7z password read from the password file"),
        "the logs say where the password came from");
    assertNoPasswordAnywhere(run);
  }

  @ParameterizedTest
  @ValueSource(strings = {"encrypted", "encrypted-headers"})
  void credentialProviderDecodesTheArchive(String name) throws Exception {
    String store = credentialStore("store-" + name + ".jceks", PASSWORD);
    File output = new File(work, "out-provider-" + name);
    Run run = LocalRunner.run("unique-users", "-D",
        CredentialProviderFactory.CREDENTIAL_PROVIDER_PATH + "=" + store,
        Fixtures.file(name + ".7z").getAbsolutePath(), output.getAbsolutePath());
    assertEquals(0, run.exit, run.err);
    assertEquals(Fixtures.expected(name), LocalRunner.outputFigures(output));
    assertNoPasswordAnywhere(run);
  }

  @ParameterizedTest
  @ValueSource(strings = {"encrypted", "encrypted-headers"})
  void noPasswordFailsBeforeAnyTaskRunsAndSaysHowToGiveOne(String name) throws Exception {
    File output = new File(work, "out-none-" + name);
    Run run = LocalRunner.run("unique-users", Fixtures.file(name + ".7z").getAbsolutePath(),
        output.getAbsolutePath());
    assertEquals(1, run.exit, run.err);
    String part = name.equals("encrypted") ? "folder 0" : "its header";
    assertTrue(run.err.contains(name + ".7z is encrypted (" + part + "); give the password with"
        + " --password-file PATH or a Hadoop credential provider alias logcount.sevenz.password"),
        run.err);
    assertFalse(output.exists(), "no output at all");
  }

  @ParameterizedTest
  @ValueSource(strings = {"encrypted", "encrypted-headers"})
  void wrongPasswordFailsClearlyAndLeavesNoSuccess(String name) throws Exception {
    File password = passwordFile("wrong-" + name, WRONG);
    File output = new File(work, "out-wrong-" + name);
    Run run = LocalRunner.run("unique-users", "--password-file", password.getAbsolutePath(),
        Fixtures.file(name + ".7z").getAbsolutePath(), output.getAbsolutePath());
    assertEquals(1, run.exit, run.err);
    // An encrypted header fails the planning: the driver prints why. An encrypted folder fails
    // its task: the task's log (here the local runner's) says why.
    String said = name.equals("encrypted-headers") ? run.err : logs.toString();
    assertTrue(said.contains("wrong password for 7z archive file:"
        + Fixtures.file(name + ".7z").getAbsolutePath() + " (or the archive is corrupt)"), said);
    assertFalse(new File(output, "_SUCCESS").exists());
    assertNoPasswordAnywhere(run);
  }

  @Test
  void missingPasswordFileIsNamed() throws Exception {
    File missing = new File(work, "no-such-password-file");
    Run run = LocalRunner.run("unique-users", "--password-file", missing.getAbsolutePath(),
        Fixtures.file("encrypted.7z").getAbsolutePath(), new File(work, "out-nofile").getAbsolutePath());
    assertEquals(1, run.exit, run.err);
    assertTrue(run.err.contains("7z password file file:" + missing.getAbsolutePath()
        + " does not exist"), run.err);
  }

  @Test
  void passwordAsAPlainPropertyIsRefusedBeforeSubmission() throws Exception {
    File output = new File(work, "out-plain");
    Run run = LocalRunner.run("unique-users", "-D", SevenZPasswords.PASSWORD_ALIAS + "=" + PASSWORD,
        Fixtures.file("encrypted.7z").getAbsolutePath(), output.getAbsolutePath());
    assertEquals(2, run.exit, run.err);
    assertTrue(run.err.contains("plain configuration property " + SevenZPasswords.PASSWORD_ALIAS),
        run.err);
    assertFalse(run.err.contains(PASSWORD) || run.out.contains(PASSWORD), run.err);
    assertFalse(output.exists());
  }

  @Test
  void theJobConfigurationCarriesThePathNeverThePassword() throws Exception {
    File password = passwordFile("password-conf", PASSWORD);
    Configuration conf = LocalRunner.localConf();
    SevenZPasswords.setPasswordFile(conf, new Path(password.getAbsolutePath()));
    conf.set(CredentialProviderFactory.CREDENTIAL_PROVIDER_PATH,
        credentialStore("store-conf.jceks", PASSWORD));
    Job job = new UniqueUsersJob().createJob(conf,
        Collections.singletonList(new Path(Fixtures.file("encrypted.7z").getAbsolutePath())),
        new Path(new File(work, "out-conf").getAbsolutePath()));
    Configuration submitted = job.getConfiguration();
    assertEquals("file:" + password.getAbsolutePath(),
        submitted.get(SevenZPasswords.PASSWORD_FILE));
    for (Map.Entry<String, String> e : submitted) {
      assertFalse(e.getValue().contains(PASSWORD), e.getKey() + " holds the password");
    }
    ByteArrayOutputStream xml = new ByteArrayOutputStream();
    submitted.writeXml(xml);
    assertFalse(xml.toString("UTF-8").contains(PASSWORD), "job.xml holds the password");

    conf.set(SevenZPasswords.PASSWORD_ALIAS, PASSWORD);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new UniqueUsersJob().createJob(conf, Collections.singletonList(new Path("in")),
            new Path("out")));
    assertFalse(e.getMessage().contains(PASSWORD), e.getMessage());
  }
}
