package io.logcount.cluster;

import java.io.File;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileUtil;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.hadoop.hdfs.server.datanode.DataNode;
import org.apache.hadoop.io.IOUtils;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.MRJobConfig;
import org.apache.hadoop.mapreduce.v2.MiniMRYarnCluster;
import org.apache.hadoop.yarn.conf.YarnConfiguration;

/**
 * A real, in-process Hadoop cluster for the {@code *IT} classes: HDFS ({@link MiniDFSCluster},
 * one NameNode and two DataNodes) and YARN with MapReduce ({@link MiniMRYarnCluster}, one
 * ResourceManager, two NodeManagers, the job history server). Everything lives under
 * {@code target/minicluster/NAME}.
 *
 * <p>Jobs submitted with {@link #jobConf()} run like {@code hadoop jar target/logcount-*.jar}:
 * the containers get Hadoop's jars and the <em>built job jar</em>, shipped and localized by
 * YARN, and nothing else of ours. By default the mini cluster hands the test JVM's whole
 * classpath to every container: {@code target/test-classes}, our classes (the job jar under
 * Failsafe, {@code target/classes} from an IDE) and every test dependency; tasks would then
 * load our classes from there, test-only classes would need no shipping, and a job whose jar
 * was never shipped would still run.
 *
 * <p>Sized for a 2-core CI machine: containers of 512 MiB with a 384 MiB heap, three per
 * NodeManager (the ApplicationMaster and up to five tasks at once).
 */
final class MiniCluster implements AutoCloseable {

  /** System property naming the built job jar; Failsafe sets it (pom.xml). */
  static final String JOB_JAR_PROPERTY = "job.jar";

  /**
   * Host names the DataNodes report. All DataNodes of a mini cluster listen on 127.0.0.1 and
   * would all report the same host, which would make every block look alike to a locality
   * test; distinct names tell them apart (clients still connect by IP address).
   */
  static final String[] DATANODE_HOSTS = {"dn0.logcount.test", "dn1.logcount.test"};

  /**
   * JVM options of every container: a heap that fits the 512 MiB container; C1 only and the
   * serial collector, since these JVMs live seconds and share two cores (less JIT and GC
   * work, nothing a job's result depends on).
   */
  private static final String CONTAINER_JVM = "-Xmx384m -XX:TieredStopAtLevel=1 -XX:+UseSerialGC";
  /** YARN's and MapReduce's web apps (Guice) reflect into java.lang on Java 9+. */
  private static final String CONTAINER_OPENS = "--add-opens java.base/java.lang=ALL-UNNAMED";
  /** Heartbeats, ms: twice Hadoop's default rate, so that containers start and jobs end sooner. */
  private static final int HEARTBEAT_MS = 500;
  private static final int CONTAINER_MB = 512;

  private final File base;
  private final MiniDFSCluster dfs;
  private final MiniMRYarnCluster yarn;
  private final String jobJar;
  private final String frameworkClasspath;
  /** The system properties {@link #start} changed, as they were; restored by {@link #close}. */
  private final Map<String, String> savedProperties;

  private MiniCluster(File base, MiniDFSCluster dfs, MiniMRYarnCluster yarn, String jobJar,
      String frameworkClasspath, Map<String, String> savedProperties) {
    this.base = base;
    this.dfs = dfs;
    this.yarn = yarn;
    this.jobJar = jobJar;
    this.frameworkClasspath = frameworkClasspath;
    this.savedProperties = savedProperties;
  }

  /** The built job jar, or a failure that says how to build it. */
  static String jobJar() {
    String path = System.getProperty(JOB_JAR_PROPERTY);
    if (path == null) {
      throw new IllegalStateException("system property " + JOB_JAR_PROPERTY + " is not set: run the"
          + " *IT classes through Maven (mvn verify), whose Failsafe plugin sets it to the built jar");
    }
    File jar = new File(path);
    if (!jar.isFile()) {
      throw new IllegalStateException("no job jar at " + jar.getAbsolutePath()
          + ": run mvn package first (mvn verify does)");
    }
    return jar.getAbsolutePath();
  }

  /** Starts HDFS, then YARN on it; {@code name} names the directory under target/minicluster. */
  static MiniCluster start(String name) throws IOException {
    String jobJar = jobJar();
    File base = new File("target/minicluster/" + name).getAbsoluteFile();
    FileUtil.fullyDelete(base);
    if (!base.mkdirs()) {
      throw new IOException("cannot create " + base);
    }
    // MiniDFSCluster and MiniYARNCluster default to build/test/data and /tmp otherwise.
    Map<String, String> saved = setSystemProperties(
        "test.build.data", new File(base, "data").getPath(),
        "hadoop.log.dir", new File(base, "logs").getPath());

    Configuration conf = new Configuration();
    conf.set("hadoop.tmp.dir", new File(base, "tmp").getPath());
    conf.setInt("dfs.replication", 2);
    // Lets a test write files of several small blocks (the default minimum is 1 MiB).
    conf.setLong("dfs.namenode.fs-limits.min-block-size", 64 * 1024);

    MiniDFSCluster dfs = null;
    MiniMRYarnCluster yarn = null;
    try {
      dfs = new MiniDFSCluster.Builder(conf, new File(base, "dfs"))
          .numDataNodes(DATANODE_HOSTS.length)
          .hosts(DATANODE_HOSTS)
          .build();
      dfs.waitActive();
      Configuration yarnConf = new Configuration(conf);
      yarnConf.set("fs.defaultFS", dfs.getFileSystem().getUri().toString());
      yarnConf.setInt(YarnConfiguration.NM_PMEM_MB, 3 * CONTAINER_MB);
      yarnConf.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 128);
      yarnConf.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
      // A CI disk is often more than 90% full: the NodeManager would then call itself
      // unhealthy and jobs would wait forever.
      yarnConf.setFloat(YarnConfiguration.NM_MAX_PER_DISK_UTILIZATION_PERCENTAGE, 99.9f);
      // Stop containers quickly at teardown and after a failed attempt.
      yarnConf.setLong(YarnConfiguration.NM_PROCESS_KILL_WAIT_MS, 500);
      yarnConf.setLong(YarnConfiguration.RM_NM_HEARTBEAT_INTERVAL_MS, HEARTBEAT_MS);
      yarnConf.setLong(YarnConfiguration.NM_SLEEP_DELAY_BEFORE_SIGKILL_MS, 250);
      // Without aggregation the NodeManager schedules each application's log deletion this
      // long after it ends, and its stop waits 10 s for such pending work: delete at once
      // (task diagnostics, which the tests print, survive in the job history).
      yarnConf.setLong(YarnConfiguration.NM_LOG_RETAIN_SECONDS, 0);
      yarnConf.set("yarn.app.mapreduce.am.staging-dir", "/staging");
      yarn = new MiniMRYarnCluster("minicluster-" + name, DATANODE_HOSTS.length);
      yarn.init(yarnConf);
      yarn.start();
      return new MiniCluster(base, dfs, yarn, jobJar, frameworkClasspath(), saved);
    } catch (IOException | RuntimeException e) {
      if (yarn != null) {
        yarn.stop();
      }
      if (dfs != null) {
        dfs.shutdown();
      }
      setSystemProperties(saved);
      throw e;
    }
  }

  /**
   * Configuration for a job on this cluster, submitted with the built job jar as
   * {@code hadoop jar} submits it: {@code mapreduce.job.jar} is set, and the containers'
   * classpath is Hadoop's jars without our classes.
   */
  Configuration jobConf() {
    Configuration conf = new Configuration(yarn.getConfig());
    conf.set(MRJobConfig.JAR, jobJar);
    // The mini cluster would give containers the test JVM's java.class.path (our classes
    // included); instead, as on a real cluster, the framework classpath and the job jar.
    conf.setBoolean(YarnConfiguration.IS_MINI_YARN_CLUSTER, false);
    conf.set(MRJobConfig.MAPREDUCE_APPLICATION_CLASSPATH, frameworkClasspath);

    conf.setInt(MRJobConfig.MR_AM_VMEM_MB, CONTAINER_MB);
    conf.set(MRJobConfig.MR_AM_COMMAND_OPTS, CONTAINER_JVM + " " + CONTAINER_OPENS);
    conf.setInt(MRJobConfig.MAP_MEMORY_MB, CONTAINER_MB);
    conf.setInt(MRJobConfig.REDUCE_MEMORY_MB, CONTAINER_MB);
    conf.set(MRJobConfig.MAP_JAVA_OPTS, CONTAINER_JVM);
    conf.set(MRJobConfig.REDUCE_JAVA_OPTS, CONTAINER_JVM);
    conf.setInt(MRJobConfig.MR_AM_TO_RM_HEARTBEAT_INTERVAL_MS, HEARTBEAT_MS);
    conf.setInt(Job.PROGRESS_MONITOR_POLL_INTERVAL_KEY, HEARTBEAT_MS);
    conf.setInt(MRJobConfig.IO_SORT_MB, 32);
    // Exact counters and a deterministic attempt count: no speculative duplicates.
    conf.setBoolean(MRJobConfig.MAP_SPECULATIVE, false);
    conf.setBoolean(MRJobConfig.REDUCE_SPECULATIVE, false);
    return conf;
  }

  /** The HDFS of this cluster. */
  DistributedFileSystem fs() throws IOException {
    return dfs.getFileSystem();
  }

  /** The DataNodes, in the order of {@link #DATANODE_HOSTS}. */
  List<DataNode> dataNodes() {
    return dfs.getDataNodes();
  }

  /**
   * Copies a local file into HDFS (parent directories created) with two replicas and the given
   * block size: a small one makes 7z folders straddle blocks.
   */
  Path upload(File local, Path target, long blockSize) throws IOException {
    DistributedFileSystem fs = fs();
    try (InputStream in = new FileInputStream(local);
        OutputStream out = fs.create(target, true, 64 * 1024, (short) 2, blockSize)) {
      IOUtils.copyBytes(in, out, 64 * 1024);
    }
    return fs.makeQualified(target);
  }

  @Override
  public void close() {
    try {
      yarn.stop();
    } finally {
      dfs.shutdown();
      setSystemProperties(savedProperties);
    }
  }

  /** Sets (or, for a null value, clears) system properties; returns their previous values. */
  private static Map<String, String> setSystemProperties(String... keysAndValues) {
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      values.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return setSystemProperties(values);
  }

  private static Map<String, String> setSystemProperties(Map<String, String> values) {
    Map<String, String> previous = new LinkedHashMap<>();
    values.forEach((key, value) -> {
      previous.put(key, value == null ? System.clearProperty(key) : System.setProperty(key, value));
    });
    return previous;
  }

  @Override
  public String toString() {
    return "mini cluster under " + base + " (" + dfs.getURI() + ")";
  }

  /**
   * The test JVM's classpath without the entries that hold our classes ({@code target/classes},
   * {@code target/test-classes}, the job jar): what a cluster's nodes have, Hadoop and its
   * dependencies. Failsafe runs tests through a manifest-only booter jar, so the real classpath
   * is in {@code surefire.test.class.path}.
   */
  static String frameworkClasspath() throws IOException {
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> kept = new ArrayList<>();
    for (String entry : classpath.split(File.pathSeparator)) {
      if (!entry.isEmpty() && !holdsOurClasses(new File(entry))) {
        kept.add(entry);
      }
    }
    return String.join(",", kept);
  }

  private static boolean holdsOurClasses(File entry) throws IOException {
    if (entry.isDirectory()) {
      return new File(entry, "io/logcount").isDirectory();
    }
    if (!entry.isFile()) {
      return false;
    }
    try (JarFile jar = new JarFile(entry)) {
      for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements();) {
        if (e.nextElement().getName().startsWith("io/logcount/")) {
          return true;
        }
      }
      return false;
    }
  }
}
