package io.logcount.testing;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.hadoop.conf.Configuration;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An S3-compatible server on loopback for tests: S3Proxy ({@code org.gaul:s3proxy}, its
 * jar-with-dependencies) in a JVM of its own, keeping objects in memory (jclouds' transient
 * store), with request signing on (AWS v2 or v4, as S3A signs) and one pair of dummy
 * credentials. Started by {@link #start}, stopped by {@link #close}.
 *
 * <p>A child JVM rather than a library on the test classpath: S3Proxy brings Jetty 11, slf4j 2,
 * logback and Guava 33, which would replace Hadoop's Jetty 9, slf4j 1.7 binding and Guava there
 * (and break the minicluster). Maven copies the jar ({@code copy-s3proxy} in pom.xml) and
 * Failsafe names it in the system property {@value #JAR_PROPERTY}.
 */
public final class S3ProxyServer implements AutoCloseable {

  /** System property naming S3Proxy's jar-with-dependencies; Failsafe sets it (pom.xml). */
  public static final String JAR_PROPERTY = "s3proxy.jar";
  /** The access key every request is signed with. */
  public static final String ACCESS_KEY = "logcount-it";
  /** Its secret key (a dummy: the server lives on loopback for one test class). */
  public static final String SECRET_KEY = "logcount-it-secret";
  /** The region S3A and the SDK are told; S3Proxy accepts any. */
  public static final String REGION = "us-east-1";

  private static final long START_TIMEOUT_MS = 60_000;

  private final Process process;
  private final int port;
  private final File log;

  private S3ProxyServer(Process process, int port, File log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /**
   * Starts S3Proxy on a free loopback port, its properties and log under {@code dir}, and waits
   * until it accepts connections.
   *
   * @throws IllegalStateException if the jar is not there (the test ran outside Maven)
   * @throws IOException if the server does not come up; the message holds the end of its log
   */
  public static S3ProxyServer start(File dir) throws IOException {
    File jar = jar();
    Files.createDirectories(dir.toPath());
    int port = freeLoopbackPort();
    Properties props = new Properties();
    props.setProperty("s3proxy.endpoint", "http://127.0.0.1:" + port);
    props.setProperty("s3proxy.authorization", "aws-v2-or-v4");
    props.setProperty("s3proxy.identity", ACCESS_KEY);
    props.setProperty("s3proxy.credential", SECRET_KEY);
    props.setProperty("jclouds.provider", "transient");
    props.setProperty("jclouds.identity", ACCESS_KEY);
    props.setProperty("jclouds.credential", SECRET_KEY);
    File conf = new File(dir, "s3proxy-" + port + ".properties");
    try (OutputStream out = Files.newOutputStream(conf.toPath())) {
      props.store(out, "S3Proxy of a logcount test");
    }
    File log = new File(dir, "s3proxy-" + port + ".log");
    List<String> command = new ArrayList<>();
    command.add(new File(System.getProperty("java.home"), "bin/java").getAbsolutePath());
    // A server for a few MB of objects, up for a minute: small heap, quick start.
    command.add("-Xmx384m");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-jar");
    command.add(jar.getAbsolutePath());
    command.add("--properties");
    command.add(conf.getAbsolutePath());
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.to(log));
    builder.environment().put("LOG_LEVEL", "warn");
    Process process = builder.start();
    S3ProxyServer server = new S3ProxyServer(process, port, log);
    try {
      server.awaitListening();
    } catch (IOException | RuntimeException e) {
      server.close();
      throw e;
    }
    return server;
  }

  private static File jar() {
    String path = System.getProperty(JAR_PROPERTY);
    if (path == null || !new File(path).isFile()) {
      throw new IllegalStateException("no S3Proxy jar (system property " + JAR_PROPERTY + " = " + path
          + "): run the *IT classes through Maven (mvn verify), which copies it to target/s3proxy/");
    }
    return new File(path);
  }

  /** A port nothing listens on now (another process could take it before S3Proxy does: unlikely on loopback). */
  private static int freeLoopbackPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  private void awaitListening() throws IOException {
    long deadline = System.currentTimeMillis() + START_TIMEOUT_MS;
    while (System.currentTimeMillis() < deadline) {
      if (!process.isAlive()) {
        throw new IOException("S3Proxy exited " + process.exitValue() + " at start: " + logTail());
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 500);
        return;
      } catch (IOException notYet) {
        sleep(100);
      }
    }
    throw new IOException("S3Proxy did not listen on port " + port + " within " + START_TIMEOUT_MS + " ms: "
        + logTail());
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for S3Proxy", e);
    }
  }

  private String logTail() {
    try {
      String text = new String(Files.readAllBytes(log.toPath()), StandardCharsets.UTF_8);
      return text.substring(Math.max(0, text.length() - 4000));
    } catch (IOException e) {
      return "(no log: " + e + ")";
    }
  }

  /** {@code http://127.0.0.1:PORT}. */
  public String endpoint() {
    return "http://127.0.0.1:" + port;
  }

  /**
   * Points S3A at this server: its endpoint over plain HTTP, path-style URLs (no bucket host
   * names to resolve), the dummy credentials and region; no bucket probe at start.
   */
  public void configureS3a(Configuration conf) {
    conf.set("fs.s3a.endpoint", endpoint());
    conf.set("fs.s3a.endpoint.region", REGION);
    conf.setBoolean("fs.s3a.path.style.access", true);
    conf.setBoolean("fs.s3a.connection.ssl.enabled", false);
    conf.set("fs.s3a.access.key", ACCESS_KEY);
    conf.set("fs.s3a.secret.key", SECRET_KEY);
    conf.set("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    conf.setInt("fs.s3a.bucket.probe", 0);
    conf.setInt("fs.s3a.attempts.maximum", 2);
    conf.setInt("fs.s3a.retry.limit", 2);
  }

  /** Creates {@code bucket} (S3A never creates buckets). */
  public void createBucket(String bucket) {
    try (S3Client s3 = S3Client.builder()
        .endpointOverride(URI.create(endpoint()))
        .region(Region.of(REGION))
        .forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
        .build()) {
      s3.createBucket(b -> b.bucket(bucket));
    }
  }

  /** Stops the server (and its JVM); safe to call twice. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  /** Where the server's output goes. */
  public File log() {
    return log;
  }

  @Override
  public String toString() {
    return "S3Proxy at " + endpoint() + " (log " + log + ")";
  }
}
