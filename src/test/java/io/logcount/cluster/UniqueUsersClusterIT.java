package io.logcount.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.BlockLocation;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.apache.hadoop.hdfs.server.datanode.DataNode;
import org.apache.hadoop.mapreduce.Cluster;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.JobCounter;
import org.apache.hadoop.mapreduce.JobStatus;
import org.apache.hadoop.mapreduce.MRJobConfig;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.TaskCompletionEvent;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputCommitter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import io.logcount.LogCount;
import io.logcount.formats.LogInputFormat;
import io.logcount.input.InputCounter;
import io.logcount.jobs.common.ExitCodes;
import io.logcount.jobs.common.RecordCounter;
import io.logcount.jobs.uniqueusers.UniqueUsersJob;
import io.logcount.jobs.uniqueusers.UniqueUsersReducer.UniqueUsersCounter;
import io.logcount.sevenz.SevenZInputFormat;
import io.logcount.sevenz.SevenZSplit;
import io.logcount.sevenz.archive.SevenZFolder;
import io.logcount.sevenz.header.SevenZHeaders;
import io.logcount.sevenz.source.HadoopArchiveSource;
import io.logcount.testing.CommonsCompressReader;
import io.logcount.testing.Figures;
import io.logcount.testing.Fixtures;
import io.logcount.testing.JobOutput;

/**
 * {@code unique-users} on a real in-process cluster (HDFS with two DataNodes, YARN with two
 * NodeManagers; {@link MiniCluster}), submitted with the built job jar as {@code hadoop jar}
 * submits it: the containers see Hadoop and the job jar, not the test classpath, so a class
 * missing from the jar or a relocation mistake fails here.
 *
 * <p>One cluster for the class; few jobs, each over several archives, to stay well under the
 * CI budget. Outputs are compared with an independent read of the same archives by
 * commons-compress, itself checked against each fixture's expected figures (its JSON).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class UniqueUsersClusterIT {

  /**
   * Fixtures for the jobs: one per 7z method the job jar's shaded code decodes (BZip2 and
   * Deflate64 from commons-compress; LZMA, LZMA2 and Delta from xz), plus malformed lines and an
   * archive of several folders. The local-runner IT covers every fixture; here each archive
   * costs a container, so few.
   */
  private static final String[] FIXTURES = {"bzip2", "deflate64", "lzma1", "delta-filter", "messy", "small-blocks"};
  /** Block size for the fixtures in HDFS: small, so that folders straddle blocks. */
  private static final long FIXTURE_BLOCK = 128 * 1024;
  /** Everything the clean and the faulty runs read: the fixtures (some nested) and the generated archive. */
  private static final Path INPUT = new Path("/in");
  /** Split size for them: more than any archive, so one split (and one map task) per archive. */
  private static final long ONE_SPLIT_PER_ARCHIVE = 64L << 20;
  private static final int REDUCERS = 2;

  private static MiniCluster cluster;
  private static DistributedFileSystem fs;
  private static File work;
  /** Local copies of everything under {@link #INPUT}. */
  private static final List<File> inputArchives = new ArrayList<>();
  /** The generated archive: local copy and HDFS path. */
  private static File spreadLocal;
  private static Path spread;
  /** Output of the clean driver run over {@link #INPUT}, once it ran. */
  private static Path driverOutput;

  @BeforeAll
  static void startCluster() throws IOException {
    work = new File("target/it-work/" + UniqueUsersClusterIT.class.getSimpleName()).getAbsoluteFile();
    FileUtil.fullyDelete(work);
    assertTrue(work.mkdirs(), "cannot create " + work);
    cluster = MiniCluster.start(UniqueUsersClusterIT.class.getSimpleName());
    fs = cluster.fs();
    for (int i = 0; i < FIXTURES.length; i++) {
      File archive = Fixtures.file(FIXTURES[i] + ".7z");
      // half of them nested: inputs are read recursively
      Path dir = new Path(INPUT, i % 2 == 0 ? "fixtures" : "fixtures/nested");
      cluster.upload(archive, new Path(dir, archive.getName()), FIXTURE_BLOCK);
      inputArchives.add(archive);
    }
    spreadLocal = SpreadBlocksArchive.write(new File(work, "spread-blocks.7z"));
    spread = SpreadBlocksArchive.store(spreadLocal, fs, cluster.dataNodes(), new Path(INPUT, "generated/spread-blocks.7z"));
    inputArchives.add(spreadLocal);
    cluster.upload(Fixtures.file("corrupt-data.7z"), new Path("/bad/corrupt-data.7z"), FIXTURE_BLOCK);
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  /**
   * Runs {@code logcount unique-users} over {@link #INPUT} through the driver, as {@code hadoop
   * jar} would, once for the class: the figures test checks it, the fault test compares with it.
   */
  private static synchronized Path driverOutput() throws Exception {
    if (driverOutput == null) {
      Path output = new Path("/out/driver");
      int exit = LogCount.run(cluster.jobConf(), new String[] {"unique-users",
          "-D", FileInputFormat.SPLIT_MINSIZE + "=" + ONE_SPLIT_PER_ARCHIVE,
          "-D", LogInputFormat.COMBINE_SMALL_FILES + "=false",
          "-D", MRJobConfig.NUM_REDUCES + "=" + REDUCERS,
          INPUT.toString(), output.toString()});
      assertEquals(ExitCodes.OK, exit, "driver exit code");
      driverOutput = output;
    }
    return driverOutput;
  }

  @Test
  void independentReaderAgreesWithEachFixturesExpectedFigures() throws IOException {
    for (String name : FIXTURES) {
      assertEquals(Fixtures.expected(name), CommonsCompressReader.figures(Arrays.asList(Fixtures.file(name + ".7z"))),
          name);
    }
  }

  @Test
  void driverCountsArchivesInHdfsWithTheJobJar() throws Exception {
    Path output = driverOutput();
    Figures expected = CommonsCompressReader.figures(inputArchives);
    assertEquals(expected, JobOutput.figures(fs, output));
    assertTrue(fs.exists(new Path(output, FileOutputCommitter.SUCCEEDED_FILE_NAME)));
    assertEquals(REDUCERS, JobOutput.partFiles(fs, output, "part-r-").size());
    assertEquals(expected.distinct, JobOutput.summaryField(fs, output, "distinct_users"));
    assertEquals(expected.records, JobOutput.summaryField(fs, output, "records"));
    assertEquals(expected.malformed, JobOutput.summaryField(fs, output, "malformed"));
    assertEquals(inputArchives.size(), JobOutput.summaryField(fs, output, "splits"));
  }

  @Test
  void createJobKeepsTheConfiguredJobJar() throws IOException {
    // The driver submits what createJob returns. Its setJarByClass replaces mapreduce.job.jar
    // only when it finds the class in a jar: under Failsafe the test classpath holds the job jar
    // itself (so the same path), from an IDE target/classes (so the configured jar stays).
    Job job = new UniqueUsersJob().createJob(cluster.jobConf(), Arrays.asList(INPUT),
        new Path("/out/never-run"));
    assertEquals(MiniCluster.jobJar(), job.getJar());
  }

  @Test
  void splitsCarryTheHostsOfTheBlockHoldingMostOfTheirFolder() throws Exception {
    FileStatus file = fs.getFileStatus(spread);
    BlockLocation[] blocks = fs.getFileBlockLocations(file, 0, file.getLen());
    assertEquals(SpreadBlocksArchive.BLOCKS, blocks.length, Arrays.toString(blocks));
    for (int i = 0; i < blocks.length; i++) {
      // placed as SpreadBlocksArchive asked: block i on DataNode i % 2 only
      assertEquals(i * (long) SpreadBlocksArchive.BLOCK, blocks[i].getOffset());
      assertArrayEquals(new String[] {hostOf(cluster.dataNodes().get(i % 2))}, blocks[i].getHosts(), "block " + i);
    }

    Job job = Job.getInstance(cluster.jobConf());
    FileInputFormat.addInputPath(job, spread);
    List<InputSplit> splits = new SevenZInputFormat().getSplits(job);
    List<SevenZFolder> folders;
    try (HadoopArchiveSource source = HadoopArchiveSource.open(spread, cluster.jobConf())) {
      folders = SevenZHeaders.read(source, SevenZInputFormat.getLimits(cluster.jobConf())).folders();
    }
    // split size = block size, and no two neighbouring folders fit in one block: a split per folder
    assertEquals(SpreadBlocksArchive.MAIN_BLOCK.length, folders.size());
    assertEquals(folders.size(), splits.size(), splits.toString());
    Set<String> hostsSeen = new TreeSet<>();
    for (InputSplit s : splits) {
      SevenZSplit split = (SevenZSplit) s;
      assertEquals(1, split.getFolderCount(), split.toString());
      SevenZFolder folder = folders.get(split.getFirstFolder());
      assertEquals(folder.packedOffset(), split.getStart(), split.toString());
      assertEquals(folder.packedSize(), split.getLength(), split.toString());
      BlockLocation main = blocks[SpreadBlocksArchive.MAIN_BLOCK[folder.index()]];
      assertArrayEquals(main.getHosts(), split.getLocations(), split.toString());
      hostsSeen.addAll(Arrays.asList(split.getLocations()));
    }
    assertEquals(new TreeSet<>(Arrays.asList(MiniCluster.DATANODE_HOSTS)), hostsSeen,
        "the folders live on both DataNodes, and their splits say so");
    // folders 0..3 each lie in one block; folder 4 starts in block 3 but most of it is in block 4
    for (SevenZFolder folder : folders) {
      int inBlocks = fs.getFileBlockLocations(file, folder.packedOffset(), folder.packedSize()).length;
      assertEquals(folder.index() < 4 ? 1 : 2, inBlocks, folder.toString());
    }
  }

  private static String hostOf(DataNode dataNode) {
    return dataNode.getDatanodeId().getHostName();
  }

  @Test
  @Order(1) // first: its job then runs alongside the driver's clean run
  void failedMapAndReduceAttemptsAreRetriedWithoutCountingTwice() throws Exception {
    Path hooksJar = cluster.upload(FaultHooks.writeJar(work), new Path("/hooks/fault-hooks.jar"), FIXTURE_BLOCK);
    Path output = new Path("/out/faults");
    // the same job as the driver's, but for the failing mapper and reducer
    Job faulty = new UniqueUsersJob().createJob(cluster.jobConf(), Arrays.asList(INPUT), output);
    FileInputFormat.setMinInputSplitSize(faulty, ONE_SPLIT_PER_ARCHIVE);
    LogInputFormat.setCombineSmallFiles(faulty.getConfiguration(), false); // one map per archive
    faulty.setNumReduceTasks(REDUCERS);
    faulty.setMapperClass(FaultHooks.FailingMapper.class);
    faulty.setReducerClass(FaultHooks.FailingReducer.class);
    faulty.addFileToClassPath(hooksJar);
    Configuration conf = faulty.getConfiguration();
    // messy.7z: its task has written malformed lines (side output) before it fails
    conf.set(FaultHooks.FAIL_MAP_ARCHIVE, "messy.7z");
    conf.setInt(FaultHooks.FAIL_MAP_AFTER_LINES, 1000);
    conf.setInt(FaultHooks.FAIL_REDUCE_TASK, 0);
    conf.setInt(FaultHooks.FAIL_REDUCE_AFTER_KEYS, 500);
    faulty.submit();
    Path clean = driverOutput(); // runs alongside, unless an earlier test ran it
    assertTrue(faulty.waitForCompletion(true), "job with failing attempts");

    // exactly the two injected failures happened, and were retried
    Set<String> failed = new TreeSet<>();
    for (TaskCompletionEvent event : completionEvents(faulty)) {
      if (event.getStatus() != TaskCompletionEvent.Status.SUCCEEDED) {
        TaskAttemptID attempt = event.getTaskAttemptId();
        failed.add(event.getStatus() + " " + attempt.getTaskType() + " attempt " + attempt.getId());
        String diagnostics = String.join("\n", faulty.getTaskDiagnostics(attempt));
        assertTrue(diagnostics.contains(FaultHooks.MESSAGE), diagnostics);
      }
    }
    assertEquals(new TreeSet<>(Arrays.asList("FAILED MAP attempt 0", "FAILED REDUCE attempt 0")), failed);
    Counters counters = faulty.getCounters();
    assertEquals(1, counters.findCounter(JobCounter.NUM_FAILED_MAPS).getValue());
    assertEquals(1, counters.findCounter(JobCounter.NUM_FAILED_REDUCES).getValue());
    // every successful task, the retried ones included, ran our classes from the job jar
    assertEquals(0, counters.findCounter(FaultHooks.HookCounter.OUR_CLASSES_FROM_ELSEWHERE).getValue());
    long succeededTasks = counters.findCounter(JobCounter.TOTAL_LAUNCHED_MAPS).getValue()
        + counters.findCounter(JobCounter.TOTAL_LAUNCHED_REDUCES).getValue() - failed.size();
    assertEquals(succeededTasks, counters.findCounter(FaultHooks.HookCounter.OUR_CLASSES_FROM_JOB_JAR).getValue());

    // byte-identical output (users and malformed lines), and every record counted once
    Map<String, byte[]> cleanFiles = JobOutput.dataFiles(fs, clean);
    Map<String, byte[]> faultyFiles = JobOutput.dataFiles(fs, output);
    assertEquals(cleanFiles.keySet(), faultyFiles.keySet());
    assertTrue(cleanFiles.keySet().stream().anyMatch(name -> name.startsWith("malformed/")), cleanFiles.keySet().toString());
    for (String name : cleanFiles.keySet()) {
      assertArrayEquals(cleanFiles.get(name), faultyFiles.get(name), name);
    }
    Figures expected = CommonsCompressReader.figures(inputArchives);
    assertEquals(expected.records, counters.findCounter(RecordCounter.RECORDS).getValue());
    assertEquals(expected.malformed, counters.findCounter(RecordCounter.MALFORMED).getValue());
    assertEquals(expected.distinct, counters.findCounter(UniqueUsersCounter.DISTINCT_USERS).getValue());
    assertEquals(inputArchives.size(), counters.findCounter(InputCounter.SPLITS).getValue());
  }

  @Test
  void jobWhoseTasksAllFailLeavesNoSuccessAndTheDriverExitsOne() throws Exception {
    Path input = new Path("/bad/corrupt-data.7z");
    Path output = new Path("/out/driver-corrupt");
    Configuration conf = cluster.jobConf();
    int exit = LogCount.run(conf, new String[] {"unique-users", "-D", "mapreduce.map.maxattempts=2",
        input.toString(), output.toString()});
    assertEquals(ExitCodes.FAILED, exit);
    assertFalse(fs.exists(new Path(output, FileOutputCommitter.SUCCEEDED_FILE_NAME)));
    assertFalse(fs.exists(output), "the driver removes the incomplete output");

    // the job did run, and failed in its tasks: each attempt of a map failed on the bad data
    Cluster yarn = new Cluster(conf);
    try {
      JobStatus status = Arrays.stream(yarn.getAllJobStatuses())
          .filter(s -> s.getJobName().contains(input.toString())).findFirst().get();
      assertEquals(JobStatus.State.FAILED, status.getState());
      Job job = yarn.getJob(status.getJobID());
      Map<String, Integer> failedAttempts = new java.util.TreeMap<>();
      for (TaskCompletionEvent event : completionEvents(job)) {
        if (event.getStatus() == TaskCompletionEvent.Status.FAILED) {
          failedAttempts.merge(event.getTaskAttemptId().getTaskID().toString(), 1, Integer::sum);
          String diagnostics = String.join("\n", job.getTaskDiagnostics(event.getTaskAttemptId()));
          assertTrue(diagnostics.contains("corrupt-data.7z"), diagnostics);
        }
      }
      assertTrue(failedAttempts.containsValue(2), "a map failed both its attempts: " + failedAttempts);
    } finally {
      yarn.close();
    }
  }

  private static List<TaskCompletionEvent> completionEvents(Job job) throws IOException, InterruptedException {
    List<TaskCompletionEvent> events = new ArrayList<>();
    TaskCompletionEvent[] page;
    while ((page = job.getTaskCompletionEvents(events.size(), 100)).length > 0) {
      events.addAll(Arrays.asList(page));
    }
    return events;
  }
}
