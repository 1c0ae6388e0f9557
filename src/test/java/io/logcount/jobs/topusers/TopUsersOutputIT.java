package io.logcount.jobs.topusers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.util.ToolRunner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.logcount.jobs.common.ExitCodes;
import io.logcount.jobs.common.JobSummary;
import io.logcount.testing.LocalRunner;
import io.logcount.testing.LocalRunnerExtension;

/**
 * {@code top-users}' OUTPUT as a downstream reader sees it: {@code _SUCCESS} only once the merged
 * file and the summary are there (the driver's last step changes OUTPUT after the job's commit),
 * and user IDs merged by their exact bytes, {@code \r} included.
 */
@ExtendWith(LocalRunnerExtension.class)
class TopUsersOutputIT {

  /** top-users, recording what OUTPUT held when the merge began, or failing in the merge. */
  static final class Probe extends TopUsersJob {
    Boolean markerBeforeMerge;
    boolean failMerge;

    @Override
    protected void finish(Job job, Path output, JobSummary summary) throws IOException {
      FileSystem fs = output.getFileSystem(job.getConfiguration());
      markerBeforeMerge = fs.exists(new Path(output, "_SUCCESS"));
      if (failMerge) {
        throw new IOException("the merge died");
      }
      super.finish(job, output, summary);
    }
  }

  @TempDir
  File dir;

  private File events(String... users) throws IOException {
    File in = new File(dir, "events.tsv");
    StringBuilder lines = new StringBuilder();
    int n = 0;
    for (String user : users) {
      lines.append("a").append(n++).append('\t').append(user).append("\ts1\thttp://x/\tua\t1767225600\n");
    }
    Files.write(in.toPath(), lines.toString().getBytes(StandardCharsets.ISO_8859_1));
    return in;
  }

  private static int run(Configuration conf, Probe probe, File in, File out) throws Exception {
    return ToolRunner.run(conf, probe, new String[] {in.getPath(), out.getPath()});
  }

  @Test
  void successMarkerIsWrittenOnlyOnceTheMergedAnswerAndSummaryAreThere() throws Exception {
    File in = events("u1", "u2", "u1");
    File out = new File(dir, "out");
    Probe probe = new Probe();
    assertEquals(ExitCodes.OK, run(LocalRunner.localConf(), probe, in, out));
    assertFalse(probe.markerBeforeMerge, "_SUCCESS was there before the merge changed OUTPUT");
    assertTrue(new File(out, "_SUCCESS").isFile());
    assertTrue(new File(out, "_summary.json").isFile());
    assertEquals("u1\t2\nu2\t1\n", new String(Files.readAllBytes(new File(out, TopUsersJob.RESULT_FILE).toPath()),
        StandardCharsets.ISO_8859_1));
  }

  @Test
  void noSuccessMarkerWhenTheUserTurnedItOff() throws Exception {
    Configuration conf = LocalRunner.localConf();
    conf.setBoolean("mapreduce.fileoutputcommitter.marksuccessfuljobs", false);
    File out = new File(dir, "out");
    assertEquals(ExitCodes.OK, run(conf, new Probe(), events("u1"), out));
    assertTrue(new File(out, TopUsersJob.RESULT_FILE).isFile());
    assertFalse(new File(out, "_SUCCESS").exists());
  }

  @Test
  void aMergeThatDiesLeavesNoSuccessMarker() {
    Probe probe = new Probe();
    probe.failMerge = true;
    File out = new File(dir, "out");
    IOException e = assertThrows(IOException.class, () -> run(LocalRunner.localConf(), probe, events("u1"), out));
    assertEquals("the merge died", e.getMessage());
    assertFalse(new File(out, "_SUCCESS").exists(), "a sensor would read a half-made OUTPUT");
  }

  @Test
  void userIdsHoldingCarriageReturnsAreMergedByTheirBytes() throws Exception {
    File in = events("u\r1", "u", "u\r1", "1", "u\r1", "u");
    File out = new File(dir, "out");
    Configuration conf = LocalRunner.localConf();
    conf.setInt("mapreduce.job.reduces", 2);
    assertEquals(ExitCodes.OK, run(conf, new Probe(), in, out));
    assertArrayEquals("u\r1\t3\nu\t2\n1\t1\n".getBytes(StandardCharsets.ISO_8859_1),
        Files.readAllBytes(new File(out, TopUsersJob.RESULT_FILE).toPath()));
  }
}
