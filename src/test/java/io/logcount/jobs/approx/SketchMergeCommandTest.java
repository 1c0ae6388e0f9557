package io.logcount.jobs.approx;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.nio.file.Files;

import org.junit.BeforeClass;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

import io.logcount.testing.LocalRunner;

/** {@code approx-unique-users --merge}: the form the flag picks, its checks and messages (no job runs). */
public class SketchMergeCommandTest {

  @Rule
  public TemporaryFolder tmp = new TemporaryFolder();

  @BeforeClass
  public static void quiet() {
    LocalRunner.quietHadoop();
  }

  @Test
  public void usageOfTheJobPointsToTheMergeForm() {
    String usage = new ApproxUniqueUsersJob().usage();
    assertTrue(usage, usage.contains("Also: logcount approx-unique-users [options] --merge DIR... OUTPUT"));
    String merge = new SketchMergeCommand().usage();
    assertTrue(merge, merge.startsWith("usage: logcount approx-unique-users [generic options] [--lg-k K]"
        + " [--sketches-out DIR] --merge DIR... OUTPUT"));
    assertFalse(merge, merge.contains("--schema")); // reads no logs: no log options
  }

  @Test
  public void theFlagPicksTheMergeFormWithItsOwnOptions() throws Exception {
    LocalRunner.Run run = LocalRunner.run("approx-unique-users", "--lg-k", "99", "--merge", "a", "b");
    assertEquals(2, run.exit);
    assertTrue(run.err, run.err.contains("--lg-k must be 4 to 20, got 99"));
    assertTrue(run.err, run.err.contains("--merge DIR... OUTPUT"));
    LocalRunner.Run noOutput = LocalRunner.run("approx-unique-users", "--merge", "a");
    assertEquals(2, noOutput.exit);
    assertTrue(noOutput.err, noOutput.err.contains("needs at least one DIR and an OUTPUT"));
  }

  @Test
  public void missingOrCorruptSketchesFailNamingTheFileAndWriteNothing() throws Exception {
    File out = new File(tmp.getRoot(), "out");
    File missing = new File(tmp.getRoot(), "missing");
    LocalRunner.Run run = LocalRunner.run("approx-unique-users", "--merge", missing.getPath(), out.getPath());
    assertEquals(1, run.exit);
    assertTrue(run.err, run.err.contains(missing.getPath()));
    File bad = tmp.newFile("day.sketch");
    Files.write(bad.toPath(), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9});
    run = LocalRunner.run("approx-unique-users", "--merge", tmp.getRoot().getPath(), out.getPath());
    assertEquals(1, run.exit);
    assertTrue(run.err, run.err.contains("day.sketch is not a CPC sketch (9 bytes)"));
    assertFalse(out.exists());
  }
}
