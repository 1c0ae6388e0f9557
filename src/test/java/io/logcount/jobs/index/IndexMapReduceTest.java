package io.logcount.jobs.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.when;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.MRJobConfig;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mrunit.mapreduce.MapDriver;
import org.apache.hadoop.mrunit.mapreduce.ReduceDriver;
import org.apache.hadoop.mrunit.types.Pair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.logcount.jobs.index.ResetScanMapper.IndexCounter;
import io.logcount.sevenz.SevenZIndex;
import io.logcount.sevenz.SevenZIndexFiles;
import io.logcount.sevenz.SevenZSplit;
import io.logcount.sevenz.archive.SevenZFolder;
import io.logcount.sevenz.coders.SevenZLimits;
import io.logcount.sevenz.header.SevenZHeaders;
import io.logcount.sevenz.source.ArchiveSources;
import io.logcount.sevenz.source.FileArchiveSource;
import io.logcount.testing.Fixtures;

/**
 * MRUnit tests of the {@code index} job's mapper ({@link ResetScanMapper}) and reducer
 * ({@link IndexWriterReducer}) over real 7-Zip fixtures, with the job's counters.
 *
 * <p>Expected reset counts come from how 7-Zip made the fixtures (fixtures README):
 * {@code lzma2-dict-resets.7z} resets its dictionary every 1 MiB of its one folder, so it has
 * ceil(unpacked size / 1 MiB) resets; the small files of {@code nonsolid.7z} have one folder
 * each, and each folder only the reset at its start.
 */
class IndexMapReduceTest {

  private static final String RESETS = "lzma2-dict-resets.7z";
  private static final String NONSOLID = "nonsolid.7z";

  @TempDir
  File tmp;

  private File copyOf(String fixture) throws IOException {
    File copy = new File(tmp, fixture);
    Files.copy(Fixtures.file(fixture).toPath(), copy.toPath());
    return copy;
  }

  private static List<SevenZFolder> folders(File archive) throws IOException {
    try (FileArchiveSource source = new FileArchiveSource(archive)) {
      return SevenZHeaders.read(source, SevenZLimits.defaults()).folders();
    }
  }

  /** Resets every 1 MiB of each folder's output, the first at offset 0 (how 7-Zip made it). */
  private static long expectedResets(File archive, long everyBytes) throws IOException {
    long resets = 0;
    for (SevenZFolder folder : folders(archive)) {
      resets += (folder.unpackSize() + everyBytes - 1) / everyBytes;
    }
    return resets;
  }

  /** The index job's splits of {@code inputs}: one per splittable LZMA2 folder. */
  private static List<InputSplit> splits(Configuration conf, File... inputs) throws IOException {
    Job job = Job.getInstance(conf);
    for (File input : inputs) {
      FileInputFormat.addInputPath(job, new Path(input.getAbsolutePath()));
    }
    return new FolderScanInputFormat().getSplits(job);
  }

  /** Runs the mapper on one split: its outputs, and its counters added to {@code counters}. */
  private static List<Pair<Text, FolderResets>> map(InputSplit split, Counters counters) throws IOException {
    MapDriver<NullWritable, NullWritable, Text, FolderResets> driver = MapDriver.newMapDriver(new ResetScanMapper());
    driver.withInput(NullWritable.get(), NullWritable.get());
    when(driver.getContext().getInputSplit()).thenReturn(split);
    List<Pair<Text, FolderResets>> out = driver.run();
    counters.incrAllCounters(driver.getCounters());
    return out;
  }

  private static long count(Counters counters, IndexCounter counter) {
    return counters.findCounter(counter).getValue();
  }

  @Test
  void reducersWritingSidecarsRunWithoutSpeculation() throws IOException {
    Job job = IndexJob.createJob(new Configuration(false), Collections.singletonList(new Path("/logs")));
    assertFalse(job.getConfiguration().getBoolean(MRJobConfig.REDUCE_SPECULATIVE, true), "two attempts would write one index at once");
    assertFalse(job.getConfiguration().getBoolean(MRJobConfig.MAP_SPECULATIVE, true));
  }

  @Test
  void mapperEmitsTheFolderResetsOfItsSplit() throws Exception {
    File archive = copyOf(RESETS);
    Configuration conf = new Configuration();
    List<InputSplit> splits = splits(conf, archive);
    assertEquals(1, splits.size(), "one LZMA2 folder");
    Counters counters = new Counters();
    List<Pair<Text, FolderResets>> out = map(splits.get(0), counters);

    assertEquals(1, out.size());
    assertEquals("file:" + archive.getAbsolutePath(), out.get(0).getFirst().toString(), "key: the archive");
    FolderResets scan = out.get(0).getSecond();
    FileStatus status = ArchiveSources.status(new Path(archive.getAbsolutePath()), conf);
    assertEquals(0, scan.folder());
    assertEquals(archive.length(), scan.archiveLength());
    assertEquals(status.getModificationTime(), scan.archiveModificationTime());
    long expected = expectedResets(archive, 1 << 20);
    assertEquals(7, expected, "the fixture README's 7 resets");
    assertEquals(expected, scan.resets().size(), scan.toString());
    for (int i = 0; i < scan.resets().size(); i++) {
      assertEquals((long) i << 20, scan.resets().get(i).unpackedOffset(), "a reset every 1 MiB: " + scan);
    }
    assertEquals(1, count(counters, IndexCounter.FOLDERS_SCANNED));
    assertEquals(expected, count(counters, IndexCounter.RESETS));
    assertEquals(0, count(counters, IndexCounter.INDEXES_WRITTEN), "the mapper writes no index");
  }

  @Test
  void mapperCountsEveryFolderOfEveryArchive() throws Exception {
    File dir = new File(tmp, "in");
    assertTrue(dir.mkdirs());
    File resets = new File(dir, RESETS);
    File nonsolid = new File(dir, NONSOLID);
    Files.copy(Fixtures.file(RESETS).toPath(), resets.toPath());
    Files.copy(Fixtures.file(NONSOLID).toPath(), nonsolid.toPath());
    Configuration conf = new Configuration();
    List<InputSplit> splits = splits(conf, dir);
    int folders = folders(resets).size() + folders(nonsolid).size();
    assertEquals(folders, splits.size(), "one split per LZMA2 folder");

    Counters counters = new Counters();
    List<Integer> seen = new ArrayList<>();
    for (InputSplit split : splits) {
      for (Pair<Text, FolderResets> p : map(split, counters)) {
        assertEquals(((SevenZSplit) split).getFirstFolder(), p.getSecond().folder());
        seen.add(p.getSecond().folder());
      }
    }
    assertEquals(folders, seen.size());
    assertEquals(folders, count(counters, IndexCounter.FOLDERS_SCANNED));
    assertEquals(expectedResets(resets, 1 << 20) + folders(nonsolid).size(), count(counters, IndexCounter.RESETS),
        "7 in the reset fixture, one per small folder");
  }

  @Test
  void reducerWritesOneIndexThatSplitsTheArchive() throws Exception {
    File archive = copyOf(NONSOLID);
    Configuration conf = new Configuration();
    Counters mapCounters = new Counters();
    List<Pair<Text, FolderResets>> scans = new ArrayList<>();
    for (InputSplit split : splits(conf, archive)) {
      scans.addAll(map(split, mapCounters));
    }
    int folders = folders(archive).size();
    assertEquals(folders, scans.size());

    ReduceDriver<Text, FolderResets, Text, Text> driver = ReduceDriver.newReduceDriver(new IndexWriterReducer());
    List<FolderResets> values = new ArrayList<>();
    for (Pair<Text, FolderResets> p : scans) {
      values.add(p.getSecond());
    }
    List<Pair<Text, Text>> out = driver.withInput(scans.get(0).getFirst(), values).run();

    File index = new File(archive.getPath() + SevenZIndex.SUFFIX);
    assertTrue(index.isFile());
    assertFalse(new File(index.getPath() + ".tmp").exists(), "written to a temporary name, then renamed");
    assertEquals(1, out.size());
    assertEquals(scans.get(0).getFirst(), out.get(0).getFirst());
    assertTrue(out.get(0).getSecond().toString().endsWith(index.getName() + "\t" + folders), out.toString());
    assertEquals(1, count(driver.getCounters(), IndexCounter.INDEXES_WRITTEN));

    SevenZIndex loaded = SevenZIndexFiles.load(ArchiveSources.status(new Path(archive.getAbsolutePath()), conf), conf);
    assertNotNull(loaded, "the index matches its archive");
    assertEquals(folders, loaded.folders().size());
    for (FolderResets scan : values) {
      assertEquals(scan.resets(), loaded.resets(scan.folder()), "folder " + scan.folder());
    }
  }

  @Test
  void reducerRefusesAnArchiveThatChangedSinceItsScan() throws Exception {
    File archive = copyOf(RESETS);
    Configuration conf = new Configuration();
    List<Pair<Text, FolderResets>> scans = map(splits(conf, archive).get(0), new Counters());
    FolderResets scan = scans.get(0).getSecond();
    FolderResets older = new FolderResets().set(scan.folder(), scan.archiveLength(),
        scan.archiveModificationTime() - 60_000, scan.resets());

    ReduceDriver<Text, FolderResets, Text, Text> driver = ReduceDriver.newReduceDriver(new IndexWriterReducer());
    driver.withInput(scans.get(0).getFirst(), Collections.singletonList(older));
    IOException e = assertThrows(IOException.class, driver::run);
    assertTrue(e.getMessage().contains(archive.getName()) && e.getMessage().contains("changed while it was being indexed")
        && e.getMessage().contains("logcount index"), e.getMessage());
    assertFalse(new File(archive.getPath() + SevenZIndex.SUFFIX).exists());
    assertEquals(0, count(driver.getCounters(), IndexCounter.INDEXES_WRITTEN));
  }
}
