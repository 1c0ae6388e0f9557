package io.logcount.mapred;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapred.FileInputFormat;
import org.apache.hadoop.mapred.InputSplit;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapred.RecordReader;
import org.apache.hadoop.mapred.Reporter;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.logcount.input.LineOrigin;
import io.logcount.formats.LogInputFormat;
import io.logcount.testing.CommonsCompressReader;
import io.logcount.testing.Fixtures;

/**
 * The old-API form of the mixed format reads what the new one reads, over a directory of
 * plain text, gzip and 7z, at several split sizes: the records of all old-API splits are the
 * records of the new-API splits (same origins, same lines).
 */
class LogLinesInputFormatTest {

  @TempDir
  File tmp;

  private static JobConf conf(File dir, long maxSplitSize) {
    JobConf job = new JobConf(false);
    job.set("fs.defaultFS", "file:///");
    FileInputFormat.setInputPaths(job, new Path(dir.getAbsolutePath()));
    job.setBoolean("mapreduce.input.fileinputformat.input.dir.recursive", true);
    job.setLong("mapreduce.input.fileinputformat.split.maxsize", maxSplitSize);
    job.setLong("mapreduce.input.fileinputformat.split.minsize", 1);
    return job;
  }

  private File mixedDirectory() throws IOException {
    File dir = new File(tmp, "logs");
    assertTrue(dir.mkdirs());
    byte[] text = CommonsCompressReader.entries(Fixtures.file("messy.7z")).get(0);
    Files.write(new File(dir, "plain.tsv").toPath(), text);
    try (OutputStream gz = new GZIPOutputStream(new FileOutputStream(new File(dir, "day.log")))) {
      gz.write(text); // a .log that is gzip: told by its magic bytes
    }
    Files.copy(Fixtures.file("small-blocks.7z").toPath(), new File(dir, "a.7z").toPath());
    return dir;
  }

  private static List<String> newApi(JobConf conf) throws Exception {
    LogInputFormat format = new LogInputFormat();
    List<String> records = new ArrayList<>();
    for (org.apache.hadoop.mapreduce.InputSplit split : format.getSplits(Job.getInstance(conf))) {
      TaskAttemptContextImpl context = new TaskAttemptContextImpl(conf, new TaskAttemptID());
      try (org.apache.hadoop.mapreduce.RecordReader<LineOrigin, Text> reader = format.createRecordReader(split, context)) {
        reader.initialize(split, context);
        while (reader.nextKeyValue()) {
          records.add(reader.getCurrentKey() + "\t" + reader.getCurrentValue());
        }
      }
    }
    records.sort(null);
    return records;
  }

  private static List<String> oldApi(JobConf job) throws IOException {
    List<String> records = new ArrayList<>();
    LogLinesInputFormat format = new LogLinesInputFormat();
    for (InputSplit split : format.getSplits(job, 1)) {
      RecordReader<LineOrigin, Text> reader = format.getRecordReader(split, job, Reporter.NULL);
      try {
        LineOrigin key = reader.createKey();
        Text value = reader.createValue();
        while (reader.next(key, value)) {
          records.add(key + "\t" + value);
        }
        assertEquals(1f, reader.getProgress());
      } finally {
        reader.close();
      }
    }
    records.sort(null);
    return records;
  }

  @Test
  void everyFormatOfAMixedDirectoryReadsAsTheNewApiReadsIt() throws Exception {
    File dir = mixedDirectory();
    List<String> expected = newApi(conf(dir, Long.MAX_VALUE));
    assertTrue(expected.size() > 3 * 2000, "three files' lines: " + expected.size());
    assertTrue(expected.stream().anyMatch(r -> r.startsWith(new File(dir, "day.log").toURI().getPath())
        || r.contains("day.log")), "the gzip .log is read as lines");
    for (long size : new long[] {1, 64 << 10, 1 << 20}) {
      assertEquals(expected, oldApi(conf(dir, size)), "at split size " + size);
    }
  }
}
