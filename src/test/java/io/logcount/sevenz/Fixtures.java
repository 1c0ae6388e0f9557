package io.logcount.sevenz;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Test fixtures: real 7-Zip archives under {@code fixtures.dir} (or the classpath). */
final class Fixtures {
  private Fixtures() {
  }

  static File dir() {
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

  static File file(String name) {
    File f = new File(dir(), name);
    if (!f.isFile()) {
      throw new IllegalStateException("missing fixture " + f);
    }
    return f;
  }

  static SevenZArchive read(String name) throws IOException {
    try (FileArchiveSource source = new FileArchiveSource(file(name))) {
      return SevenZArchive.read(source, SevenZLimits.defaults());
    }
  }

  /** The figures that {@code expected.py} computed for {@code NAME.7z}, from {@code NAME.json}. */
  static LogFigures expected(String archive) throws IOException {
    String json = new String(Files.readAllBytes(file(archive.replaceAll("\\.7z$", ".json"))
        .toPath()), StandardCharsets.UTF_8);
    return new LogFigures(number(json, "distinct"), number(json, "records"),
        number(json, "malformed"), string(json, "md5"));
  }

  private static long number(String json, String key) {
    Matcher m = Pattern.compile("\"" + key + "\"\\s*:\\s*(\\d+)").matcher(json);
    if (!m.find()) {
      throw new IllegalStateException("no " + key + " in " + json);
    }
    return Long.parseLong(m.group(1));
  }

  private static String string(String json, String key) {
    Matcher m = Pattern.compile("\"" + key + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
    if (!m.find()) {
      throw new IllegalStateException("no " + key + " in " + json);
    }
    return m.group(1);
  }
}
