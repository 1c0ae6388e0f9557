package io.logcount.mapout;

import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.spy;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.DataInputBuffer;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.DefaultCodec;
import org.apache.hadoop.mapred.IFile;
import org.apache.hadoop.mapred.IndexRecord;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapred.MapOutputCollector;
import org.apache.hadoop.mapred.MapOutputFile;
import org.apache.hadoop.mapred.MapTask;
import org.apache.hadoop.mapred.SpillRecord;
import org.apache.hadoop.mapred.Task.TaskReporter;
import org.apache.hadoop.mapred.TaskAttemptID;
import org.apache.hadoop.mapreduce.MRConfig;
import org.apache.hadoop.mapreduce.TaskCounter;
import org.apache.hadoop.mapreduce.split.JobSplit;
import org.apache.hadoop.mapreduce.TaskType;
import org.apache.hadoop.util.Progress;
import org.apache.hadoop.util.ReflectionUtils;

/**
 * Runs a map output collector outside a task, as a map task would (init, collect..., flush,
 * close), with a {@link MapTask} that never runs, its reporter and counters, and Hadoop's
 * {@code MROutputFiles} under a local directory; then reads what it left for the shuffle.
 */
final class CollectorHarness {

  /** Writes the records of one run into the collector. */
  interface Feeder {
    void feed(MapOutputCollector<Object, Object> collector) throws Exception;
  }

  /** A record of a map output segment: raw key and value bytes. */
  static final class RawRecord {
    final byte[] key;
    final byte[] value;

    RawRecord(byte[] key, byte[] value) {
      this.key = key;
      this.value = value;
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof RawRecord && Arrays.equals(key, ((RawRecord) o).key) && Arrays.equals(value, ((RawRecord) o).value);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(key) * 31 + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
      return Arrays.toString(key) + "=" + Arrays.toString(value);
    }
  }

  /** What a collector left: {@code file.out} (its bytes, or only its digest), the index, the counters. */
  static final class Output {
    byte[] file;
    String fileDigest;
    long fileLength;
    byte[] index;
    TaskReporter reporter;
    /** Records of each partition, decoded from {@code file.out} through the index (checksums checked). */
    List<List<RawRecord>> partitions = new ArrayList<>();

    long counter(Enum<?> c) {
      return reporter.getCounter(c).getValue();
    }
  }

  private CollectorHarness() {
  }

  /** A job configuration for collector runs under {@code dir}. */
  static JobConf conf(File dir, int reduces, Class<?> valueClass, int sortMb) {
    JobConf conf = new JobConf();
    conf.set("fs.defaultFS", "file:///");
    conf.set(MRConfig.LOCAL_DIR, new File(dir, "local").getAbsolutePath());
    conf.setNumReduceTasks(reduces);
    conf.setMapOutputKeyClass(org.apache.hadoop.io.Text.class);
    conf.setMapOutputValueClass(valueClass);
    conf.setInt("mapreduce.task.io.sort.mb", sortMb);
    conf.setInt("mapreduce.task.io.sort.factor", 1000); // one merge pass: SPILLED_RECORDS comparable
    return conf;
  }

  /**
   * Runs one collector over the records of {@code feeder}; reads back its output.
   *
   * @param keepBytes whether to keep {@code file.out}'s bytes and decoded records, or only its digest
   */
  static Output run(MapOutputCollector<Object, Object> collector, JobConf conf, Feeder feeder, boolean keepBytes)
      throws Exception {
    File local = new File(conf.get(MRConfig.LOCAL_DIR));
    FileUtil.fullyDelete(local);
    Files.createDirectories(local.toPath());
    TaskAttemptID attempt = new TaskAttemptID("12345", 1, TaskType.MAP, 1, 0);
    MapTask real = new MapTask("job.xml", attempt, 0, new JobSplit.TaskSplitIndex(), 1);
    real.setConf(conf); // its MapOutputFile: Hadoop's MROutputFiles under mapreduce.cluster.local.dir
    // A real reporter and counters (a mock's bookkeeping per call would cost more than the collectors);
    // only the sort phase, which MapTask.run makes, is stubbed.
    TaskReporter reporter = real.new TaskReporter(new Progress(), null);
    MapTask task = spy(real);
    doReturn(new Progress()).when(task).getSortPhase();
    MapOutputFile files = real.getMapOutputFile();
    collector.init(new MapOutputCollector.Context(task, conf, reporter));
    feeder.feed(collector);
    collector.flush();
    collector.close();

    Output out = new Output();
    out.reporter = reporter;
    Path file = files.getOutputFile();
    Path index = files.getOutputIndexFile();
    out.index = Files.readAllBytes(new File(index.toUri().getPath()).toPath());
    File data = new File(file.toUri().getPath());
    out.fileLength = data.length();
    out.fileDigest = digest(data);
    if (keepBytes) {
      out.file = Files.readAllBytes(data.toPath());
      out.partitions = decode(conf, file, index);
    }
    return out;
  }

  /** Hadoop's buffer, the reference. */
  static MapOutputCollector<Object, Object> hadoops() {
    return new MapTask.MapOutputBuffer<>();
  }

  /** Ours, through the class jobs name. */
  static MapOutputCollector<Object, Object> ours() {
    return new RadixMapOutputCollector<>();
  }

  private static String digest(File file) throws IOException, NoSuchAlgorithmException {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    byte[] chunk = new byte[1 << 16];
    try (InputStream in = new DigestInputStream(Files.newInputStream(file.toPath()), md)) {
      while (in.read(chunk) >= 0) {
        // digesting
      }
    }
    StringBuilder hex = new StringBuilder();
    for (byte b : md.digest()) {
      hex.append(String.format("%02x", b));
    }
    return hex.toString();
  }

  /** Every partition's records, read as the shuffle reads them: the index, then IFile segments. */
  static List<List<RawRecord>> decode(JobConf conf, Path file, Path indexFile) throws IOException {
    SpillRecord index = new SpillRecord(indexFile, conf);
    CompressionCodec codec = conf.getCompressMapOutput()
        ? ReflectionUtils.newInstance(conf.getMapOutputCompressorClass(DefaultCodec.class), conf) : null;
    FileSystem fs = FileSystem.getLocal(conf).getRaw();
    List<List<RawRecord>> partitions = new ArrayList<>();
    for (int p = 0; p < index.size(); p++) {
      IndexRecord segment = index.getIndex(p);
      List<RawRecord> records = new ArrayList<>();
      try (FSDataInputStream in = fs.open(file)) {
        in.seek(segment.startOffset);
        IFile.Reader<Object, Object> reader = new IFile.Reader<>(conf, in, segment.partLength, codec, null);
        DataInputBuffer key = new DataInputBuffer();
        DataInputBuffer value = new DataInputBuffer();
        while (reader.nextRawKey(key)) {
          reader.nextRawValue(value);
          records.add(new RawRecord(Arrays.copyOfRange(key.getData(), key.getPosition(), key.getLength()),
              Arrays.copyOfRange(value.getData(), value.getPosition(), value.getLength())));
        }
        reader.close();
      }
      partitions.add(records);
    }
    return partitions;
  }
}
