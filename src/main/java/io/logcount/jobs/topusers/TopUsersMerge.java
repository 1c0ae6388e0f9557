package io.logcount.jobs.topusers;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.util.LineReader;

/**
 * The last step of {@code top-users}, in the driver: the reducers' top N lists (N lines each)
 * merged into one ranked file. Exact: every user's whole total is in exactly one list, so the
 * job's top N is among the lists' entries.
 */
final class TopUsersMerge {

  private TopUsersMerge() {
  }

  /** One {@code UserID<TAB>events} line of a reducer's list. */
  static TopEntry entry(Text line, Path part) throws IOException {
    byte[] bytes = line.getBytes();
    int length = line.getLength();
    int tab = length - 1;
    while (tab >= 0 && bytes[tab] != '\t') {
      tab--;
    }
    long events = -1;
    if (tab >= 0 && tab < length - 1) {
      try {
        events = Long.parseLong(new String(bytes, tab + 1, length - tab - 1, StandardCharsets.US_ASCII));
      } catch (NumberFormatException e) {
        events = -1;
      }
    }
    if (events < 0) {
      throw new IOException(part + ": not a UserID<TAB>events line: '" + line
          + "'; the reducers' output was changed before the merge: run the job again");
    }
    return new TopEntry(Arrays.copyOf(bytes, tab), events);
  }

  /** Merges {@code output/part-r-*} into {@code result}, removes the parts; returns the lines written. */
  static long merge(Configuration conf, Path output, Path result) throws IOException {
    FileSystem fs = output.getFileSystem(conf);
    TopN top = new TopN(TopUsersReducer.getN(conf));
    FileStatus[] parts = fs.listStatus(output, p -> p.getName().startsWith("part-r-"));
    Text line = new Text();
    for (FileStatus part : parts) {
      // Raw bytes up to '\n' only, as TextOutputFormat wrote them: a user ID may hold a '\r'
      // (the mappers keep it), which BufferedReader.readLine would take for a line end.
      try (LineReader in = new LineReader(fs.open(part.getPath()), new byte[] {'\n'})) {
        while (in.readLine(line) > 0) {
          top.offer(entry(line, part.getPath()));
        }
      }
    }
    long written = 0;
    try (OutputStream out = fs.create(result, false)) {
      for (TopEntry e : top.ranked()) {
        out.write(e.user);
        out.write(('\t' + Long.toString(e.events) + '\n').getBytes(StandardCharsets.US_ASCII));
        written++;
      }
    }
    for (FileStatus part : parts) {
      fs.delete(part.getPath(), false);
    }
    return written;
  }
}
