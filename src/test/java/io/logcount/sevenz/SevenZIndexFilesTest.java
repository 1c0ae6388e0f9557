package io.logcount.sevenz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.security.AccessControlException;
import org.apache.hadoop.util.Progressable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.logcount.sevenz.source.ArchiveSources;
import io.logcount.testing.Fixtures;
import io.logcount.testing.Indexes;
import io.logcount.testing.LogCapture;

/**
 * {@link SevenZIndexFiles#load}: no index is normal and silent; an index that exists but cannot
 * be used (unreadable, a directory, damaged, stale) is ignored with a WARN naming the index, the
 * cause and the fix, and the archive is then split per folder.
 */
class SevenZIndexFilesTest {

  private static final String RESETS = "lzma2-dict-resets.7z";

  @TempDir
  File tmp;

  /**
   * The local file system under the scheme {@code denied:}, where every file exists but none
   * can be opened: HDFS's answer to a reader without the read permission. (Tests run as root
   * here, so a chmod would not do.)
   */
  public static class DeniedFileSystem extends RawLocalFileSystem {
    @Override
    public URI getUri() {
      return URI.create("denied:///");
    }

    @Override
    public String getScheme() {
      return "denied";
    }

    @Override
    public FSDataInputStream open(Path f, int bufferSize) throws IOException {
      throw new AccessControlException("Permission denied: user=alice, access=READ, inode=\""
          + Path.getPathWithoutSchemeAndAuthority(f) + "\":hdfs:supergroup:-rw-------");
    }
  }

  /** The local file system under the scheme {@code full:}, where every write fails: a full disk. */
  public static class FullFileSystem extends RawLocalFileSystem {
    @Override
    public URI getUri() {
      return URI.create("full:///");
    }

    @Override
    public String getScheme() {
      return "full";
    }

    @Override
    public FSDataOutputStream create(Path f, boolean overwrite, int bufferSize, short replication, long blockSize,
        Progressable progress) throws IOException {
      FSDataOutputStream real = super.create(f, overwrite, bufferSize, replication, blockSize, progress);
      return new FSDataOutputStream(new OutputStream() {
        @Override
        public void write(int b) throws IOException {
          throw new IOException("No space left on device");
        }

        @Override
        public void close() throws IOException {
          real.close();
        }
      }, null);
    }
  }

  private static Configuration conf() {
    Configuration conf = SevenZRecordReaderTest.conf();
    conf.set("fs.denied.impl", DeniedFileSystem.class.getName());
    conf.setBoolean("fs.denied.impl.disable.cache", true);
    conf.set("fs.full.impl", FullFileSystem.class.getName());
    conf.setBoolean("fs.full.impl.disable.cache", true);
    return conf;
  }

  private File archive() throws IOException {
    File copy = new File(tmp, RESETS);
    Files.copy(Fixtures.file(RESETS).toPath(), copy.toPath());
    return copy;
  }

  private static FileStatus status(File archive, Configuration conf) throws IOException {
    return ArchiveSources.status(new Path(archive.getAbsolutePath()), conf);
  }

  /** Loads the index with the log captured; returns the WARN lines, asserting that it was ignored. */
  private static List<String> ignoredWithWarnings(File archive, Configuration conf) throws IOException {
    try (LogCapture log = LogCapture.of(SevenZIndexFiles.class)) {
      assertNull(SevenZIndexFiles.load(status(archive, conf), conf));
      return log.warnings();
    }
  }

  private static String single(List<String> warnings) {
    assertEquals(1, warnings.size(), warnings.toString());
    return warnings.get(0);
  }

  @Test
  void rewritingAnIndexReplacesItAndLeavesNoTemporaryFile() throws Exception {
    Configuration conf = conf();
    File archive = archive();
    Indexes.write(archive, conf);
    File index = new File(archive.getPath() + ".idx");
    byte[] first = Files.readAllBytes(index.toPath());
    assertTrue(index.setLastModified(1_000_000L));
    Indexes.write(archive, conf);
    assertArrayEquals(first, Files.readAllBytes(index.toPath()));
    assertTrue(index.lastModified() > 1_000_000L, "the index was not written again");
    assertFalse(new File(index.getPath() + ".tmp").exists());
    assertNotNull(SevenZIndexFiles.load(status(archive, conf), conf));
  }

  @Test
  void aFailedWriteKeepsTheOldIndexAndLeavesNoTemporaryFile() throws Exception {
    Configuration conf = conf();
    File archive = archive();
    Indexes.write(archive, conf);
    File index = new File(archive.getPath() + ".idx");
    byte[] old = Files.readAllBytes(index.toPath());
    conf.set(SevenZIndexFiles.INDEX_DIR, "full://" + tmp.getAbsolutePath() + "/full");
    File fullIndex = new File(tmp, "full" + archive.getAbsolutePath() + ".idx");
    IOException e = assertThrows(IOException.class, () -> Indexes.write(archive, conf));
    assertEquals("No space left on device", e.getMessage());
    assertFalse(new File(fullIndex.getPath() + ".tmp").exists(), "a half-written .idx.tmp was left");
    assertFalse(fullIndex.exists());
    assertArrayEquals(old, Files.readAllBytes(index.toPath()));
  }

  @Test
  void missingIndexIsSilent() throws Exception {
    Configuration conf = conf();
    File archive = archive();
    assertEquals(0, ignoredWithWarnings(archive, conf).size());
  }

  @Test
  void matchingIndexIsLoadedWithoutWarning() throws Exception {
    Configuration conf = conf();
    File archive = archive();
    Indexes.write(archive, conf);
    try (LogCapture log = LogCapture.of(SevenZIndexFiles.class)) {
      SevenZIndex index = SevenZIndexFiles.load(status(archive, conf), conf);
      assertNotNull(index);
      assertEquals(archive.length(), index.archiveLength());
      assertEquals(0, log.warnings().size(), log.text());
    }
  }

  @Test
  void unreadableIndexIsIgnoredWithTheCauseAndTheFix() throws Exception {
    Configuration conf = conf();
    File archive = archive();
    File indexes = new File(tmp, "indexes");
    SevenZIndexFiles.setIndexDir(conf, new Path(indexes.getAbsolutePath()));
    Indexes.write(archive, conf);
    assertTrue(new File(indexes, archive.getAbsolutePath().substring(1) + ".idx").isFile());

    conf.set(SevenZIndexFiles.INDEX_DIR, "denied://" + indexes.getAbsolutePath());
    String warning = single(ignoredWithWarnings(archive, conf));
    assertTrue(warning.contains("denied:" + indexes.getAbsolutePath() + archive.getAbsolutePath() + ".idx"),
        warning);
    assertTrue(warning.contains("AccessControlException: Permission denied: user=alice"), warning);
    assertTrue(warning.contains("readable by the job's user") && warning.contains("logcount index"), warning);
    assertEquals(1, SevenZRecordReaderTest.splits(conf, archive, 1 << 20).size(), "split per folder");
  }

  @Test
  void directoryInPlaceOfTheIndexIsIgnoredWithAWarning() throws Exception {
    Configuration conf = conf();
    File archive = archive();
    assertTrue(new File(archive.getPath() + ".idx").mkdir());
    String warning = single(ignoredWithWarnings(archive, conf));
    assertTrue(warning.contains(archive.getName() + ".idx") && warning.contains("is a directory"), warning);
    assertTrue(warning.contains("logcount index"), warning);
    assertEquals(1, SevenZRecordReaderTest.splits(conf, archive, 1 << 20).size(), "split per folder");
  }

  @Test
  void damagedIndexIsIgnoredWithAWarning() throws Exception {
    Configuration conf = conf();
    File archive = archive();
    Files.write(new File(archive.getPath() + ".idx").toPath(), new byte[] {0x37, 0x7a, (byte) 0xbc, 0, 0, -1});
    String warning = single(ignoredWithWarnings(archive, conf));
    assertTrue(warning.contains("invalid 7z index") && warning.contains(archive.getName() + ".idx"), warning);
    assertTrue(warning.contains("delete it and run 'logcount index' again"), warning);
    assertTrue(warning.contains("split per folder"), warning);
    assertEquals(1, SevenZRecordReaderTest.splits(conf, archive, 1 << 20).size(), "split per folder");
  }

  @Test
  void staleIndexIsIgnoredWithAWarning() throws Exception {
    Configuration conf = conf();
    File archive = archive();
    Indexes.write(archive, conf);
    assertTrue(archive.setLastModified(archive.lastModified() - 60_000));
    String warning = single(ignoredWithWarnings(archive, conf));
    assertTrue(warning.contains(archive.getName() + ".idx") && warning.contains("run 'logcount index' again"),
        warning);
  }
}
