package io.logcount.testing;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.logcount.sevenz.FileArchiveSource;
import io.logcount.sevenz.SevenZArchive;
import io.logcount.sevenz.SevenZLimits;

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

  /** A fixture archive by file name, e.g. {@code "messy.7z"}. */
  public static File file(String name) {
    File f = new File(dir(), name);
    if (!f.isFile()) {
      throw new IllegalStateException("missing fixture " + f.getAbsolutePath());
    }
    return f;
  }

  /** The header of a fixture archive by file name, e.g. {@code "messy.7z"}. */
  public static SevenZArchive read(String name) throws IOException {
    try (FileArchiveSource source = new FileArchiveSource(file(name))) {
      return SevenZArchive.read(source, SevenZLimits.defaults());
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
