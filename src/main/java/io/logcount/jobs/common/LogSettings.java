package io.logcount.jobs.common;

import org.apache.hadoop.conf.Configuration;

import io.logcount.log.LogSchema;
import io.logcount.log.TimeWindow;

/**
 * What the logs look like and which of their lines a job counts: the settings every log job
 * reads (through {@link LogRecord}), each a {@code logcount.} key with its default and a typed
 * getter that validates it. The command-line options of {@link LogJobDriver} set them.
 */
public final class LogSettings {

  /** Comma-separated column names of the logs, in order. Default {@value #DEFAULT_SCHEMA}. */
  public static final String SCHEMA = "logcount.schema";
  /** Default of {@link #SCHEMA}: the ad-server events. */
  public static final String DEFAULT_SCHEMA = LogSchema.DEFAULT_COLUMNS;

  /**
   * The byte between fields: one character, or {@code tab}, {@code comma}, {@code pipe},
   * {@code space}, {@code semicolon}, {@code \t}, {@code \xHH}. Default {@value #DEFAULT_DELIMITER}.
   */
  public static final String DELIMITER = "logcount.delimiter";
  /** Default of {@link #DELIMITER}. */
  public static final String DEFAULT_DELIMITER = "tab";

  /** The column holding the user ID: a name of the schema or a 0-based index. Default {@value #DEFAULT_USER_COLUMN}. */
  public static final String USER_COLUMN = "logcount.user-column";
  /** Default of {@link #USER_COLUMN}. */
  public static final String DEFAULT_USER_COLUMN = "UserID";

  /** The column holding the event time: a name or a 0-based index. Default {@value #DEFAULT_TIME_COLUMN}. */
  public static final String TIME_COLUMN = "logcount.time-column";
  /** Default of {@link #TIME_COLUMN}. */
  public static final String DEFAULT_TIME_COLUMN = "Timestamp";

  /**
   * If true, the first line of every file (or archive entry) is a header: counted as
   * {@link RecordCounter#HEADER_LINES}, never a record. Default false.
   */
  public static final String SKIP_HEADER = "logcount.skip-header";
  /** Default of {@link #SKIP_HEADER}. */
  public static final boolean DEFAULT_SKIP_HEADER = false;

  /**
   * Keep only events at or after this instant: an ISO date ({@code 2026-01-05}, midnight UTC)
   * or instant ({@code 2026-01-05T12:00:00Z}, no zone means UTC). Default: no lower bound.
   */
  public static final String FROM = "logcount.from";
  /** Keep only events before this instant (the window is half-open); same forms as {@link #FROM}. Default: none. */
  public static final String TO = "logcount.to";

  private LogSettings() {
  }

  /** The schema from {@link #SCHEMA} and {@link #DELIMITER}, validated. */
  public static LogSchema schema(Configuration conf) {
    byte delimiter;
    try {
      delimiter = LogSchema.parseDelimiter(conf.getTrimmed(DELIMITER, DEFAULT_DELIMITER));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(DELIMITER + ": " + e.getMessage(), e);
    }
    try {
      return LogSchema.parse(conf.getTrimmed(SCHEMA, DEFAULT_SCHEMA), delimiter);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(SCHEMA + ": " + e.getMessage(), e);
    }
  }

  /** Resolves a column setting (name or index) against the schema; the message names the key. */
  public static int column(Configuration conf, String key, String defaultValue) {
    String value = conf.getTrimmed(key, defaultValue);
    try {
      return schema(conf).resolve(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
    }
  }

  /** {@link #USER_COLUMN} as a 0-based index. */
  public static int userColumn(Configuration conf) {
    return column(conf, USER_COLUMN, DEFAULT_USER_COLUMN);
  }

  /** {@link #TIME_COLUMN} as a 0-based index. */
  public static int timeColumn(Configuration conf) {
    return column(conf, TIME_COLUMN, DEFAULT_TIME_COLUMN);
  }

  /** {@link #SKIP_HEADER}. */
  public static boolean skipHeader(Configuration conf) {
    return conf.getBoolean(SKIP_HEADER, DEFAULT_SKIP_HEADER);
  }

  /** The window of {@link #FROM} and {@link #TO}; {@link TimeWindow#ALL} when neither is set. */
  public static TimeWindow window(Configuration conf) {
    String from = conf.getTrimmed(FROM);
    String to = conf.getTrimmed(TO);
    try {
      return TimeWindow.parse(from, to);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(FROM + "/" + TO + ": " + e.getMessage(), e);
    }
  }

  /** Sets {@link #USER_COLUMN} (a name or an index). */
  public static void setUserColumn(Configuration conf, String column) {
    conf.set(USER_COLUMN, column);
  }

  /** Checks every setting here, so that a bad one fails the client, not the tasks. */
  public static void validate(Configuration conf) {
    schema(conf);
    userColumn(conf);
    timeColumn(conf);
    window(conf);
  }
}
