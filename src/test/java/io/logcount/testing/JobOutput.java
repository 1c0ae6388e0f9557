package io.logcount.testing;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

import io.logcount.jobs.common.JobSummary;

/**
 * A finished unique-users output directory, on any Hadoop file system (local or HDFS), read
 * back: as {@link Figures}, as its files' bytes, and its {@code _summary.json} figures.
 */
public final class JobOutput {

  private JobOutput() {
  }

  /** Users from {@code part-r-*} ({@code user<TAB>events}), malformed lines from {@code malformed/}. */
  public static Figures figures(FileSystem fs, Path output) throws IOException {
    List<byte[]> lines = new ArrayList<>();
    long records = 0;
    for (Path part : partFiles(fs, output, "part-r-")) {
      for (byte[] line : Lines.split(read(fs, part))) {
        lines.add(Lines.concat(line, new byte[] {'\n'}));
        String s = new String(line, StandardCharsets.ISO_8859_1);
        records += Long.parseLong(s.substring(s.lastIndexOf('\t') + 1));
      }
    }
    long malformed = 0;
    Path malformedDir = new Path(output, "malformed");
    if (fs.exists(malformedDir)) {
      for (Path part : partFiles(fs, malformedDir, "part-m-")) {
        malformed += Lines.split(read(fs, part)).size();
      }
    }
    return new Figures(lines.size(), records, malformed, Figures.md5OfSorted(lines));
  }

  /** The files of {@code dir} whose names start with {@code prefix}, sorted by name. */
  public static List<Path> partFiles(FileSystem fs, Path dir, String prefix) throws IOException {
    List<Path> parts = new ArrayList<>();
    for (FileStatus status : fs.listStatus(dir, p -> p.getName().startsWith(prefix))) {
      parts.add(status.getPath());
    }
    parts.sort(null);
    return parts;
  }

  /** {@link #partFiles(FileSystem, Path, String)} of a local directory, as files; none if it is missing. */
  public static List<File> partFiles(File dir, String prefix) throws IOException {
    List<File> parts = new ArrayList<>();
    if (!dir.isDirectory()) {
      return parts;
    }
    for (Path p : partFiles(FileSystem.getLocal(new Configuration()), new Path(dir.getAbsoluteFile().toURI()), prefix)) {
      parts.add(new File(p.toUri()));
    }
    return parts;
  }

  /** The lines of every {@link #partFiles(File, String)} of {@code dir}, in ISO-8859-1 (bytes kept), sorted. */
  public static List<String> sortedLines(File dir, String prefix) throws IOException {
    List<String> out = new ArrayList<>();
    for (File part : partFiles(dir, prefix)) {
      String text = new String(Files.readAllBytes(part.toPath()), StandardCharsets.ISO_8859_1);
      if (!text.isEmpty()) {
        out.addAll(Arrays.asList(text.split("\n")));
      }
    }
    out.sort(null);
    return out;
  }

  /**
   * Every data file under {@code output} (recursively; names starting with '_' or '.', such as
   * {@code _SUCCESS} and {@code _summary.json}, left out), by path relative to {@code output}.
   */
  public static Map<String, byte[]> dataFiles(FileSystem fs, Path output) throws IOException {
    Path root = fs.makeQualified(output);
    Map<String, byte[]> files = new TreeMap<>();
    RemoteIterator<LocatedFileStatus> it = fs.listFiles(root, true);
    while (it.hasNext()) {
      Path file = it.next().getPath();
      String name = file.getName();
      if (!name.startsWith("_") && !name.startsWith(".")) {
        files.put(root.toUri().relativize(file.toUri()).getPath(), read(fs, file));
      }
    }
    return files;
  }

  /** A number from {@code OUTPUT/_summary.json}. */
  public static long summaryField(FileSystem fs, Path output, String field) throws IOException {
    String json = new String(read(fs, new Path(output, JobSummary.FILE_NAME)), StandardCharsets.UTF_8);
    Matcher m = Pattern.compile("\"" + field + "\":(\\d+)").matcher(json);
    if (!m.find()) {
      throw new AssertionError("no " + field + " in " + json);
    }
    return Long.parseLong(m.group(1));
  }

  /** The whole content of a file. */
  public static byte[] read(FileSystem fs, Path file) throws IOException {
    try (InputStream in = fs.open(file)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[64 * 1024];
      int n;
      while ((n = in.read(buf)) > 0) {
        out.write(buf, 0, n);
      }
      return out.toByteArray();
    }
  }
}
