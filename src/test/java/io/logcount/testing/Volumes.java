package io.logcount.testing;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Multi-volume 7z archives for tests: the {@code volumes.7z.NNN} fixture made by
 * {@code 7zz a -v100k}, copied whole or with volumes left out, and any fixture cut into volumes
 * of another size. 7-Zip's volumes are nothing but the archive's bytes cut in pieces, so cutting
 * an archive gives exactly what {@code 7zz a -vSIZE} would have written.
 */
public final class Volumes {

  /** Volumes of the {@code volumes.7z} fixture. */
  public static final int FIXTURE_VOLUMES = 12;

  private Volumes() {
  }

  /** {@code name.7z.NNN}. */
  public static String name(String archive, int number) {
    return String.format("%s.%03d", archive, number);
  }

  /** Copies the {@code volumes.7z} fixture's volumes into {@code dir}, except {@code missing}. */
  public static File copyFixture(File dir, int... missing) throws IOException {
    Files.createDirectories(dir.toPath());
    for (int i = 1; i <= FIXTURE_VOLUMES; i++) {
      final int n = i;
      if (Arrays.stream(missing).noneMatch(m -> m == n)) {
        File from = Fixtures.file(name("volumes.7z", i));
        Files.copy(from.toPath(), new File(dir, from.getName()).toPath());
      }
    }
    return new File(dir, name("volumes.7z", 1));
  }

  /** The {@code volumes.7z} fixture joined in memory. */
  public static byte[] joinedFixture() throws IOException {
    ByteArrayOutputStream joined = new ByteArrayOutputStream();
    for (int i = 1; i <= FIXTURE_VOLUMES; i++) {
      joined.write(Files.readAllBytes(Fixtures.file(name("volumes.7z", i)).toPath()));
    }
    return joined.toByteArray();
  }

  /**
   * Cuts {@code archive} into volumes of {@code volumeBytes} (the last one shorter) named
   * {@code ARCHIVE.001} ... in {@code dir}; returns them in order.
   */
  public static List<File> cut(File archive, File dir, int volumeBytes) throws IOException {
    Files.createDirectories(dir.toPath());
    byte[] bytes = Files.readAllBytes(archive.toPath());
    List<File> volumes = new ArrayList<>();
    for (int start = 0, n = 1; start < bytes.length; start += volumeBytes, n++) {
      File volume = new File(dir, name(archive.getName(), n));
      Files.write(volume.toPath(), Arrays.copyOfRange(bytes, start, Math.min(bytes.length, start + volumeBytes)));
      volumes.add(volume);
    }
    return volumes;
  }
}
