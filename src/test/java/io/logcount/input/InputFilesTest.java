package io.logcount.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Collections;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link InputFiles}: what FileInputFormat listed, sidecars out, and no folder skipped silently. */
class InputFilesTest {

  @TempDir
  File dir;

  /** FileInputFormat's own listing of {@code dir}, as our formats get it. */
  private List<FileStatus> listed(boolean recursive) throws IOException {
    Job job = Job.getInstance(new Configuration(false));
    job.getConfiguration().set("fs.defaultFS", "file:///");
    FileInputFormat.addInputPath(job, new Path(dir.getAbsolutePath()));
    FileInputFormat.setInputDirRecursive(job, recursive);
    return new TextInputFormat() {
      List<FileStatus> list(JobContext context) throws IOException {
        return listStatus(context);
      }
    }.list(job);
  }

  private static final InputFiles.Rules IDX = new InputFiles.Rules() {
    @Override
    public boolean isSidecar(Path path) {
      return path.getName().endsWith(".idx");
    }

    @Override
    public List<FileStatus> group(List<FileStatus> files, Configuration conf) {
      return files;
    }
  };

  @Test
  void aSubfolderOfANonRecursiveListingIsRefusedNamingTheSetting() throws IOException {
    Files.write(new File(dir, "a.log").toPath(), "x\n".getBytes("UTF-8"));
    File sub = new File(dir, "2026-05");
    assertTrue(sub.mkdir());
    Files.write(new File(sub, "b.log").toPath(), "y\n".getBytes("UTF-8"));
    IOException e = assertThrows(IOException.class,
        () -> InputFiles.of(listed(false), new Configuration(false), Collections.singletonList(IDX)));
    assertTrue(e.getMessage().contains("2026-05 is a folder inside an input folder"), e.getMessage());
    assertTrue(e.getMessage().contains("set " + InputFiles.RECURSIVE + "=true"), e.getMessage());
    // Recursive, as logcount's jobs list: both files, the sidecar left out.
    Files.write(new File(dir, "a.log.idx").toPath(), new byte[] {1});
    List<FileStatus> files = InputFiles.of(listed(true), new Configuration(false), Collections.singletonList(IDX));
    assertEquals(2, files.size(), files.toString());
  }
}
