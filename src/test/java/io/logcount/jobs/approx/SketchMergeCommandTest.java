package io.logcount.jobs.approx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.logcount.testing.LocalRunner;

/** {@code approx-unique-users --merge}: the form the flag picks, its checks and messages (no job runs). */
public class SketchMergeCommandTest {

  @TempDir
  File tmp;

  @BeforeAll
  public static void quiet() {
    LocalRunner.quietHadoop();
  }

  @Test
  public void usageOfTheJobPointsToTheMergeForm() {
    String usage = new ApproxUniqueUsersJob().usage();
    assertTrue(usage.contains("Also: logcount approx-unique-users [options] --merge DIR... OUTPUT"), usage);
    String merge = new SketchMergeCommand().usage();
    assertTrue(merge.startsWith("usage: logcount approx-unique-users [generic options] [--lg-k K]"
        + " [--sketches-out DIR] --merge DIR... OUTPUT"), merge);
    assertFalse(merge.contains("--schema"), merge); // reads no logs: no log options
  }

  @Test
  public void theFlagPicksTheMergeFormWithItsOwnOptions() throws Exception {
    LocalRunner.Run run = LocalRunner.run("approx-unique-users", "--lg-k", "99", "--merge", "a", "b");
    assertEquals(2, run.exit);
    assertTrue(run.err.contains("--lg-k must be 4 to 20, got 99"), run.err);
    assertTrue(run.err.contains("--merge DIR... OUTPUT"), run.err);
    LocalRunner.Run noOutput = LocalRunner.run("approx-unique-users", "--merge", "a");
    assertEquals(2, noOutput.exit);
    assertTrue(noOutput.err.contains("needs at least one DIR and an OUTPUT"), noOutput.err);
  }

  @Test
  public void missingOrCorruptSketchesFailNamingTheFileAndWriteNothing() throws Exception {
    File out = new File(tmp, "out");
    File missing = new File(tmp, "missing");
    LocalRunner.Run run = LocalRunner.run("approx-unique-users", "--merge", missing.getPath(), out.getPath());
    assertEquals(1, run.exit);
    assertTrue(run.err.contains(missing.getPath()), run.err);
    File bad = new File(tmp, "day.sketch");
    Files.write(bad.toPath(), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
    run = LocalRunner.run("approx-unique-users", "--merge", tmp.getPath(), out.getPath());
    assertEquals(1, run.exit);
    assertTrue(run.err.contains("day.sketch is not a CPC sketch (9 bytes)"), run.err);
    assertFalse(out.exists());
  }
}
