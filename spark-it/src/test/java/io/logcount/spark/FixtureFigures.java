package io.logcount.spark;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fixture archive of {@code src/test/resources/fixtures} and the figures its {@code NAME.json}
 * holds, which {@code expected.py} computed from the text before archiving (fixtures README):
 * what a correct unique-users run over the archive must report.
 */
final class FixtureFigures {

  private final String name;

  private FixtureFigures(String name) {
    this.name = name;
  }

  /** The fixture {@code NAME.7z} with its {@code NAME.json}. */
  static FixtureFigures of(String name) {
    return new FixtureFigures(name);
  }

  /** A file of the fixtures folder (pom.xml passes its path as {@code fixtures.dir}). */
  static File file(String fileName) {
    File file = new File(System.getProperty("fixtures.dir", "../src/test/resources/fixtures"), fileName);
    assertTrue(file.isFile(), "missing fixture " + file);
    return file;
  }

  String name() {
    return name;
  }

  File archive() {
    return file(name + ".7z");
  }

  /** Valid events: lines whose second field (UserID) is present and non-empty. */
  long records() throws IOException {
    return figure("records");
  }

  /** Distinct UserIDs among the valid events. */
  long distinctUsers() throws IOException {
    return figure("distinct");
  }

  private long figure(String field) throws IOException {
    File json = file(name + ".json");
    String text = new String(Files.readAllBytes(json.toPath()), StandardCharsets.UTF_8);
    Matcher m = Pattern.compile("\"" + field + "\"\\s*:\\s*(\\d+)").matcher(text);
    assertTrue(m.find(), field + " in " + json + ": " + text);
    return Long.parseLong(m.group(1));
  }
}
