package io.logcount.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The built job jar holds our classes and our relocated dependencies, nothing else: no Hadoop
 * (the cluster brings its own) and no unrelocated copy of a library Hadoop 3.4 also puts on the
 * task classpath (its older commons-compress would win: {@code NoSuchMethodError}), nor of one
 * other frameworks on a cluster bring in other versions (DataSketches: Hive, Spark). Checked on
 * the class files themselves: entry names, and every class name their constant pools refer to.
 */
class JobJarContentsIT {

  /** Our package; every class in the jar lives under it. */
  private static final String OURS = "io/logcount/";
  /** Where the shade plugin relocates our dependencies (pom.xml, shade.prefix). */
  private static final String SHADED = "io/logcount/shaded/";
  /** Libraries Hadoop 3.4 ships in other versions: only relocated copies may be used. */
  private static final String[] MUST_BE_RELOCATED = {
      "org/apache/commons/compress/", "org/apache/commons/io/", "org/apache/commons/lang3/",
      "org/apache/commons/codec/", "org/tukaani/", "org/apache/datasketches/"};
  /**
   * JNI libraries kept under their own names (pom.xml says why: their native symbols embed the
   * Java package); Hadoop ships neither on the task classpath.
   */
  private static final String[] JNI_UNRELOCATED = {"com/github/luben/zstd/", "net/jpountz/"};
  /** Java 8 class files: the jar runs on EMR 6.x (Java 8) as on Hadoop 3.4 with Java 11/17. */
  private static final int JAVA_8 = 52;

  private static JarFile jar;
  /** Class file entries by name. */
  private static final Map<String, ClassFile> classes = new TreeMap<>();

  @BeforeAll
  static void readJar() throws IOException {
    jar = new JarFile(MiniCluster.jobJar());
    for (Enumeration<JarEntry> e = jar.entries(); e.hasMoreElements();) {
      JarEntry entry = e.nextElement();
      if (entry.getName().endsWith(".class")) {
        try (InputStream in = jar.getInputStream(entry)) {
          classes.put(entry.getName(), ClassFile.read(new DataInputStream(in)));
        }
      }
    }
  }

  @AfterAll
  static void closeJar() throws IOException {
    if (jar != null) {
      jar.close();
    }
  }

  @Test
  void everyClassIsOursOrRelocatedUnderOurPackage() {
    List<String> foreign = new ArrayList<>();
    for (String name : classes.keySet()) {
      if (!name.startsWith(OURS) && !isJni(name)) {
        foreign.add(name);
      }
    }
    // no org/apache/hadoop/, no com/google/ (Guava), no unrelocated commons-*, xz or datasketches
    assertEquals(Collections.emptyList(), foreign);
    // the JNI libraries' native code for Linux x86-64 and aarch64 at the paths their loaders look
    for (String lib : new String[] {"linux/amd64/libzstd-jni-", "linux/aarch64/libzstd-jni-",
        "net/jpountz/util/linux/amd64/liblz4-java.so", "net/jpountz/util/linux/aarch64/liblz4-java.so"}) {
      assertTrue(jar.stream().anyMatch(e -> e.getName().startsWith(lib)), lib + " in the jar");
    }
    for (String relocated : new String[] {"org/apache/commons/compress/", "org/tukaani/xz/",
        "org/apache/datasketches/cpc/", "org/apache/datasketches/memory/"}) {
      assertTrue(classes.keySet().stream().anyMatch(n -> n.startsWith(SHADED + relocated)),
          "relocated copy of " + relocated + " present");
    }
  }

  @Test
  void noClassRefersToAnUnrelocatedDependency() {
    TreeSet<String> offenders = new TreeSet<>();
    for (Map.Entry<String, ClassFile> e : classes.entrySet()) {
      for (String constant : e.getValue().utf8) {
        if (constant.matches(".*\\s.*")) {
          continue; // prose (a message that mentions a name), not a name
        }
        for (String prefix : MUST_BE_RELOCATED) {
          // a class name or descriptor (org/tukaani/...), or a string naming a class (org.tukaani...)
          if (refersTo(constant, prefix) || refersTo(constant, prefix.replace('/', '.'))) {
            offenders.add(e.getKey() + " -> " + constant);
          }
        }
      }
    }
    assertEquals(Collections.emptySet(), offenders);
  }

  private static boolean isJni(String name) {
    for (String prefix : JNI_UNRELOCATED) {
      if (name.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  /** True if {@code prefix} occurs in {@code constant} other than inside a relocated name. */
  private static boolean refersTo(String constant, String prefix) {
    String relocated = (prefix.indexOf('/') >= 0 ? SHADED : SHADED.replace('/', '.')) + prefix;
    return constant.replace(relocated, "").contains(prefix);
  }

  @Test
  void everyReferencedClassOfOursIsInTheJar() {
    TreeSet<String> missing = new TreeSet<>();
    for (Map.Entry<String, ClassFile> e : classes.entrySet()) {
      for (String referenced : e.getValue().classRefs) {
        if (referenced.startsWith(OURS) && !classes.containsKey(referenced + ".class")) {
          missing.add(e.getKey() + " -> " + referenced);
        }
      }
    }
    assertEquals(Collections.emptySet(), missing);
  }

  @Test
  void classFilesAreJava8() {
    TreeSet<String> newer = new TreeSet<>();
    for (Map.Entry<String, ClassFile> e : classes.entrySet()) {
      boolean shaded = e.getKey().startsWith(SHADED) || isJni(e.getKey());
      int major = e.getValue().major;
      // ours exactly Java 8 (maven.compiler.release); dependencies at most Java 8
      if (shaded ? major > JAVA_8 : major != JAVA_8) {
        newer.add(e.getKey() + " major " + major);
      }
    }
    assertEquals(Collections.emptySet(), newer);
    assertTrue(classes.containsKey("io/logcount/LogCount.class"));
  }

  @Test
  void manifestNamesTheDispatcherAsMainClass() throws IOException {
    Manifest manifest = jar.getManifest();
    assertEquals("io.logcount.LogCount", manifest.getMainAttributes().getValue("Main-Class"));
    assertEquals(null, manifest.getMainAttributes().getValue("Multi-Release"));
    assertTrue(jar.stream().noneMatch(e -> e.getName().startsWith("META-INF/versions/")), "not multi-release");
  }

  /** What these checks need from a class file: its version and its constant pool's names. */
  private static final class ClassFile {
    int major;
    final List<String> utf8 = new ArrayList<>();
    final List<String> classRefs = new ArrayList<>();

    /** Reads the header and constant pool (JVMS 4.1, 4.4). */
    static ClassFile read(DataInputStream in) throws IOException {
      ClassFile c = new ClassFile();
      if (in.readInt() != 0xCAFEBABE) {
        throw new IOException("not a class file");
      }
      in.readUnsignedShort(); // minor
      c.major = in.readUnsignedShort();
      int count = in.readUnsignedShort();
      String[] strings = new String[count];
      List<Integer> classNameIndexes = new ArrayList<>();
      for (int i = 1; i < count; i++) {
        int tag = in.readUnsignedByte();
        switch (tag) {
          case 1: // Utf8
            strings[i] = in.readUTF();
            c.utf8.add(strings[i]);
            break;
          case 7: // Class
            classNameIndexes.add(in.readUnsignedShort());
            break;
          case 8: case 16: case 19: case 20: // String, MethodType, Module, Package
            in.readUnsignedShort();
            break;
          case 15: // MethodHandle
            in.readUnsignedByte();
            in.readUnsignedShort();
            break;
          case 3: case 4: case 9: case 10: case 11: case 12: case 17: case 18: // 4-byte entries
            in.readInt();
            break;
          case 5: case 6: // Long, Double: two slots
            in.readLong();
            i++;
            break;
          default:
            throw new IOException("unknown constant pool tag " + tag);
        }
      }
      for (int index : classNameIndexes) {
        String name = strings[index];
        // arrays of classes: [Lname; -> name
        c.classRefs.add(name.startsWith("[") ? name.replaceAll("^\\[+L?|;$", "") : name);
      }
      return c;
    }
  }
}
