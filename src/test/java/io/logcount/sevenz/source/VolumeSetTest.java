package io.logcount.sevenz.source;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.hadoop.fs.BlockLocation;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.logcount.input.BlockLocality;
import io.logcount.testing.Fixtures;
import io.logcount.testing.LocalFiles;
import io.logcount.testing.Volumes;

/** Naming, discovery and grouping of multi-volume archives, and the set seen as one file. */
class VolumeSetTest {


  @TempDir
  File tmp;

  private static Path path(File f) {
    return new Path(f.getAbsolutePath());
  }

  @Test
  void volumeNames() {
    for (String yes : new String[] {"a.7z.001", "a.7z.012", "logs.2026.7z.1000", "A.7Z.003"}) {
      assertTrue(VolumeSet.isVolume(new Path("/d/" + yes)), yes);
    }
    for (String no : new String[] {"a.7z", "a.7z.001.idx", "a.7z.001.idx.tmp", "a.tsv.001", "a.7z.01", "a.7z.00x"}) {
      assertFalse(VolumeSet.isVolume(new Path("/d/" + no)), no);
    }
    assertEquals(new Path("/d/a.7z.001"), VolumeSet.firstVolume(new Path("/d/a.7z.007")));
    assertTrue(VolumeSet.isVolumeName("file:/d/a.7z.001"));
  }

  @Test
  void anyVolumeFindsItsWholeSet() throws Exception {
    long joined = Volumes.joinedFixture().length;
    for (int n : new int[] {1, 3, 12}) {
      VolumeSet set = VolumeSet.discover(path(Fixtures.file(Volumes.name("volumes.7z", n))), LocalFiles.conf());
      assertEquals(12, set.size());
      assertEquals("volumes.7z.001", set.firstVolume().getName());
      assertEquals(joined, set.length());
      assertEquals(11 * 102400, set.start(11));
      assertEquals("volumes.7z.012", set.volume(11).getPath().getName());
      assertTrue(set.describe(6).startsWith("volume 7 of 12 ("), set.describe(6));
    }
  }

  @Test
  void volumeAtMapsJoinedOffsetsToVolumes() throws Exception {
    VolumeSet set = VolumeSet.discover(path(Fixtures.file("volumes.7z.001")), LocalFiles.conf());
    assertEquals(0, set.volumeAt(0));
    assertEquals(0, set.volumeAt(102399));
    assertEquals(1, set.volumeAt(102400));
    assertEquals(11, set.volumeAt(set.length() - 1));
    assertThrows(IllegalArgumentException.class, () -> set.volumeAt(set.length()));
  }

  @Test
  void missingMiddleVolumeIsNamed() throws Exception {
    File first = Volumes.copyFixture(new File(tmp, "gap"), 5);
    SevenZFormatException e = assertThrows(SevenZFormatException.class,
        () -> VolumeSet.discover(path(first), LocalFiles.conf()));
    assertTrue(e.getMessage().contains("missing volume " + path(new File(tmp, "gap/volumes.7z.005"))), e.getMessage());
    assertTrue(e.getMessage().contains("of the set volumes.7z.001..012; copy it next to the others"), e.getMessage());
  }

  @Test
  void missingFirstVolumeIsNamedFromAnyOther() throws Exception {
    File first = Volumes.copyFixture(new File(tmp, "nofirst"), 1);
    SevenZFormatException e = assertThrows(SevenZFormatException.class,
        () -> VolumeSet.discover(path(new File(first.getParentFile(), "volumes.7z.004")), LocalFiles.conf()));
    assertTrue(e.getMessage().contains("missing volume") && e.getMessage().contains("volumes.7z.001 of the set"),
        e.getMessage());
  }

  @Test
  void twoFilesWithTheSameNumberAreRefused() throws Exception {
    File first = Volumes.copyFixture(new File(tmp, "twice"));
    Files.copy(first.toPath(), new File(first.getParentFile(), "volumes.7z.0001").toPath());
    SevenZFormatException e = assertThrows(SevenZFormatException.class,
        () -> VolumeSet.discover(path(first), LocalFiles.conf()));
    assertTrue(e.getMessage().contains("two files are volume 1"), e.getMessage());
  }

  @Test
  void setAsOneFileHasJoinedLengthAndNewestTime() throws Exception {
    File first = Volumes.copyFixture(new File(tmp, "times"));
    for (File f : first.getParentFile().listFiles()) {
      assertTrue(f.setLastModified(1_000_000_000_000L));
    }
    assertTrue(new File(first.getParentFile(), "volumes.7z.007").setLastModified(1_500_000_000_000L));
    FileStatus status = ArchiveSources.status(path(new File(first.getParentFile(), "volumes.7z.002")), LocalFiles.conf());
    assertEquals(path(first).toUri().getPath(), status.getPath().toUri().getPath());
    assertEquals(Volumes.joinedFixture().length, status.getLen());
    assertEquals(1_500_000_000_000L, status.getModificationTime());
    assertFalse(status.isDirectory());
  }

  @Test
  void groupingKeepsOneStatusPerSetAndEveryOtherFile() throws Exception {
    File dir = new File(tmp, "mixed");
    Volumes.copyFixture(dir);
    Files.copy(Fixtures.file("nonsolid.7z").toPath(), new File(dir, "nonsolid.7z").toPath());
    List<FileStatus> listed = new ArrayList<>(Arrays.asList(VolumeSet.listLocated(path(dir), LocalFiles.conf())));
    assertEquals(13, listed.size());
    List<FileStatus> grouped = ArchiveSources.groupVolumes(listed, LocalFiles.conf());
    assertEquals(2, grouped.size(), grouped.toString());
    FileStatus set = grouped.stream().filter(f -> VolumeSet.isVolume(f.getPath())).findFirst().get();
    assertEquals("volumes.7z.001", set.getPath().getName());
    assertEquals(Volumes.joinedFixture().length, set.getLen());
    BlockLocation[] blocks = ((LocatedFileStatus) set).getBlockLocations();
    assertEquals(12, blocks.length, "local FS: one block per volume");
    assertEquals(11 * 102400, blocks[11].getOffset(), "blocks moved into joined offsets");
  }

  @Test
  void splitHostsAreThoseOfTheBlockHoldingMostOfItsBytes() throws Exception {
    FileStatus[] listing = new FileStatus[3];
    for (int i = 0; i < 3; i++) {
      Path p = new Path("/d/x.7z.00" + (i + 1));
      BlockLocation block = new BlockLocation(new String[] {"h" + i + ":9866"}, new String[] {"host" + i}, 0, 100);
      listing[i] = new LocatedFileStatus(new FileStatus(100, false, 1, 128, 5, p), new BlockLocation[] {block});
    }
    VolumeSet set = VolumeSet.of(new Path("/d/x.7z.002"), listing);
    BlockLocation[] blocks = set.locatedStatus(LocalFiles.conf()).getBlockLocations();
    assertEquals(200, blocks[2].getOffset());
    assertArrayEquals(new String[] {"host1"}, BlockLocality.hostsOfLargestOverlap(blocks, 90, 60));
    assertArrayEquals(new String[] {"host2"}, BlockLocality.hostsOfLargestOverlap(blocks, 150, 150));
  }
}
