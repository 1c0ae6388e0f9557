package io.logcount.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.MRJobConfig;
import org.apache.hadoop.mapreduce.TaskCounter;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.logcount.formats.LogInputFormat;
import io.logcount.jobs.common.RecordCounter;
import io.logcount.jobs.uniqueusers.UniqueUsersJob;
import io.logcount.jobs.uniqueusers.UniqueUsersReducer.UniqueUsersCounter;
import io.logcount.mapout.MapOutputCounter;
import io.logcount.mapout.RadixMapOutputCollector;
import io.logcount.testing.CommonsCompressReader;
import io.logcount.testing.Figures;
import io.logcount.testing.Fixtures;
import io.logcount.testing.JobOutput;

/**
 * {@code unique-users} with the radix-sorting map output collector on a real cluster (MiniDFS and
 * MiniYARN, {@link MiniCluster}), the job jar shipped as {@code hadoop jar} ships it: the tasks in
 * their containers load the collector from the job jar, and the NodeManagers' ShuffleHandler
 * serves its {@code file.out} to the reduces. Small sort buffers make every map spill many
 * times; the figures must be those of an independent read, and the output byte-identical to the
 * same job collected by Hadoop's buffer.
 */
class MapOutputCollectorClusterIT {

  private static final String[] FIXTURES = {"messy", "small-blocks", "lzma1", "many-small-files"};
  private static final Path INPUT = new Path("/in");
  private static final int REDUCERS = 3;

  private static MiniCluster cluster;
  private static DistributedFileSystem fs;
  private static final List<File> archives = new ArrayList<>();

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = MiniCluster.start(MapOutputCollectorClusterIT.class.getSimpleName());
    fs = cluster.fs();
    for (String name : FIXTURES) {
      File archive = Fixtures.file(name + ".7z");
      cluster.upload(archive, new Path(INPUT, archive.getName()), 128 * 1024);
      archives.add(archive);
    }
  }

  @AfterAll
  static void stopCluster() {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static Job run(Path output, boolean collector) throws Exception {
    Configuration conf = cluster.jobConf();
    RadixMapOutputCollector.setEnabled(conf, collector);
    conf.setInt(MRJobConfig.IO_SORT_MB, 1);
    LogInputFormat.setCombineSmallFiles(conf, false); // one map per archive
    Job job = new UniqueUsersJob().createJob(conf, Arrays.asList(INPUT), output);
    job.setNumReduceTasks(REDUCERS);
    FileInputFormat.setMinInputSplitSize(job, 64L << 20);
    assertTrue(job.waitForCompletion(true), "job with the collector " + (collector ? "on" : "off"));
    return job;
  }

  @Test
  void uniqueUsersOnYarnCountsAsWithHadoopsCollector() throws Exception {
    Job ours = run(new Path("/out/radix"), true);
    assertEquals(RadixMapOutputCollector.class.getName(),
        ours.getConfiguration().get(MRJobConfig.MAP_OUTPUT_COLLECTOR_CLASS_ATTR));
    Counters counters = ours.getCounters();
    long maps = counters.findCounter(org.apache.hadoop.mapreduce.JobCounter.TOTAL_LAUNCHED_MAPS).getValue();
    assertTrue(counters.findCounter(MapOutputCounter.RADIX_SPILLS).getValue() >= maps,
        "every map collected by the radix collector");
    Figures expected = CommonsCompressReader.figures(archives);
    assertEquals(expected, JobOutput.figures(fs, new Path("/out/radix")));
    assertEquals(expected.records, counters.findCounter(RecordCounter.RECORDS).getValue());
    assertEquals(expected.distinct, counters.findCounter(UniqueUsersCounter.DISTINCT_USERS).getValue());

    Job hadoops = run(new Path("/out/hadoop"), false);
    Counters reference = hadoops.getCounters();
    assertEquals(0, reference.findCounter(MapOutputCounter.RADIX_SPILLS).getValue());
    for (TaskCounter c : new TaskCounter[] {TaskCounter.MAP_OUTPUT_RECORDS, TaskCounter.MAP_OUTPUT_BYTES,
        TaskCounter.REDUCE_INPUT_RECORDS, TaskCounter.REDUCE_INPUT_GROUPS}) {
      assertEquals(reference.findCounter(c).getValue(), counters.findCounter(c).getValue(), c.name());
    }
    Map<String, byte[]> expectedFiles = JobOutput.dataFiles(fs, new Path("/out/hadoop"));
    Map<String, byte[]> actualFiles = JobOutput.dataFiles(fs, new Path("/out/radix"));
    assertEquals(expectedFiles.keySet(), actualFiles.keySet());
    for (String name : expectedFiles.keySet()) {
      assertArrayEquals(expectedFiles.get(name), actualFiles.get(name), name);
    }
  }
}
