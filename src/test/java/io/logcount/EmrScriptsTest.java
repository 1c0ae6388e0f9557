package io.logcount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.GenericOptionsParser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs {@code scripts/emr-add-step} and {@code scripts/emr-create-cluster} with bash, as a user
 * would, and checks the aws command they print and the step JSON they write.
 *
 * <p>Nothing here can reach AWS: every run gets a PATH of its own holding only the tools the
 * scripts use (python3, mktemp, rm, cat) and, where a test wants one, a stub {@code aws} that
 * records its arguments and the step JSON it was given.
 */
class EmrScriptsTest {

  private static final Path BASEDIR = Paths.get(System.getProperty("basedir", ".")).toAbsolutePath();
  private static final Path ADD_STEP = BASEDIR.resolve("scripts/emr-add-step");
  private static final Path CREATE_CLUSTER = BASEDIR.resolve("scripts/emr-create-cluster");
  private static final Path EMR_CONF = BASEDIR.resolve("conf/emr.xml");

  private static final String CLUSTER = "j-2AXXXXXXGAPLF";
  private static final String JAR = "s3://example-bucket/jars/logcount-0.1.0.jar";
  private static final String LOG_URI = "s3://example-bucket/emr-logs/";
  /** Job arguments that break naive quoting: spaces, commas, quotes, $, a -D generic option. */
  private static final List<String> TRICKY_ARGS = Arrays.asList(
      "-D", "mapreduce.job.name=logs, May 2024", "--user-column", "3",
      "s3://example-bucket/in dir/a,b.7z", "it's $HOME \"quoted\" ünï", "s3://example-bucket/out");

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path tmp;
  private Path bin;
  private Path awsLog;

  @BeforeEach
  void sandboxPath() throws Exception {
    bin = Files.createDirectories(tmp.resolve("bin"));
    awsLog = tmp.resolve("aws-args.txt");
    for (String tool : new String[] {"mktemp", "rm", "cat"}) {
      wrap(tool, onPath(tool));
    }
    // The python3 on PATH may be a pyenv shim that needs PATH itself: wrap the interpreter.
    wrap("python3", Paths.get(exec(Arrays.asList("python3", "-c",
        "import sys; print(sys.executable)"), System.getenv("PATH")).trim()));
  }

  /** Puts a stub aws on the sandbox PATH: it records its arguments and the steps file. */
  private void installAwsStub() throws IOException {
    writeExecutable(bin.resolve("aws"), "#!" + onPath("bash") + "\n"
        + "printf '%s\\n' \"$@\" > '" + awsLog + "'\n"
        + "for a; do case $a in file://*) cat \"${a#file://}\" > '" + awsLog + ".steps';; esac; done\n"
        + "echo '{\"StepIds\": [\"s-STUB\"]}'\n");
  }

  // --- emr-add-step ---------------------------------------------------------------------

  @Test
  void addStepPrintsTheAwsCommandAndWritesTheStep() throws Exception {
    List<String> args = new ArrayList<>(Arrays.asList(CLUSTER, JAR, "unique-users"));
    args.addAll(TRICKY_ARGS);
    Run run = run(ADD_STEP, args);

    assertEquals(0, run.exit, run.err);
    List<String> command = words(run.out);
    assertEquals(Arrays.asList("aws", "emr", "add-steps", "--cluster-id", CLUSTER, "--steps"),
        command.subList(0, 6));
    assertEquals(7, command.size(), run.out);
    Path stepsFile = stepsFile(command);
    assertTrue(stepsFile.startsWith(tmp), "steps file under TMPDIR: " + stepsFile);
    assertTrickyUniqueUsersStep(singleStep(read(stepsFile)), "CONTINUE");
  }

  @Test
  void printedCommandRunsAsPrinted() throws Exception {
    installAwsStub();
    Run printed = run(ADD_STEP, Arrays.asList("--region", "eu-west-1", "--profile", "team data",
        "--name", "nightly 'EU', v2", CLUSTER, JAR, "unique-users", "in", "out"));
    assertEquals(0, printed.exit, printed.err);

    // What a user does next: paste the command into a shell.
    Run pasted = exec(bin, tmp, onPath("bash").toString(), "-c", printed.out);
    assertEquals(0, pasted.exit, pasted.err);
    List<String> awsArgs = Files.readAllLines(awsLog, StandardCharsets.UTF_8);
    assertEquals(Arrays.asList("emr", "add-steps", "--region", "eu-west-1", "--profile", "team data",
        "--cluster-id", CLUSTER, "--steps"), awsArgs.subList(0, 9));
    JsonNode step = singleStep(read(Paths.get(awsLog + ".steps")));
    assertEquals("nightly 'EU', v2", step.get("Name").asText());
  }

  @Test
  void runSubmitsTheSameStepAndCleansUp() throws Exception {
    installAwsStub();
    List<String> args = new ArrayList<>(Arrays.asList("--run", "--action-on-failure",
        "CANCEL_AND_WAIT", CLUSTER, JAR, "unique-users"));
    args.addAll(TRICKY_ARGS);
    Run run = run(ADD_STEP, args);

    assertEquals(0, run.exit, run.err);
    assertEquals("{\"StepIds\": [\"s-STUB\"]}", run.out.trim(), "stdout is aws's answer only");
    assertTrue(run.err.contains("aws emr add-steps"), run.err);
    List<String> awsArgs = Files.readAllLines(awsLog, StandardCharsets.UTF_8);
    assertEquals(Arrays.asList("emr", "add-steps", "--cluster-id", CLUSTER, "--steps"),
        awsArgs.subList(0, 5));
    JsonNode step = singleStep(read(Paths.get(awsLog + ".steps")));
    assertEquals("CANCEL_AND_WAIT", step.get("ActionOnFailure").asText());
    assertEquals(concat(Arrays.asList("unique-users"), TRICKY_ARGS), texts(step.get("Args")));
    assertEquals(Arrays.asList(), leftovers(), "temporary step JSON removed after --run");
  }

  @Test
  void runWithoutAwsOnPathFailsClearly() throws Exception {
    Run run = run(ADD_STEP, Arrays.asList("--run", CLUSTER, JAR, "unique-users", "in", "out"));

    assertEquals(1, run.exit, run.err);
    assertTrue(run.err.contains("--run needs the AWS CLI, and 'aws' is not on PATH"), run.err);
    assertEquals("", run.out);
    assertEquals(Arrays.asList(), leftovers(), "nothing written when the run cannot happen");
  }

  @Test
  void confFileBecomesGenericOptionsThatHadoopReadsBack() throws Exception {
    List<String> jobArgs = Arrays.asList("-D", "mapreduce.map.speculative=true", "in", "out");
    Run run = run(ADD_STEP, concat(Arrays.asList("--print-json", "--conf", EMR_CONF.toString(),
        CLUSTER, JAR, "unique-users"), jobArgs));
    assertEquals(0, run.exit, run.err);
    List<String> stepArgs = texts(singleStep(run.out).get("Args"));
    assertEquals("unique-users", stepArgs.get(0));

    // What LogCount hands to ToolRunner: everything after the job name.
    Configuration parsed = new Configuration(false);
    String[] toolArgs = stepArgs.subList(1, stepArgs.size()).toArray(new String[0]);
    String[] remaining = new GenericOptionsParser(parsed, toolArgs).getRemainingArgs();

    assertEquals(Arrays.asList("in", "out"), Arrays.asList(remaining));
    Configuration emrXml = new Configuration(false);
    emrXml.addResource(new org.apache.hadoop.fs.Path(EMR_CONF.toUri()));
    int properties = 0;
    for (Map.Entry<String, String> e : emrXml) {
      properties++;
      String expected = e.getKey().equals("mapreduce.map.speculative") ? "true" : e.getValue();
      assertEquals(expected, parsed.get(e.getKey()), e.getKey());
    }
    assertTrue(properties >= 8, "conf/emr.xml has its settings: " + properties);
    assertEquals(1 + 2 * properties + jobArgs.size(), stepArgs.size(), "one -D pair each");
  }

  @Test
  void optionsAfterJobGoToTheJobWithAWarning() throws Exception {
    installAwsStub();
    Run run = run(ADD_STEP, Arrays.asList("--print-json", CLUSTER, JAR, "unique-users", "--run",
        "in", "out"));

    assertEquals(0, run.exit, run.err);
    assertTrue(run.err.contains("warning: --run comes after JOB"), run.err);
    assertEquals(Arrays.asList("unique-users", "--run", "in", "out"),
        texts(singleStep(run.out).get("Args")));
    assertFalse(Files.exists(awsLog), "aws not run");
  }

  @Test
  void helpGoesToStdout() throws Exception {
    for (Path script : new Path[] {ADD_STEP, CREATE_CLUSTER}) {
      Run run = run(script, Arrays.asList("--help"));
      assertEquals(0, run.exit, run.err);
      assertTrue(run.out.startsWith("usage: " + script.getFileName()), run.out);
    }
  }

  // --- emr-create-cluster ---------------------------------------------------------------

  @Test
  void createClusterPrintsATransientCluster() throws Exception {
    Run run = run(CREATE_CLUSTER, concat(Arrays.asList("--log-uri", LOG_URI, JAR, "unique-users"),
        TRICKY_ARGS));

    assertEquals(0, run.exit, run.err);
    List<String> command = words(run.out);
    assertEquals(Arrays.asList("aws", "emr", "create-cluster"), command.subList(0, 3));
    assertEquals("logcount unique-users", valueOf(command, "--name"));
    assertEquals("emr-7.14.0", valueOf(command, "--release-label"));
    assertEquals("Name=Hadoop", valueOf(command, "--applications"));
    assertEquals(LOG_URI, valueOf(command, "--log-uri"));
    assertEquals("EMR_DefaultRole", valueOf(command, "--service-role"));
    assertEquals("InstanceProfile=EMR_EC2_DefaultRole", valueOf(command, "--ec2-attributes"));
    int groups = command.indexOf("--instance-groups");
    assertEquals(Arrays.asList(
        "InstanceGroupType=MASTER,InstanceCount=1,InstanceType=m5.xlarge",
        "InstanceGroupType=CORE,InstanceCount=2,InstanceType=m5.xlarge"),
        command.subList(groups + 1, groups + 3));
    assertEquals("--auto-terminate", command.get(command.size() - 1));

    assertTrickyUniqueUsersStep(singleStep(read(stepsFile(command))), "TERMINATE_CLUSTER");
  }

  @Test
  void createClusterOptions() throws Exception {
    Run run = run(CREATE_CLUSTER, Arrays.asList("--log-uri=" + LOG_URI, "--release-label",
        "emr-6.15.0", "--instance-type", "c5.2xlarge", "--instance-count", "1", "--subnet",
        "subnet-0123abcd", "--service-role", "MyEmrRole", "--ec2-role", "MyEc2Profile",
        "--name", "logcount nightly", "--step-name", "count users", "--action-on-failure",
        "CONTINUE", "--region", "us-east-1", JAR, "unique-users", "in", "out"));

    assertEquals(0, run.exit, run.err);
    List<String> command = words(run.out);
    assertEquals("us-east-1", valueOf(command, "--region"));
    assertEquals("logcount nightly", valueOf(command, "--name"));
    assertEquals("emr-6.15.0", valueOf(command, "--release-label"));
    assertEquals("MyEmrRole", valueOf(command, "--service-role"));
    assertEquals("InstanceProfile=MyEc2Profile,SubnetId=subnet-0123abcd",
        valueOf(command, "--ec2-attributes"));
    int groups = command.indexOf("--instance-groups");
    assertEquals("InstanceGroupType=MASTER,InstanceCount=1,InstanceType=c5.2xlarge",
        command.get(groups + 1));
    assertTrue(command.get(groups + 2).startsWith("--"), "a single node has no core group");
    JsonNode step = singleStep(read(stepsFile(command)));
    assertEquals("count users", step.get("Name").asText());
    assertEquals("CONTINUE", step.get("ActionOnFailure").asText());
  }

  // --- bad usage ------------------------------------------------------------------------

  static Stream<Arguments> badUsage() {
    return Stream.of(
        Arguments.of(ADD_STEP, Arrays.asList(), "missing CLUSTER_ID"),
        Arguments.of(ADD_STEP, Arrays.asList(CLUSTER), "missing the job jar"),
        Arguments.of(ADD_STEP, Arrays.asList(CLUSTER, JAR), "missing JOB"),
        Arguments.of(ADD_STEP, Arrays.asList("cluster-1", JAR, "unique-users"),
            "'cluster-1' is not an EMR cluster id"),
        Arguments.of(ADD_STEP, Arrays.asList("j-2axxx", JAR, "unique-users"),
            "'j-2axxx' is not an EMR cluster id"),
        Arguments.of(ADD_STEP, Arrays.asList(CLUSTER, "target/logcount-0.1.0.jar", "unique-users"),
            "the job jar must be an s3:// URI ending in .jar"),
        Arguments.of(ADD_STEP, Arrays.asList(CLUSTER, "s3://example-bucket/logcount.zip", "x"),
            "the job jar must be an s3:// URI ending in .jar"),
        Arguments.of(ADD_STEP, Arrays.asList(CLUSTER, JAR, "s3://example-bucket/in"),
            "JOB must be a logcount command"),
        Arguments.of(ADD_STEP, Arrays.asList("--action-on-failure", "RETRY", CLUSTER, JAR, "u"),
            "--action-on-failure must be CONTINUE, CANCEL_AND_WAIT or TERMINATE_CLUSTER"),
        Arguments.of(ADD_STEP, Arrays.asList("--name"), "option --name needs a value"),
        Arguments.of(ADD_STEP, Arrays.asList("--conf-s3", "s3://b/emr.xml", CLUSTER, JAR, "u"),
            "unknown option: --conf-s3"),
        Arguments.of(ADD_STEP, Arrays.asList("--conf", "s3://b/emr.xml", CLUSTER, JAR, "u"),
            "--conf takes a local Hadoop XML file"),
        Arguments.of(ADD_STEP, Arrays.asList("--conf", "no-such.xml", CLUSTER, JAR, "u"),
            "--conf: no such file: no-such.xml"),
        Arguments.of(ADD_STEP, Arrays.asList("--run", "--print-json", CLUSTER, JAR, "u"),
            "--run and --print-json exclude each other"),
        Arguments.of(CREATE_CLUSTER, Arrays.asList(JAR, "unique-users", "in", "out"),
            "missing --log-uri"),
        Arguments.of(CREATE_CLUSTER, Arrays.asList("--log-uri", "/var/log/emr", JAR, "u"),
            "--log-uri must be an s3:// URI"),
        Arguments.of(CREATE_CLUSTER, Arrays.asList("--log-uri", LOG_URI), "missing the job jar"),
        Arguments.of(CREATE_CLUSTER, Arrays.asList("--log-uri", LOG_URI, "/tmp/a.jar", "u"),
            "the job jar must be an s3:// URI ending in .jar"),
        Arguments.of(CREATE_CLUSTER, Arrays.asList("--log-uri", LOG_URI, JAR), "missing JOB"),
        Arguments.of(CREATE_CLUSTER, Arrays.asList("--log-uri", LOG_URI, "--instance-count", "0",
            JAR, "u"), "--instance-count must be a whole number of nodes, at least 1"),
        Arguments.of(CREATE_CLUSTER, Arrays.asList("--log-uri", LOG_URI, "--release-label", "7.14",
            JAR, "u"), "--release-label must look like emr-7.14.0"),
        Arguments.of(CREATE_CLUSTER, Arrays.asList("--log-uri", LOG_URI, "--subnet", "vpc-1",
            JAR, "u"), "--subnet must be a subnet id"),
        Arguments.of(CREATE_CLUSTER, Arrays.asList("--log-uri", LOG_URI, "--ec2-role", "a,b",
            JAR, "u"), "--ec2-role must be an instance profile name without commas"));
  }

  @ParameterizedTest
  @MethodSource
  void badUsage(Path script, List<String> args, String message) throws Exception {
    installAwsStub();
    Run run = run(script, args);

    assertEquals(2, run.exit, run.err);
    assertTrue(run.err.startsWith(script.getFileName() + ": " + message), run.err);
    assertTrue(run.err.contains("usage: " + script.getFileName()), run.err);
    assertEquals("", run.out);
    assertFalse(Files.exists(awsLog), "aws not run");
    assertEquals(Arrays.asList(), leftovers());
  }

  // --- helpers --------------------------------------------------------------------------

  private static final class Run {
    final int exit;
    final String out;
    final String err;

    Run(int exit, String out, String err) {
      this.exit = exit;
      this.out = out;
      this.err = err;
    }
  }

  private Run run(Path script, List<String> args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(onPath("bash").toString());
    command.add(script.toString());
    command.addAll(args);
    return exec(bin, tmp, command.toArray(new String[0]));
  }

  /** Runs COMMAND in DIR with PATH=bin and TMPDIR=DIR, and nothing else from our environment. */
  private static Run exec(Path bin, Path dir, String... command) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    Map<String, String> env = pb.environment();
    env.clear();
    env.put("PATH", bin.toString());
    env.put("TMPDIR", dir.toString());
    env.put("HOME", dir.toString());
    env.put("LC_ALL", "C.UTF-8");
    return finish(pb.start());
  }

  private static String exec(List<String> command, String path) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("PATH", path);
    Run run = finish(pb.start());
    assertEquals(0, run.exit, String.join(" ", command) + ": " + run.err);
    return run.out;
  }

  private static Run finish(Process p) throws Exception {
    p.getOutputStream().close();
    CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> drain(p.getInputStream()));
    CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> drain(p.getErrorStream()));
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("script did not finish in 60 s");
    }
    return new Run(p.exitValue(), out.get(), err.get());
  }

  private static String drain(InputStream in) {
    try (InputStream stream = in) {
      return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The first executable named TOOL on this JVM's PATH. */
  private static Path onPath(String tool) {
    for (String dir : System.getenv("PATH").split(File.pathSeparator)) {
      Path candidate = Paths.get(dir, tool);
      if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new AssertionError(tool + " is not on PATH; the EMR scripts need it");
  }

  private void wrap(String name, Path target) throws IOException {
    writeExecutable(bin.resolve(name), "#!" + onPath("sh") + "\nexec '" + target + "' \"$@\"\n");
  }

  private static void writeExecutable(Path file, String text) throws IOException {
    Files.write(file, text.getBytes(StandardCharsets.UTF_8));
    assertTrue(file.toFile().setExecutable(true));
  }

  /** Temporary directories the scripts left in TMPDIR. */
  private List<String> leftovers() throws IOException {
    List<String> names = new ArrayList<>();
    try (Stream<Path> files = Files.list(tmp)) {
      files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("logcount-emr."))
          .forEach(names::add);
    }
    return names;
  }

  /** The words of a printed command, as the shell would split them. */
  private List<String> words(String printed) throws Exception {
    Run run = exec(bin, tmp, onPath("bash").toString(), "-c",
        "set -- " + printed.trim() + "\nprintf '%s\\0' \"$@\"");
    assertEquals(0, run.exit, run.err);
    List<String> words = new ArrayList<>(Arrays.asList(run.out.split("\0", -1)));
    words.remove(words.size() - 1);
    return words;
  }

  /** The file that the command's --steps file://... names. */
  private static Path stepsFile(List<String> command) {
    String uri = valueOf(command, "--steps");
    assertTrue(uri.startsWith("file:///"), uri);
    return Paths.get(uri.substring("file://".length()));
  }

  private static String valueOf(List<String> command, String option) {
    int i = command.indexOf(option);
    assertTrue(i >= 0 && i + 1 < command.size(), option + " in " + command);
    return command.get(i + 1);
  }

  /** The step for unique-users with TRICKY_ARGS, its default name and ACTION on failure. */
  private static void assertTrickyUniqueUsersStep(JsonNode step, String action) {
    assertEquals("CUSTOM_JAR", step.get("Type").asText());
    assertEquals("logcount unique-users", step.get("Name").asText());
    assertEquals(action, step.get("ActionOnFailure").asText());
    assertEquals(JAR, step.get("Jar").asText());
    assertEquals(concat(Arrays.asList("unique-users"), TRICKY_ARGS), texts(step.get("Args")));
  }

  private static JsonNode singleStep(String json) throws IOException {
    JsonNode steps = JSON.readTree(json);
    assertTrue(steps.isArray(), json);
    assertEquals(1, steps.size(), json);
    return steps.get(0);
  }

  private static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(n -> texts.add(n.asText()));
    return texts;
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  private static String read(Path file) throws IOException {
    return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
  }
}
