package io.logcount;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.IOUtils;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.mapreduce.MRJobConfig;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.util.GenericOptionsParser;
import org.apache.hadoop.util.ReflectionUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Checks the cluster configuration files in {@code conf/}: each property is one Hadoop 3.4
 * knows and says why it is set, the single-node containers fit the single NodeManager, the
 * heaps fit their containers, and the EMR settings do what conf/emr.xml claims.
 */
class ClusterConfTest {

  private static final Path CONF = Paths.get(System.getProperty("basedir", ".")).resolve("conf");
  private static final Path EMR = CONF.resolve("emr.xml");
  private static final Path PSEUDO = CONF.resolve("pseudo-distributed");

  /** Keys that Hadoop reads but that no *-default.xml lists (or lists commented out). */
  private static final Set<String> KNOWN_WITHOUT_DEFAULT = new HashSet<>(Arrays.asList(
      FileInputFormat.SPLIT_MAXSIZE, MRJobConfig.MAP_JAVA_OPTS, MRJobConfig.REDUCE_JAVA_OPTS,
      MRJobConfig.MAP_ENV, MRJobConfig.REDUCE_ENV));

  static Stream<Path> confFiles() throws Exception {
    try (Stream<Path> pseudo = Files.list(PSEUDO)) {
      List<Path> files = new ArrayList<>();
      files.add(EMR);
      pseudo.filter(p -> p.toString().endsWith(".xml")).sorted().forEach(files::add);
      assertEquals(5, files.size(), "emr.xml and the four *-site.xml files: " + files);
      return files.stream();
    }
  }

  @ParameterizedTest
  @MethodSource("confFiles")
  void everyPropertyIsKnownToHadoopAndSaysWhy(Path file) throws Exception {
    Set<String> known = hadoopDefaultKeys();
    Set<String> seen = new HashSet<>();
    NodeList properties = DocumentBuilderFactory.newInstance().newDocumentBuilder()
        .parse(file.toFile()).getDocumentElement().getElementsByTagName("property");
    assertTrue(properties.getLength() > 0, file.toString());
    for (int i = 0; i < properties.getLength(); i++) {
      Element property = (Element) properties.item(i);
      String name = text(property, "name");
      assertTrue(seen.add(name), file + ": " + name + " set twice");
      assertTrue(known.contains(name) || KNOWN_WITHOUT_DEFAULT.contains(name),
          file + ": " + name + " is not a Hadoop 3.4 property (a typo?)");
      assertFalse(text(property, "value").isEmpty(), file + ": " + name + " has no value");
      assertTrue(text(property, "description").length() > 20,
          file + ": " + name + " needs a <description> saying why it is set");
    }
  }

  @ParameterizedTest
  @MethodSource("confFiles")
  void noBucketsOrSecrets(Path file) throws Exception {
    String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    assertFalse(Pattern.compile("s3a?://[a-z0-9]").matcher(text).find(), file + " names a bucket");
    assertFalse(Pattern.compile("(?i)<name>[^<]*(secret|password|access\\.key|token)")
        .matcher(text).find(), file + " sets a credential");
  }

  @Test
  void pseudoDistributedRunsMapReduceOnYarnOverLocalHdfs() {
    Configuration conf = pseudoDistributed();
    assertEquals("hdfs://localhost:9000", conf.get("fs.defaultFS"));
    assertEquals(1, conf.getInt("dfs.replication", 3));
    assertEquals("yarn", conf.get("mapreduce.framework.name"));
    assertTrue(conf.getTrimmedStringCollection("yarn.nodemanager.aux-services")
        .contains("mapreduce_shuffle"));
    assertTrue(conf.getTrimmedStringCollection("yarn.nodemanager.env-whitelist")
        .contains("HADOOP_MAPRED_HOME"));
    assertTrue(conf.get("mapreduce.application.classpath")
        .startsWith("$HADOOP_MAPRED_HOME/share/hadoop/mapreduce/*"));
    for (String env : new String[] {"yarn.app.mapreduce.am.env", "mapreduce.map.env",
        "mapreduce.reduce.env"}) {
      // ${HADOOP_HOME} must reach the container's launch script unexpanded.
      assertEquals("HADOOP_MAPRED_HOME=${HADOOP_HOME}", conf.get(env), env);
    }
  }

  @Test
  void pseudoDistributedContainersFitTheNode() {
    Configuration conf = pseudoDistributed();
    int node = conf.getInt("yarn.nodemanager.resource.memory-mb", -1);
    int min = conf.getInt("yarn.scheduler.minimum-allocation-mb", -1);
    int max = conf.getInt("yarn.scheduler.maximum-allocation-mb", -1);
    assertTrue(max <= node, "largest container within the node");
    int am = conf.getInt("yarn.app.mapreduce.am.resource.mb", -1);
    int map = conf.getInt("mapreduce.map.memory.mb", -1);
    int reduce = conf.getInt("mapreduce.reduce.memory.mb", -1);
    for (int container : new int[] {am, map, reduce}) {
      assertTrue(container >= min && container <= max && container % min == 0, "" + container);
    }
    assertTrue(am + 2 * map <= node, "the AM and two maps run at once");
    assertHeapFits(conf, "yarn.app.mapreduce.am.command-opts", am);
    assertHeapFits(conf, "mapreduce.map.java.opts", map);
    assertHeapFits(conf, "mapreduce.reduce.java.opts", reduce);
  }

  @Test
  void emrSettingsDoWhatTheySay() throws Exception {
    Configuration conf = new Configuration(false);
    conf.addResource(new org.apache.hadoop.fs.Path(EMR.toUri()));

    assertFalse(conf.getBoolean("mapreduce.map.speculative", true));
    assertFalse(conf.getBoolean("mapreduce.reduce.speculative", true));
    long max = conf.getLong(FileInputFormat.SPLIT_MAXSIZE, -1);
    assertEquals(1L << 30, max);
    assertEquals(max, conf.getLong(FileInputFormat.SPLIT_MINSIZE, -1),
        "min == max, so the filesystem's block size cannot shrink splits");
    assertNull(conf.get("mapreduce.job.reduces"), "left to each run");
    assertNull(conf.get("mapreduce.task.timeout"), "left at Hadoop's default");
    assertHeapFits(conf, "mapreduce.map.java.opts", conf.getInt("mapreduce.map.memory.mb", -1));
    assertHeapFits(conf, "mapreduce.reduce.java.opts",
        conf.getInt("mapreduce.reduce.memory.mb", -1));

    assertTrue(conf.getBoolean("mapreduce.map.output.compress", false));
    Class<? extends CompressionCodec> codecClass = conf.getClass(
        "mapreduce.map.output.compress.codec", null, CompressionCodec.class);
    CompressionCodec codec = ReflectionUtils.newInstance(codecClass, new Configuration());
    byte[] data = "U0001\t1\nU0002\t3\n".repeat(1000).getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream packed = new ByteArrayOutputStream();
    try (OutputStream out = codec.createOutputStream(packed)) {
      out.write(data);
    }
    ByteArrayOutputStream unpacked = new ByteArrayOutputStream();
    try (InputStream in = codec.createInputStream(new ByteArrayInputStream(packed.toByteArray()))) {
      IOUtils.copyBytes(in, unpacked, 4096, false);
    }
    assertArrayEquals(data, unpacked.toByteArray(), codecClass + " round trip without libhadoop");
    assertTrue(packed.size() < data.length / 4, codecClass + " compresses");
  }

  /** Why the EMR scripts expand --conf into -D options: hadoop's -conf skips what it cannot open. */
  @Test
  void hadoopConfOptionSilentlyIgnoresAnS3Uri() throws Exception {
    Configuration conf = new Configuration(false);
    String[] rest = new GenericOptionsParser(conf,
        new String[] {"-conf", "s3://example-bucket/conf/emr.xml", "in", "out"}).getRemainingArgs();
    assertEquals(Arrays.asList("in", "out"), Arrays.asList(rest));
    assertNull(conf.get("mapreduce.map.memory.mb"), "nothing was loaded, and nothing said so");
  }

  private static Configuration pseudoDistributed() {
    Configuration conf = new Configuration(false);
    for (String site : new String[] {"core", "hdfs", "mapred", "yarn"}) {
      conf.addResource(new org.apache.hadoop.fs.Path(PSEUDO.resolve(site + "-site.xml").toUri()));
    }
    return conf;
  }

  /** -Xmx at most 85% of the container: the JVM needs the rest outside the heap. */
  private static void assertHeapFits(Configuration conf, String key, int containerMb) {
    Matcher xmx = Pattern.compile("-Xmx(\\d+)([mMgG])").matcher(conf.get(key, ""));
    assertTrue(xmx.find(), key + " sets -Xmx");
    long heapMb = Long.parseLong(xmx.group(1)) * (xmx.group(2).equalsIgnoreCase("g") ? 1024 : 1);
    assertTrue(heapMb <= containerMb * 0.85 && heapMb >= containerMb * 0.6,
        key + ": -Xmx" + heapMb + "m in a " + containerMb + " MiB container");
  }

  private static Set<String> hadoopDefaultKeys() throws Exception {
    Set<String> keys = new HashSet<>();
    for (String resource : new String[] {"core-default.xml", "hdfs-default.xml",
        "mapred-default.xml", "yarn-default.xml"}) {
      URL url = ClusterConfTest.class.getClassLoader().getResource(resource);
      assertTrue(url != null, resource + " on the test classpath");
      try (InputStream in = url.openStream()) {
        NodeList names = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in)
            .getElementsByTagName("name");
        for (int i = 0; i < names.getLength(); i++) {
          keys.add(names.item(i).getTextContent().trim());
        }
      }
    }
    return keys;
  }

  private static String text(Element parent, String tag) {
    NodeList nodes = parent.getElementsByTagName(tag);
    assertEquals(1, nodes.getLength(), "one <" + tag + ">");
    return nodes.item(0).getTextContent().trim();
  }
}
