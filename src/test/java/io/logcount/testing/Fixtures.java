package io.logcount.testing;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.commons.compress.archivers.sevenz.SevenZArchiveEntry;
import org.apache.commons.compress.archivers.sevenz.SevenZFile;
import org.apache.commons.compress.archivers.sevenz.SevenZMethod;
import org.apache.commons.compress.archivers.sevenz.SevenZOutputFile;

import io.logcount.sevenz.archive.SevenZArchive;
import io.logcount.sevenz.coders.SevenZLimits;
import io.logcount.sevenz.header.SevenZHeaders;
import io.logcount.sevenz.source.FileArchiveSource;

/** The 7z fixtures made by real 7-Zip (copied from shared/fixtures) and their expected figures. */
public final class Fixtures {

  /** Every plain single-file fixture a correct reader must count exactly (encrypted and multi-volume ones have their own tests). */
  public static final String[] VALID = {
      "solid-lzma2", "nonsolid", "small-blocks", "lzma2-dict-resets", "lzma1", "bzip2", "deflate",
      "store", "delta-filter", "messy", "many-small-files",
      // made by make-extra-fixtures.sh: other coders, filters, unpacked headers, UTF-8 names
      "deflate64", "filter-arm", "filter-arm64", "filter-armt", "filter-bcj", "filter-ia64",
      "filter-ppc", "filter-riscv", "filter-sparc", "plain-header", "plain-header-blocks",
      "unicode-names"};

  private Fixtures() {
  }

  /**
   * The fixtures directory: system property {@code fixtures.dir} (set by the pom) when it names a
   * directory, else the {@code fixtures} folder on the test classpath.
   */
  public static File dir() {
    String prop = System.getProperty("fixtures.dir");
    if (prop != null && new File(prop).isDirectory()) {
      return new File(prop);
    }
    URL url = Fixtures.class.getResource("/fixtures/README.md");
    if (url == null) {
      throw new IllegalStateException("no fixtures: set -Dfixtures.dir or put them on the"
          + " classpath");
    }
    try {
      return new File(url.toURI()).getParentFile();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Stored uncompressed (Copy), made at test time rather than kept in the repository (3.4 MB):
   * the entries of {@code solid-lzma2.7z}, hence the same figures ({@code store.json}).
   */
  private static final String STORE = "store.7z";

  /** A fixture archive by file name, e.g. {@code "messy.7z"}. */
  public static File file(String name) {
    if (name.equals(STORE)) {
      return store();
    }
    File f = new File(dir(), name);
    if (!f.isFile()) {
      throw new IllegalStateException("missing fixture " + f.getAbsolutePath());
    }
    return f;
  }

  /**
   * {@link #STORE}, written once per build under {@code target/generated-fixtures} with
   * commons-compress (one Copy folder per file, directories kept, in the source's order).
   * Written to a temporary name and renamed: test JVMs running at once never see half of it.
   */
  private static synchronized File store() {
    File dir = new File(System.getProperty("basedir", "."), "target/generated-fixtures");
    File out = new File(dir, STORE);
    if (out.isFile()) {
      return out;
    }
    try {
      Files.createDirectories(dir.toPath());
      File tmp = File.createTempFile(STORE, ".tmp", dir);
      try (SevenZFile in = SevenZFile.builder().setFile(file("solid-lzma2.7z")).get();
          SevenZOutputFile copy = new SevenZOutputFile(tmp)) {
        copy.setContentCompression(SevenZMethod.COPY);
        byte[] buffer = new byte[1 << 16];
        SevenZArchiveEntry entry;
        while ((entry = in.getNextEntry()) != null) {
          SevenZArchiveEntry written = new SevenZArchiveEntry();
          written.setName(entry.getName());
          written.setDirectory(entry.isDirectory());
          copy.putArchiveEntry(written);
          int n;
          while (!entry.isDirectory() && (n = in.read(buffer)) > 0) {
            copy.write(buffer, 0, n);
          }
          copy.closeArchiveEntry();
        }
      }
      Files.move(tmp.toPath(), out.toPath(), StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
      return out;
    } catch (IOException e) {
      throw new IllegalStateException("cannot make " + out, e);
    }
  }

  /** The header of a fixture archive by file name, e.g. {@code "messy.7z"}. */
  public static SevenZArchive read(String name) throws IOException {
    try (FileArchiveSource source = new FileArchiveSource(file(name))) {
      return SevenZHeaders.read(source, SevenZLimits.defaults());
    }
  }

  /**
   * The expected figures of {@code NAME.7z}, from {@code NAME.json} (computed by expected.py);
   * {@code name} is {@code NAME} or {@code NAME.7z}.
   */
  public static Figures expected(String name) throws IOException {
    String base = name.endsWith(".7z") ? name.substring(0, name.length() - 3) : name;
    String json = new String(Files.readAllBytes(file(base + ".json").toPath()), StandardCharsets.UTF_8);
    return new Figures(number(json, "distinct"), number(json, "records"), number(json, "malformed"),
        string(json, "md5"));
  }

  private static long number(String json, String field) {
    Matcher m = Pattern.compile("\"" + field + "\"\\s*:\\s*(\\d+)").matcher(json);
    if (!m.find()) {
      throw new IllegalStateException("no " + field + " in " + json);
    }
    return Long.parseLong(m.group(1));
  }

  private static String string(String json, String field) {
    Matcher m = Pattern.compile("\"" + field + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
    if (!m.find()) {
      throw new IllegalStateException("no " + field + " in " + json);
    }
    return m.group(1);
  }
}
