package io.logcount.jobs.topusers;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The last step of {@code top-users}, in the driver: the reducers' top N lists (N lines each)
 * merged into one ranked file. Exact: every user's whole total is in exactly one list, so the
 * job's top N is among the lists' entries.
 */
final class TopUsersMerge {

  private TopUsersMerge() {
  }

  /** Merges {@code output/part-r-*} into {@code result}, removes the parts; returns the lines written. */
  static long merge(Configuration conf, Path output, Path result) throws IOException {
    FileSystem fs = output.getFileSystem(conf);
    TopN top = new TopN(TopUsersReducer.getN(conf));
    FileStatus[] parts = fs.listStatus(output, p -> p.getName().startsWith("part-r-"));
    for (FileStatus part : parts) {
      // ISO-8859-1 maps each byte to one char and back: user IDs keep their exact bytes.
      try (BufferedReader in = new BufferedReader(new InputStreamReader(fs.open(part.getPath()),
          StandardCharsets.ISO_8859_1))) {
        String line;
        while ((line = in.readLine()) != null) {
          int tab = line.lastIndexOf('\t');
          byte[] user = line.substring(0, tab).getBytes(StandardCharsets.ISO_8859_1);
          top.offer(new TopEntry(user, Long.parseLong(line.substring(tab + 1))));
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
