import java.io.File;
import java.io.InputStream;

import io.logcount.sevenz.FileArchiveSource;
import io.logcount.sevenz.SevenZArchive;
import io.logcount.sevenz.SevenZFolder;
import io.logcount.sevenz.SevenZFolderDecoder;
import io.logcount.sevenz.SevenZLimits;

/**
 * The decoder's steady-state speed: decodes every folder of a 7z archive PASSES times in one JVM
 * and prints each pass's seconds and MB/s (10^6 bytes/s). The first pass includes the JIT's
 * warm-up; later ones show the compiled decoder alone, without JVM start, line cutting or
 * Hadoop. Run by scripts/bench/decode-warm.
 */
public final class DecodeWarm {

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: DecodeWarm ARCHIVE.7z PASSES");
      System.exit(2);
    }
    File file = new File(args[0]);
    int passes = Integer.parseInt(args[1]);
    SevenZLimits limits = new SevenZLimits(SevenZLimits.DEFAULT_MAX_MEMORY_BYTES);
    byte[] buffer = new byte[1 << 16];
    try (FileArchiveSource source = new FileArchiveSource(file)) {
      SevenZArchive archive = SevenZArchive.read(source, limits);
      for (int pass = 1; pass <= passes; pass++) {
        long started = System.nanoTime();
        long bytes = 0;
        for (SevenZFolder folder : archive.folders()) {
          try (InputStream in = SevenZFolderDecoder.open(source, archive, folder, limits)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
              bytes += n;
            }
          }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("pass %d: %d bytes in %.3f s, %.1f MB/s%n", pass, bytes, seconds, bytes / seconds / 1e6);
      }
    }
  }
}
