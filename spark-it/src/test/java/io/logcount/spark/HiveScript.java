package io.logcount.spark;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

import org.apache.spark.sql.SparkSession;

/**
 * The Hive statements of docs/tools.md ("Hive through Spark SQL"), kept as the doc writes them
 * so that the IT runs what a reader copies; only the jar, the table name, the input format and
 * the LOCATION are filled in. Spark SQL takes the statements unchanged (it runs one at a time,
 * hence {@link #run}).
 */
final class HiveScript {

  /** docs/tools.md's script; JAR, TABLE, FORMAT and LOCATION are the parts a user fills in. */
  private static final String DOCUMENTED = """
      ADD JAR ${JAR};
      -- Our splits are 7z folders: Hive must not re-cut the input by byte ranges.
      SET hive.input.format=org.apache.hadoop.hive.ql.io.HiveInputFormat;
      SET mapreduce.input.fileinputformat.input.dir.recursive=true;

      CREATE EXTERNAL TABLE ${TABLE} (
        auction_id STRING,
        user_id    STRING,
        site_id    STRING,
        url        STRING,
        user_agent STRING,
        ts         STRING)
      ROW FORMAT DELIMITED FIELDS TERMINATED BY '\\t'
      STORED AS
        INPUTFORMAT '${FORMAT}'
        OUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'
      LOCATION '${LOCATION}';
      """;

  /** The same columns as Hive's plain text table: what a table without our format reads. */
  private static final String PLAIN_TEXT = """
      CREATE EXTERNAL TABLE ${TABLE} (
        auction_id STRING,
        user_id    STRING,
        site_id    STRING,
        url        STRING,
        user_agent STRING,
        ts         STRING)
      ROW FORMAT DELIMITED FIELDS TERMINATED BY '\\t'
      STORED AS TEXTFILE
      LOCATION '${LOCATION}';
      """;

  private HiveScript() {
  }

  /** The documented script for {@code table} over {@code location}, read by {@code format}. */
  static String documented(String jar, String table, String format, File location) {
    return DOCUMENTED.replace("${JAR}", jar).replace("${TABLE}", table).replace("${FORMAT}", format)
        .replace("${LOCATION}", location.toURI().toString());
  }

  /** A plain text table (Hive's TextInputFormat) over {@code location}. */
  static String plainText(String table, File location) {
    return PLAIN_TEXT.replace("${TABLE}", table).replace("${LOCATION}", location.toURI().toString());
  }

  /** Runs the statements of {@code script} (each ends with {@code ;} at a line's end) in order. */
  static void run(SparkSession spark, String script) {
    for (String statement : statements(script)) {
      spark.sql(statement);
    }
  }

  static List<String> statements(String script) {
    List<String> statements = new ArrayList<>();
    StringBuilder statement = new StringBuilder();
    for (String line : script.split("\n")) {
      if (line.trim().startsWith("--")) {
        continue; // a comment line: not sent, so no statement is only a comment
      }
      statement.append(line).append('\n');
      if (line.trim().endsWith(";")) {
        String text = statement.toString().trim();
        statements.add(text.substring(0, text.length() - 1));
        statement.setLength(0);
      }
    }
    if (!statement.toString().trim().isEmpty()) {
      throw new IllegalArgumentException("statement without a closing ';': " + statement);
    }
    return statements;
  }
}
