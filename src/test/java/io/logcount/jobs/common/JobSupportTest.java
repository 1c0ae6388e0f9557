package io.logcount.jobs.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Collections;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.Mapper;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputCommitter;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.logcount.sevenz.SevenZPasswords;

/**
 * {@link JobSupport}: the input and output checks, and what a failed run leaves behind (nothing),
 * with real jobs on the local runner where the framework is needed.
 */
class JobSupportTest {

  @TempDir
  File tmp;

  private static Configuration conf() {
    Configuration conf = new Configuration(false);
    conf.set("fs.defaultFS", "file:///");
    return conf;
  }

  /** The local runner with its scratch space in this test's folder. */
  private Configuration localRunner() {
    Configuration conf = new Configuration();
    conf.set("mapreduce.framework.name", "local");
    conf.set("fs.defaultFS", "file:///");
    conf.set("hadoop.tmp.dir", new File(tmp, "hadoop-tmp").getAbsolutePath());
    conf.set("mapreduce.jobtracker.staging.root.dir", new File(tmp, "staging").getAbsolutePath());
    conf.setInt("mapreduce.task.io.sort.mb", 16);
    return conf;
  }

  private File file(String name, String text) throws IOException {
    File f = new File(tmp, name);
    f.getParentFile().mkdirs();
    Files.write(f.toPath(), text.getBytes(StandardCharsets.UTF_8));
    return f;
  }

  private static Path path(File f) {
    return new Path(f.getAbsolutePath());
  }

  /** What {@code action} printed on stderr. */
  private static String stderrOf(IoAction action) throws Exception {
    PrintStream old = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    try {
      System.setErr(new PrintStream(err, true, "UTF-8"));
      action.run();
    } finally {
      System.setErr(old);
    }
    return new String(err.toByteArray(), StandardCharsets.UTF_8);
  }

  private interface IoAction {
    void run() throws Exception;
  }

  @Test
  void absentOutputPasses() throws IOException {
    assertNull(JobSupport.checkOutputAbsent(path(new File(tmp, "out")), conf()));
  }

  @Test
  void existingOutputIsRefusedWithTheFix() throws IOException {
    File out = new File(tmp, "out");
    assertTrue(out.mkdir());
    String problem = JobSupport.checkOutputAbsent(path(out), conf());
    assertEquals("output file:" + out.getAbsolutePath() + " already exists; logcount never overwrites an output:"
        + " remove it or choose another path", problem);
    file("a-file", "x");
    assertTrue(JobSupport.checkOutputAbsent(path(new File(tmp, "a-file")), conf()).contains("already exists"),
        "a file is an existing output too");
  }

  @Test
  void existingInputsPass() throws IOException {
    File a = file("in/a.7z", "x");
    File dir = new File(tmp, "in");
    assertNull(JobSupport.checkInputsExist(Arrays.asList(path(a), path(dir)), conf()));
  }

  @Test
  void missingInputIsNamed() throws IOException {
    File a = file("in/a.7z", "x");
    Path missing = path(new File(tmp, "in/b.7z"));
    String problem = JobSupport.checkInputsExist(Arrays.asList(path(a), missing), conf());
    assertEquals("input " + missing + " does not exist (or the pattern matches nothing)", problem);
  }

  @Test
  void checkPathsReportsTheFirstProblemInOrder() throws IOException {
    File in = file("in/a.7z", "x");
    File out = new File(tmp, "out");
    Path missing = path(new File(tmp, "in/b.7z"));
    Configuration conf = conf();
    SevenZPasswords.setPasswordFile(conf, path(new File(tmp, "no-such-password")));
    assertTrue(out.mkdir());
    assertTrue(JobSupport.checkPaths(path(out), Arrays.asList(missing), conf).contains("already exists"));
    assertTrue(out.delete());
    assertTrue(JobSupport.checkPaths(path(out), Arrays.asList(path(in), missing), conf)
        .startsWith("input " + missing + " does not exist"));
    String password = JobSupport.checkPaths(path(out), Arrays.asList(path(in)), conf);
    assertTrue(password != null && password.contains("no-such-password"), password);
    assertNull(JobSupport.checkPaths(path(out), Arrays.asList(path(in)), conf()));
  }

  @Test
  void globMustMatchSomething() throws IOException {
    file("logs/2026-12-01.7z", "x");
    file("logs/2026-12-02.7z", "x");
    Path matching = new Path(new File(tmp, "logs").getAbsolutePath(), "2026-12-0[12].7z");
    Path braces = new Path(new File(tmp, "logs").getAbsolutePath(), "{2026-12-01,nope}.7z");
    assertNull(JobSupport.checkInputsExist(Arrays.asList(matching, braces), conf()));
    Path nothing = new Path(new File(tmp, "logs").getAbsolutePath(), "2025-*.7z");
    assertEquals("input " + nothing + " does not exist (or the pattern matches nothing)",
        JobSupport.checkInputsExist(Arrays.asList(matching, nothing), conf()));
  }

  @Test
  void noInputsPass() throws IOException {
    assertNull(JobSupport.checkInputsExist(Collections.<Path>emptyList(), conf()));
  }

  @Test
  void incompleteOutputIsRemoved() throws Exception {
    File out = new File(tmp, "out");
    file("out/part-m-00000", "partial");
    String err = stderrOf(() -> JobSupport.removeIncompleteOutput("test", path(out), conf()));
    assertFalse(out.exists());
    assertEquals("logcount test: removed the incomplete output " + path(out) + "\n", err);
  }

  @Test
  void completeOutputIsKept() throws Exception {
    File out = new File(tmp, "out");
    file("out/part-r-00000", "done");
    file("out/" + FileOutputCommitter.SUCCEEDED_FILE_NAME, "");
    String err = stderrOf(() -> JobSupport.removeIncompleteOutput("test", path(out), conf()));
    assertTrue(new File(out, "part-r-00000").isFile());
    assertEquals("", err);
  }

  @Test
  void noOutputIsNothingToRemove() throws Exception {
    assertEquals("", stderrOf(() -> JobSupport.removeIncompleteOutput("test", null, conf())));
    assertEquals("", stderrOf(() -> JobSupport.removeIncompleteOutput("test", path(new File(tmp, "none")), conf())));
  }

  /** Fails on its first record, as a task meeting a corrupt archive does. */
  public static class FailingMapper extends Mapper<LongWritable, Text, Text, Text> {
    @Override
    protected void map(LongWritable key, Text value, Context context) throws IOException {
      throw new IOException("corrupt input at byte " + key + ": check it with '7zz t'");
    }
  }

  private Job job(Configuration conf, Path input, Path output) throws IOException {
    Job job = Job.getInstance(conf, "logcount test");
    job.setMapperClass(FailingMapper.class);
    job.setNumReduceTasks(0);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(Text.class);
    FileInputFormat.addInputPath(job, input);
    FileOutputFormat.setOutputPath(job, output);
    return job;
  }

  @Test
  void failedJobLeavesNoOutputAndSaysWhy() throws Exception {
    Path input = path(file("in/lines.txt", "one\ntwo\n"));
    Path output = path(new File(tmp, "out"));
    Job job = job(localRunner(), input, output);
    boolean[] succeeded = new boolean[1];
    String err = stderrOf(() -> succeeded[0] = JobSupport.runJob(job, "test", output));
    assertFalse(succeeded[0]);
    assertTrue(err.contains("logcount test: job " + job.getJobID() + " failed: "), err);
    assertTrue(err.contains("logcount test: removed the incomplete output " + output), err);
    assertFalse(new File(tmp, "out").exists(), "the same command can be run again");
  }

  @Test
  void jobThatCannotStartSaysWhy() throws Exception {
    Path missing = path(new File(tmp, "no-such-input"));
    Path output = path(new File(tmp, "out"));
    Job job = job(localRunner(), missing, output);
    boolean[] succeeded = {true};
    String err = stderrOf(() -> succeeded[0] = JobSupport.runJob(job, "test", output));
    assertFalse(succeeded[0]);
    assertTrue(err.startsWith("logcount test: the job could not start: "), err);
    assertTrue(err.contains("no-such-input"), err);
    assertFalse(new File(tmp, "out").exists());
  }
}
