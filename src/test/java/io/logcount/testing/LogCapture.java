package io.logcount.testing;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import org.apache.log4j.Level;
import org.apache.log4j.Logger;
import org.apache.log4j.PatternLayout;
import org.apache.log4j.WriterAppender;

/**
 * What one class logs while a test runs (through reload4j, Hadoop's logging back end on the
 * test classpath), one {@code LEVEL message} line per event. Closing it detaches the appender
 * and restores the logger's level.
 */
public final class LogCapture implements AutoCloseable {

  private final Logger logger;
  private final Level level;
  private final StringWriter text = new StringWriter();
  private final WriterAppender appender;

  private LogCapture(Class<?> source) {
    logger = Logger.getLogger(source);
    level = logger.getLevel();
    appender = new WriterAppender(new PatternLayout("%p %m%n"), text);
    logger.setLevel(Level.DEBUG);
    logger.addAppender(appender);
  }

  /** Starts capturing what {@code source}'s logger writes. */
  public static LogCapture of(Class<?> source) {
    return new LogCapture(source);
  }

  /** Everything captured so far. */
  public String text() {
    return text.toString();
  }

  /** The WARN lines captured so far, without their level. */
  public List<String> warnings() {
    List<String> out = new ArrayList<>();
    for (String line : text().split("\n")) {
      if (line.startsWith("WARN ")) {
        out.add(line.substring("WARN ".length()));
      }
    }
    return out;
  }

  @Override
  public void close() {
    logger.removeAppender(appender);
    logger.setLevel(level);
  }
}
