package io.logcount.sevenz;

import java.io.Closeable;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsAction;
import org.apache.hadoop.security.alias.CredentialProviderFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.logcount.sevenz.archive.SevenZArchive;
import io.logcount.sevenz.archive.SevenZFolder;
import io.logcount.sevenz.coders.SevenZCoders;
import io.logcount.sevenz.coders.SevenZPassword;
import io.logcount.sevenz.coders.SevenZPasswordSource;
import io.logcount.sevenz.source.SevenZFormatException;

/**
 * Where jobs get the password of encrypted 7z archives, without it ever being in the job
 * configuration (which the job history server shows to anyone who can see the job), a log or
 * a message:
 *
 * <ul>
 *   <li>a password file ({@link #PASSWORD_FILE}, set by {@code --password-file PATH}) on any
 *       Hadoop file system: the configuration carries only its path, and the file is read by
 *       the job client (only for archives with an encrypted header) and by the tasks; or
 *   <li>a Hadoop credential provider ({@code hadoop.security.credential.provider.path}, e.g.
 *       {@code jceks://hdfs/user/me/logcount.jceks}) holding the alias {@link #PASSWORD_ALIAS},
 *       read through {@link Configuration#getPassword}.
 * </ul>
 *
 * <p>The password file wins when both are set. {@link #loader} is the one way the job client
 * and the record readers obtain the password: lazily, the first time encrypted data is met.
 *
 * <p>{@code Configuration.getPassword} falls back to a plain configuration property of the same
 * name; such a property would be in the job configuration, so it is refused
 * ({@link #checkNotInConfiguration}). {@code hadoop.security.credential.clear-text-fallback} is
 * left alone on purpose: turning it off would also hide other plain secrets the cluster may rely
 * on (an {@code fs.s3a.secret.key} in core-site.xml).
 */
public final class SevenZPasswords {

  private static final Logger LOG = LoggerFactory.getLogger(SevenZPasswords.class);

  /**
   * Alias of the password in the Hadoop credential providers listed in
   * {@code hadoop.security.credential.provider.path}
   * ({@code hadoop credential create logcount.sevenz.password -provider ...}). Never set it as a
   * plain configuration property: that is refused. No default: no password.
   */
  public static final String PASSWORD_ALIAS = SevenZCoders.PASSWORD_ALIAS;

  /**
   * Path, on any Hadoop file system, of a file holding the password of encrypted archives:
   * UTF-8, one trailing newline (LF or CRLF) and a leading byte order mark ignored. Set by
   * {@code unique-users --password-file PATH}. Keep the file private ({@code chmod 600}). No
   * default: no password file.
   */
  public static final String PASSWORD_FILE = "logcount.sevenz.password-file";

  /** A password file larger than this is refused: it is not a password. */
  static final int MAX_PASSWORD_FILE_BYTES = 64 << 10;

  private SevenZPasswords() {
  }

  /** Sets {@link #PASSWORD_FILE} to {@code file}, qualified so that tasks find the same file. */
  public static void setPasswordFile(Configuration conf, Path file) throws IOException {
    FileSystem fs = file.getFileSystem(conf);
    conf.set(PASSWORD_FILE, fs.makeQualified(file).toString());
  }

  /** {@link #PASSWORD_FILE}, or null if none is set. */
  public static Path getPasswordFile(Configuration conf) {
    String file = conf.getTrimmed(PASSWORD_FILE);
    return file == null || file.isEmpty() ? null : new Path(file);
  }

  /**
   * Refuses a configuration that holds the password itself as the plain property
   * {@link #PASSWORD_ALIAS} (from {@code -D}, or a site file): it would be copied into the job
   * configuration. The message does not repeat the value.
   *
   * @throws IllegalArgumentException if the property is set
   */
  public static void checkNotInConfiguration(Configuration conf) {
    if (conf.getRaw(PASSWORD_ALIAS) != null) {
      throw new IllegalArgumentException("the 7z password is set as the plain configuration"
          + " property " + PASSWORD_ALIAS + ", which would put it into the job configuration"
          + " (readable in the job history server); remove it and give the password with"
          + " --password-file PATH or a Hadoop credential provider: hadoop credential create "
          + PASSWORD_ALIAS + " -provider jceks://hdfs/user/NAME/logcount.jceks, then -D "
          + CredentialProviderFactory.CREDENTIAL_PROVIDER_PATH + "=jceks://hdfs/user/NAME/logcount.jceks");
    }
  }

  /**
   * Null if {@link #PASSWORD_FILE} is unset or names an existing file, else the message to print;
   * for the job client, before submitting. Warns if the file is readable by everyone. Does not
   * read the password.
   */
  public static String checkPasswordFile(Configuration conf) throws IOException {
    Path file = getPasswordFile(conf);
    if (file == null) {
      return null;
    }
    FileStatus status;
    try {
      status = file.getFileSystem(conf).getFileStatus(file);
    } catch (FileNotFoundException e) {
      return "7z password file " + file + " does not exist; give an existing file with"
          + " --password-file PATH";
    }
    if (!status.isFile()) {
      return "7z password file " + file + " is not a file; give the file holding the password"
          + " with --password-file PATH";
    }
    if (status.getPermission().getOtherAction().implies(FsAction.READ)) {
      LOG.warn("7z password file {} is readable by everyone ({}); restrict it, e.g. chmod 600",
          file, status.getPermission());
    }
    return null;
  }

  /**
   * True if a password file or a credential provider is configured; whether it really holds
   * the password shows only when it is read.
   */
  public static boolean isConfigured(Configuration conf) {
    return getPasswordFile(conf) != null
        || !conf.getTrimmed(CredentialProviderFactory.CREDENTIAL_PROVIDER_PATH, "").isEmpty();
  }

  /**
   * Refuses, when planning splits, an archive with encrypted folders if no password is
   * configured at all: better than every task failing. Reads no password.
   */
  static void checkAvailable(SevenZArchive archive, Configuration conf)
      throws SevenZFormatException {
    if (isConfigured(conf)) {
      return;
    }
    for (SevenZFolder folder : archive.folders()) {
      if (folder.isEncrypted()) {
        throw SevenZCoders.Encrypted.missingPassword(archive.name(), "folder " + folder.index());
      }
    }
  }

  /**
   * The password source of a job client or a task: reads the password file or the credential
   * provider the first time it is asked, keeps the password until closed.
   *
   * @throws IllegalArgumentException if the password is a plain configuration property
   */
  public static Loader loader(Configuration conf) {
    checkNotInConfiguration(conf);
    return new Loader(conf);
  }

  /** A lazily read, cached password; {@link #close()} overwrites it. Thread safe. */
  public static final class Loader implements SevenZPasswordSource, Closeable {
    private final Configuration conf;
    private boolean loaded;
    private SevenZPassword password;

    private Loader(Configuration conf) {
      this.conf = conf;
    }

    /** The password, or null if neither a password file nor the alias is configured. */
    @Override
    public synchronized SevenZPassword password() throws IOException {
      if (!loaded) {
        password = load(conf);
        loaded = true;
      }
      return password;
    }

    /** Overwrites the password in memory; a later {@link #password()} reads it again. */
    @Override
    public synchronized void close() {
      if (password != null) {
        password.destroy();
      }
      password = null;
      loaded = false;
    }

    @Override
    public String toString() {
      return "SevenZPasswords.Loader[" + (loaded ? "read" : "not read") + "]";
    }
  }

  private static SevenZPassword load(Configuration conf) throws IOException {
    Path file = getPasswordFile(conf);
    if (file != null) {
      SevenZPassword password = readPasswordFile(file, conf);
      LOG.info("7z password read from the password file {}", file);
      return password;
    }
    checkNotInConfiguration(conf);
    char[] chars;
    try {
      chars = conf.getPassword(PASSWORD_ALIAS);
    } catch (IOException e) {
      throw new IOException("cannot read the 7z password alias " + PASSWORD_ALIAS + " from the"
          + " credential providers in " + CredentialProviderFactory.CREDENTIAL_PROVIDER_PATH + " ("
          + conf.getTrimmed(CredentialProviderFactory.CREDENTIAL_PROVIDER_PATH) + "): "
          + e.getMessage(), e);
    }
    if (chars == null) {
      return null;
    }
    try {
      LOG.info("7z password read from the credential provider alias {}", PASSWORD_ALIAS);
      return SevenZPassword.of(chars);
    } finally {
      Arrays.fill(chars, '\0');
    }
  }

  /** The password in {@code file}: UTF-8, a trailing newline and a byte order mark ignored. */
  static SevenZPassword readPasswordFile(Path file, Configuration conf) throws IOException {
    byte[] bytes = new byte[MAX_PASSWORD_FILE_BYTES + 1];
    char[] chars = null;
    int length = 0;
    try {
      try (InputStream in = file.getFileSystem(conf).open(file)) {
        for (int n; length < bytes.length
            && (n = in.read(bytes, length, bytes.length - length)) >= 0; ) {
          length += n;
        }
      } catch (FileNotFoundException e) {
        throw new IOException("7z password file " + file + " (" + PASSWORD_FILE + ") does not"
            + " exist or cannot be opened; give an existing file with --password-file PATH", e);
      } catch (IOException e) {
        throw new IOException("cannot read the 7z password file " + file + " (" + PASSWORD_FILE
            + "): " + e.getMessage(), e);
      }
      if (length > MAX_PASSWORD_FILE_BYTES) {
        throw new IOException("7z password file " + file + " is larger than "
            + (MAX_PASSWORD_FILE_BYTES >> 10) + " KiB: it is not a password file");
      }
      CharBuffer decoded;
      try {
        decoded = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(bytes, 0, length));
      } catch (CharacterCodingException e) {
        throw new IOException("7z password file " + file + " is not UTF-8 text; write the"
            + " password into it as UTF-8");
      }
      chars = decoded.array();
      int start = decoded.position() + decoded.arrayOffset();
      int end = start + decoded.remaining();
      if (end > start && chars[start] == '\uFEFF') {
        start++;
      }
      if (end > start && chars[end - 1] == '\n') {
        end--;
        if (end > start && chars[end - 1] == '\r') {
          end--;
        }
      }
      if (end == start) {
        throw new IOException("7z password file " + file + " is empty; write the password into"
            + " it (one line)");
      }
      char[] password = Arrays.copyOfRange(chars, start, end);
      try {
        return SevenZPassword.of(password);
      } finally {
        Arrays.fill(password, '\0');
      }
    } finally {
      Arrays.fill(bytes, (byte) 0);
      if (chars != null) {
        Arrays.fill(chars, '\0');
      }
    }
  }
}
