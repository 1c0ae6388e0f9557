package io.logcount.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Hive DDL of docs/tools.md ("Hive through Spark SQL") runs on a real Hive-compatible engine:
 * Spark SQL with Hive support (Hive 2.3 metastore code over embedded Derby, Hive's
 * LazySimpleSerDe, Hive's table scan over an old-API input format), reading 7z fixtures through
 * the built job jar. It proves that an EXTERNAL TABLE {@code STORED AS INPUTFORMAT} one of our
 * old-API formats, over a folder of archives (one in a subfolder), gives:
 * <ul>
 * <li>one row per line of the archives: per archive, the fixture's events (its JSON), which a
 * table read as plain text (the control table here) does not give, so the input format was
 * used; and with splits cut at every 7z folder, more than one split per archive;
 * <li>the documented {@code COUNT(DISTINCT user_id)}: per archive the fixture's distinct users
 * (its JSON), over the table those of 7-Zip's own decoding of both archives;
 * <li>{@code SELECT site_id, COUNT(*) ... GROUP BY site_id}: exactly the per-site counts of the
 * lines that {@code 7zz x -so} decodes, counted in Java ({@link ReferenceCounts}).
 * </ul>
 * Both formats the doc names for Hive are tested, each as its own table over the same folder:
 * {@code SevenZLogInputFormat} (the DDL as written) and {@code LogLinesInputFormat} (every input
 * kind). Not proven: Hive's own engine (HiveServer2, Tez or MapReduce), which Spark replaces,
 * so {@code hive.input.format} has no effect here (Spark plans the splits with the table's
 * format itself; the doc says so).
 */
class SevenZHiveTableIT {

  /** The table the DDL of docs/tools.md makes, over {@code SevenZLogInputFormat}. */
  private static final String DOC_TABLE = "ad_events";
  /** The same DDL over {@code LogLinesInputFormat}, which reads 7z among every other input. */
  private static final String ANY_INPUT_TABLE = "ad_events_any_input";
  /** A control: the same folder as Hive's plain text table, which cannot read 7z. */
  private static final String TEXT_TABLE = "ad_events_as_text";

  private static final FixtureFigures SMALL_BLOCKS = FixtureFigures.of("small-blocks");
  private static final FixtureFigures NONSOLID = FixtureFigures.of("nonsolid");
  private static final List<FixtureFigures> ARCHIVES = List.of(SMALL_BLOCKS, NONSOLID);

  @TempDir
  static Path dir;

  private static SparkSession spark;
  /** Both archives' lines as 7zz decodes them, once (see {@link #decodedLines}). */
  private static List<String> decoded;

  @BeforeAll
  static void createTables() throws IOException {
    File logs = logsFolder();
    spark = LocalHiveSession.start(dir.resolve("hive").toFile());
    HiveScript.run(spark, HiveScript.documented(System.getProperty("logcount.jar"), DOC_TABLE,
        "io.logcount.mapred.SevenZLogInputFormat", logs));
    HiveScript.run(spark, HiveScript.documented(System.getProperty("logcount.jar"), ANY_INPUT_TABLE,
        "io.logcount.mapred.LogLinesInputFormat", logs));
    HiveScript.run(spark, HiveScript.plainText(TEXT_TABLE, logs));
    // Not in the doc: splits no larger than one 7z folder, so every archive is read as several
    // splits, each a task of its own, as on a cluster with large archives.
    spark.sql("SET mapreduce.input.fileinputformat.split.maxsize=1");
    spark.sql("SET mapreduce.input.fileinputformat.split.minsize=1");
  }

  @AfterAll
  static void stopSpark() {
    if (spark != null) {
      spark.stop();
    }
  }

  /**
   * The LOCATION: small-blocks.7z at the top, nonsolid.7z one folder down, which only the
   * documented {@code input.dir.recursive=true} lets the table see.
   */
  private static File logsFolder() throws IOException {
    Path logs = dir.resolve("logs");
    Path day = Files.createDirectories(logs.resolve("2026-01-02"));
    Files.copy(SMALL_BLOCKS.archive().toPath(), logs.resolve(SMALL_BLOCKS.archive().getName()));
    Files.copy(NONSOLID.archive().toPath(), day.resolve(NONSOLID.archive().getName()));
    return logs.toFile();
  }

  /** Query rows as archive file name to the long in column 1 (column 0 is input_file_name()). */
  private static Map<String, Long> perArchive(String sql) {
    Map<String, Long> figures = new HashMap<>();
    for (Row row : spark.sql(sql).collectAsList()) {
      String file = row.getString(0);
      figures.put(file.substring(file.lastIndexOf('/') + 1), row.getLong(1));
    }
    return figures;
  }

  private static String validUsers() {
    return "user_id IS NOT NULL AND user_id <> ''";
  }

  @ParameterizedTest
  @ValueSource(strings = {DOC_TABLE, ANY_INPUT_TABLE})
  void everyEventOfEachArchiveIsARow(String table) throws IOException {
    // input_file_name() is the path of the split Hive's scan was handed: our MapredSplit is a
    // FileSplit of its archive, so rows can be told apart by archive.
    Map<String, Long> rows = perArchive("SELECT input_file_name(), COUNT(*) FROM " + table
        + " GROUP BY input_file_name()");
    Map<String, Long> events = perArchive("SELECT input_file_name(), COUNT(*) FROM " + table
        + " WHERE " + validUsers() + " GROUP BY input_file_name()");
    for (FixtureFigures archive : ARCHIVES) {
      String file = archive.archive().getName();
      // The fixtures have no malformed line: every row is an event, every event a row.
      assertEquals(archive.records(), rows.get(file), table + ": rows of " + file + " in " + rows);
      assertEquals(archive.records(), events.get(file), table + ": events of " + file + " in " + events);
    }
    assertEquals(ARCHIVES.size(), rows.size(), table + ": archives read " + rows.keySet());
  }

  @ParameterizedTest
  @ValueSource(strings = {DOC_TABLE, ANY_INPUT_TABLE})
  void eachArchiveIsReadAsSeveralSplits(String table) {
    int partitions = spark.table(table).rdd().getNumPartitions();
    assertTrue(partitions > ARCHIVES.size(), table + ": one split per 7z folder, got " + partitions + " partitions");
  }

  @ParameterizedTest
  @ValueSource(strings = {DOC_TABLE, ANY_INPUT_TABLE})
  void distinctUsersOfEachArchiveAreTheFixturesFigures(String table) throws IOException {
    Map<String, Long> distinct = perArchive("SELECT input_file_name(), COUNT(DISTINCT user_id) FROM " + table
        + " WHERE " + validUsers() + " GROUP BY input_file_name()");
    for (FixtureFigures archive : ARCHIVES) {
      String file = archive.archive().getName();
      assertEquals(archive.distinctUsers(), distinct.get(file), table + ": distinct users of " + file);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {DOC_TABLE, ANY_INPUT_TABLE})
  void documentedQueryCountsTheDistinctUsersSevenZipDecodes(String table) throws Exception {
    List<String> lines = decodedLines();
    // docs/tools.md's query, word for word but the table name.
    long distinct = spark.sql("SELECT COUNT(DISTINCT user_id) FROM " + table + " WHERE " + validUsers())
        .first().getLong(0);
    assertEquals(ReferenceCounts.distinctUsers(lines), distinct, table + ": distinct users of both archives");
  }

  @ParameterizedTest
  @ValueSource(strings = {DOC_TABLE, ANY_INPUT_TABLE})
  void rowsPerSiteAreThoseOfTheLinesSevenZipDecodes(String table) throws Exception {
    Map<String, Long> expected = ReferenceCounts.rowsPerSite(decodedLines());
    Map<String, Long> actual = new HashMap<>();
    for (Row row : spark.sql("SELECT site_id, COUNT(*) FROM " + table + " GROUP BY site_id").collectAsList()) {
      actual.put(row.isNullAt(0) ? null : row.getString(0), row.getLong(1));
    }
    assertEquals(expected.size(), actual.size(), table + ": number of sites");
    assertEquals(expected, actual, table + ": rows per site");
  }

  @Test
  void plainTextTableDoesNotGiveTheEvents() throws IOException {
    // The control that makes the row counts above mean "our format was used": Hive's default
    // TextInputFormat over the same archives cuts their compressed bytes at newline bytes.
    Map<String, Long> rows = perArchive("SELECT input_file_name(), COUNT(*) FROM " + TEXT_TABLE
        + " GROUP BY input_file_name()");
    for (FixtureFigures archive : ARCHIVES) {
      String file = archive.archive().getName();
      assertNotEquals(archive.records(), rows.get(file), "plain text rows of " + file + " in " + rows);
    }
  }

  /**
   * The lines of both archives as real 7-Zip decodes them; checked against the fixtures' own
   * event counts first, so a wrong reference cannot pass for a right one.
   */
  private static List<String> decodedLines() throws Exception {
    Assumptions.assumeTrue(SevenZipCli.available(), "7zz (Debian package 7zip) is not installed: no reference decoding");
    if (decoded != null) {
      return decoded;
    }
    List<String> lines = new ArrayList<>();
    for (FixtureFigures archive : ARCHIVES) {
      List<String> ofArchive = SevenZipCli.lines(archive.archive());
      assertEquals(archive.records(), ReferenceCounts.validEvents(ofArchive), "events 7zz decodes from " + archive.name());
      lines.addAll(ofArchive);
    }
    decoded = lines;
    return lines;
  }
}
