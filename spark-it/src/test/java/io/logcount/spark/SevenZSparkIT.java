package io.logcount.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.Writable;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Spark 4 in local mode reads 7z logs through logcount's formats from the built job jar, as a
 * Spark user would ({@code spark-submit --jars logcount.jar}): {@code newAPIHadoopFile} with
 * {@code SevenZInputFormat} and {@code hadoopFile} with the old-API
 * {@code SevenZLogInputFormat}, at a split size that cuts each archive at every folder; the
 * distinct users and events must be the fixture's own figures (its JSON, computed from the text
 * before archiving).
 *
 * <p>Our classes are named, not imported: this project compiles against Spark only, and the job
 * jar is added to the test classpath (pom.xml), so nothing of the main build's test classpath
 * is here.
 */
class SevenZSparkIT {

  /** Fixtures of several folders (solid blocks): several splits, so several partitions, each. */
  private static final java.util.Set<String> MULTI_FOLDER = new java.util.HashSet<>(java.util.Arrays.asList(
      "small-blocks", "nonsolid"));

  private static JavaSparkContext sc;

  @BeforeAll
  static void startSpark() {
    SparkConf conf = new SparkConf().setMaster("local[2]").setAppName("logcount-spark-it")
        .set("spark.ui.enabled", "false")
        .set("spark.driver.host", "127.0.0.1")
        .set("spark.driver.bindAddress", "127.0.0.1")
        .set("spark.sql.shuffle.partitions", "2")
        .set("spark.local.dir", new File("target/spark-local").getAbsolutePath());
    sc = new JavaSparkContext(conf);
    sc.setLogLevel("WARN");
  }

  @AfterAll
  static void stopSpark() {
    if (sc != null) {
      sc.stop();
    }
  }

  private static File fixture(String fileName) {
    return FixtureFigures.file(fileName);
  }

  /** Splits no larger than one folder: every folder (solid block) of an archive is a partition. */
  private static Configuration onePartitionPerFolder() {
    Configuration conf = new Configuration();
    conf.setLong("mapreduce.input.fileinputformat.split.maxsize", 1);
    conf.setLong("mapreduce.input.fileinputformat.split.minsize", 1);
    return conf;
  }

  @SuppressWarnings("unchecked")
  private static <T> Class<T> ours(String name) throws ClassNotFoundException {
    return (Class<T>) Class.forName(name);
  }

  /** The user of a log line by the fixtures' rules, or null for a blank or malformed line. */
  static String user(String line) {
    if (line.trim().isEmpty()) {
      return null;
    }
    String[] fields = line.split("\t", 3);
    return fields.length > 1 && !fields[1].isEmpty() ? fields[1] : null;
  }

  private static void assertFigures(String name, JavaRDD<String> lines) throws IOException {
    JavaRDD<String> users = lines.map(SevenZSparkIT::user).filter(u -> u != null).cache();
    FixtureFigures figures = FixtureFigures.of(name);
    assertEquals(figures.records(), users.count(), name + " events");
    assertEquals(figures.distinctUsers(), users.distinct().count(), name + " distinct users");
  }

  @ParameterizedTest
  @ValueSource(strings = {"small-blocks", "nonsolid", "many-small-files", "bzip2"})
  void newApiHadoopFileCountsDistinctUsersExactly(String name) throws Exception {
    Class<org.apache.hadoop.mapreduce.InputFormat<Writable, Text>> format = ours("io.logcount.sevenz.SevenZInputFormat");
    Class<Writable> key = ours("io.logcount.input.LineOrigin");
    JavaPairRDD<Writable, Text> records = sc.newAPIHadoopFile(fixture(name + ".7z").getAbsolutePath(), format, key,
        Text.class, onePartitionPerFolder());
    if (MULTI_FOLDER.contains(name)) {
      assertTrue(records.getNumPartitions() > 1, name + ": one partition per folder, got " + records.getNumPartitions());
    }
    // Hadoop's readers reuse their key and value objects: copy (toString) before caching or collecting.
    assertFigures(name, records.map(kv -> kv._2().toString()));
  }

  @ParameterizedTest
  @ValueSource(strings = {"small-blocks", "messy"})
  void oldApiHadoopFileCountsDistinctUsersExactly(String name) throws Exception {
    Class<org.apache.hadoop.mapred.InputFormat<Writable, Text>> format = ours("io.logcount.mapred.SevenZLogInputFormat");
    Class<Writable> key = ours("io.logcount.input.LineOrigin");
    org.apache.hadoop.mapred.JobConf conf = new org.apache.hadoop.mapred.JobConf(onePartitionPerFolder());
    JavaPairRDD<Writable, Text> records = sc.hadoopRDD(withInput(conf, fixture(name + ".7z")), format, key, Text.class);
    if (MULTI_FOLDER.contains(name)) {
      assertTrue(records.getNumPartitions() > 1, name + ": one partition per folder, got " + records.getNumPartitions());
    }
    assertFigures(name, records.map(kv -> kv._2().toString()));
  }

  /**
   * The JVM half of PySpark's {@code sc.newAPIHadoopFile(path, inputFormatClass, keyClass,
   * valueClass, conf=...)}: {@code PythonRDD.newAPIHadoopFile} reads, converts (Text to str;
   * our key, a Writable PySpark has no converter for, as a Java bean) and pickles the records
   * that Python then unpickles. Unpickled here with the same library (Pyrolite): the values are
   * the lines. The Python half is not run (no PySpark on the build machines).
   */
  @org.junit.jupiter.api.Test
  void pysparkNewApiHadoopFilePicklesTheLines() throws Exception {
    String name = "small-blocks";
    java.util.HashMap<String, String> conf = new java.util.HashMap<>();
    conf.put("mapreduce.input.fileinputformat.split.maxsize", "1");
    JavaRDD<byte[]> pickled = org.apache.spark.api.python.PythonRDD.newAPIHadoopFile(sc,
        fixture(name + ".7z").getAbsolutePath(), "io.logcount.sevenz.SevenZInputFormat",
        "io.logcount.input.LineOrigin", "org.apache.hadoop.io.Text", null, null, conf, 0);
    JavaRDD<String> lines = pickled.flatMap(batch -> {
      // A batch is a sequence of (key, value) tuples; Pyrolite gives Python tuples as Object[].
      Object records = new net.razorvine.pickle.Unpickler().loads(batch);
      Iterable<?> each = records instanceof Object[] ? java.util.Arrays.asList((Object[]) records)
          : (Iterable<?>) records;
      java.util.List<String> values = new java.util.ArrayList<>();
      for (Object record : each) {
        values.add((String) ((Object[]) record)[1]);
      }
      return values.iterator();
    });
    assertFigures(name, lines);
  }

  private static org.apache.hadoop.mapred.JobConf withInput(org.apache.hadoop.mapred.JobConf conf, File file) {
    org.apache.hadoop.mapred.FileInputFormat.setInputPaths(conf, new org.apache.hadoop.fs.Path(file.getAbsolutePath()));
    return conf;
  }
}
