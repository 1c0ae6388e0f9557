package io.logcount.jobs.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Counters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.logcount.input.InputCounter;
import io.logcount.sevenz.SevenZCounter;

/**
 * {@link JobSummary}: its JSON is read back by an independent parser (Jackson, on the test
 * classpath through Hadoop), whatever the strings hold; the file is never overwritten.
 */
class JobSummaryTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  File tmp;

  private static JsonNode parse(JobSummary summary) throws IOException {
    String json = summary.toJson();
    assertFalse(json.contains("\n"), "one line: " + json);
    return JSON.readTree(json);
  }

  private static Configuration conf() {
    Configuration conf = new Configuration(false);
    conf.set("fs.defaultFS", "file:///");
    return conf;
  }

  @Test
  void jobComesFirstThenFiguresInInsertionOrder() throws IOException {
    JobSummary summary = new JobSummary("unique-users").put("b", 2).put("a", 1).put("b", 3);
    assertEquals("{\"job\":\"unique-users\",\"b\":3,\"a\":1}", summary.toJson());
    Iterator<String> names = parse(summary).fieldNames();
    assertEquals("job", names.next());
    assertEquals(3, summary.get("b"));
    assertNull(summary.get("missing"));
  }

  @Test
  void numbersBooleansAndNullAreBare() throws IOException {
    JobSummary summary = new JobSummary("j").put("long", Long.MAX_VALUE).put("int", -7).put("seconds", 12.5)
        .put("yes", true).put("no", false).put("nothing", null);
    assertEquals("{\"job\":\"j\",\"long\":9223372036854775807,\"int\":-7,\"seconds\":12.5,\"yes\":true,"
        + "\"no\":false,\"nothing\":null}", summary.toJson());
    JsonNode node = parse(summary);
    assertEquals(Long.MAX_VALUE, node.get("long").asLong());
    assertEquals(12.5, node.get("seconds").asDouble());
    assertTrue(node.get("yes").isBoolean() && node.get("yes").asBoolean());
    assertTrue(node.get("nothing").isNull());
  }

  @Test
  void stringsAreEscaped() throws IOException {
    String nasty = "say \"hi\" C:\\logs\\a.7z\nnext\tcol\r\u0000\u0001\u001f\u007f é ✓";
    JobSummary summary = new JobSummary("j").put("s", nasty).put("key \"quoted\"\\", "v");
    String json = summary.toJson();
    assertTrue(json.contains("say \\\"hi\\\" C:\\\\logs\\\\a.7z\\u000anext\\u0009col\\u000d\\u0000\\u0001\\u001f"),
        json);
    JsonNode node = parse(summary);
    assertEquals(nasty, node.get("s").asText());
    assertEquals("v", node.get("key \"quoted\"\\").asText());
  }

  @Test
  void listsAreArraysOfStrings() throws IOException {
    List<String> skipped = Arrays.asList("a.7z!folder 0\tCRC mismatch \"x\"", "b\\c.7z!folder 2\tcut\nshort");
    JobSummary summary = new JobSummary("j").put("skipped", skipped).put("none", Collections.emptyList())
        .put("mixed", Arrays.asList(1, null));
    JsonNode node = parse(summary);
    assertEquals(2, node.get("skipped").size());
    assertEquals(skipped.get(0), node.get("skipped").get(0).asText());
    assertEquals(skipped.get(1), node.get("skipped").get(1).asText());
    assertEquals(0, node.get("none").size());
    assertEquals("[\"1\",\"null\"]", node.get("mixed").toString(), "list items are written as strings");
  }

  @Test
  void otherObjectsAreTheirStrings() throws IOException {
    JobSummary summary = new JobSummary("j").put("path", new Path("/out/a \"b\""));
    assertEquals("/out/a \"b\"", parse(summary).get("path").asText());
  }

  @Test
  void inputFiguresComeFromTheCountersCorruptOnesOnlyWhenThereAreAny() throws IOException {
    Counters counters = new Counters();
    counters.findCounter(RecordCounter.RECORDS).increment(10);
    counters.findCounter(RecordCounter.MALFORMED).increment(2);
    counters.findCounter(RecordCounter.BLANK_LINES).increment(3);
    counters.findCounter(RecordCounter.LINES_TOO_LONG).increment(1);
    counters.findCounter(InputCounter.SPLITS).increment(4);
    counters.findCounter(SevenZCounter.FOLDERS).increment(5);
    counters.findCounter(SevenZCounter.ENTRIES).increment(6);
    counters.findCounter(InputCounter.FILES).increment(2);
    counters.findCounter(InputCounter.PACKED_BYTES).increment(700);
    counters.findCounter(InputCounter.UNCOMPRESSED_BYTES).increment(8000);
    JsonNode clean = parse(new JobSummary("j").putInputFigures(counters));
    assertEquals("{\"job\":\"j\",\"records\":10,\"malformed\":2,\"blank_lines\":3,\"lines_too_long\":1,"
        + "\"splits\":4,\"folders\":5,\"entries\":6,\"files\":2,\"input_bytes\":700,\"uncompressed_bytes\":8000}",
        clean.toString());

    counters.findCounter(InputCounter.CORRUPT_BLOCKS).increment(1);
    counters.findCounter(InputCounter.CORRUPT_PACKED_BYTES).increment(99);
    counters.findCounter(InputCounter.LINES_BEFORE_CORRUPTION).increment(12);
    JsonNode corrupt = parse(new JobSummary("j").putInputFigures(counters));
    assertEquals(1, corrupt.get("corrupt_blocks").asLong());
    assertEquals(99, corrupt.get("corrupt_packed_bytes").asLong());
    assertEquals(12, corrupt.get("lines_before_corruption").asLong());
  }

  @Test
  void skippedFoldersAreReadBackSortedAndLimited() throws IOException {
    File output = new File(tmp, "out");
    File skipped = new File(output, new Path(MalformedLines.SKIPPED_BASE_PATH).getParent().toString());
    assertTrue(skipped.mkdirs());
    Files.write(new File(skipped, "part-m-00001").toPath(),
        "z.7z!folder 1\tbad\na.7z!folder 0\tbad\n".getBytes(StandardCharsets.UTF_8));
    Files.write(new File(skipped, "part-m-00000").toPath(), "m.7z!folder 3\tbad\n".getBytes(StandardCharsets.UTF_8));
    Files.write(new File(skipped, ".part-m-00000.crc").toPath(), new byte[] {1, 2});
    Path out = new Path(output.getAbsolutePath());
    JsonNode all = parse(new JobSummary("j").putSkipped(out, conf(), 10));
    assertEquals("[\"a.7z!folder 0\\tbad\",\"m.7z!folder 3\\tbad\",\"z.7z!folder 1\\tbad\"]", all.get("skipped").toString());
    assertEquals(2, parse(new JobSummary("j").putSkipped(out, conf(), 2)).get("skipped").size());
  }

  @Test
  void noSkippedDirectoryAddsNothing() throws IOException {
    JobSummary summary = new JobSummary("j").putSkipped(new Path(tmp.getAbsolutePath()), conf(), 10);
    assertNull(summary.get("skipped"));
  }

  @Test
  void writeCreatesTheFileAndNeverOverwritesIt() throws IOException {
    Path output = new Path(tmp.getAbsolutePath());
    new JobSummary("first").put("n", 1).write(output, conf());
    File file = new File(tmp, JobSummary.FILE_NAME);
    assertEquals("{\"job\":\"first\",\"n\":1}\n", new String(Files.readAllBytes(file.toPath()), StandardCharsets.UTF_8));
    assertThrows(IOException.class, () -> new JobSummary("second").write(output, conf()));
    assertEquals("{\"job\":\"first\",\"n\":1}\n", new String(Files.readAllBytes(file.toPath()), StandardCharsets.UTF_8));
  }
}
