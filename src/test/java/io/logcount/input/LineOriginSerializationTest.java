package io.logcount.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;

import org.junit.jupiter.api.Test;

/** {@link LineOrigin} survives Java serialization (Spark, PySpark) as it survives its Writable form. */
class LineOriginSerializationTest {

  private static LineOrigin roundTrip(LineOrigin origin) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(origin);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (LineOrigin) in.readObject();
    }
  }

  @Test
  void lineOriginKeepsSourceOffsetAndFlags() throws Exception {
    LineOrigin origin = new LineOrigin();
    origin.setSource("hdfs://nn/logs/a.7z", "day1/ü.tsv");
    origin.setLine(12345, true);
    LineOrigin copy = roundTrip(origin);
    assertEquals("hdfs://nn/logs/a.7z!day1/ü.tsv@12345", copy.toString());
    assertTrue(copy.truncated());
  }

  @Test
  void corruptFolderReportKeepsItsKind() throws Exception {
    LineOrigin origin = new LineOrigin();
    origin.setCorruptFolder("a.7z", 3);
    LineOrigin copy = roundTrip(origin);
    assertTrue(copy.corruptFolder());
    assertEquals("a.7z!folder 3", copy.toString());
  }
}
