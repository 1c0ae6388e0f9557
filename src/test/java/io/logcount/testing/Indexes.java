package io.logcount.testing;

import java.io.File;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

import io.logcount.sevenz.SevenZIndex;
import io.logcount.sevenz.SevenZIndexFiles;
import io.logcount.sevenz.archive.SevenZArchive;
import io.logcount.sevenz.archive.SevenZFolder;
import io.logcount.sevenz.coders.SevenZLimits;
import io.logcount.sevenz.decode.Lzma2Blocks;
import io.logcount.sevenz.header.SevenZHeaders;
import io.logcount.sevenz.source.ArchiveSource;
import io.logcount.sevenz.source.ArchiveSources;

/** Sidecar indexes of LZMA2 dictionary resets, written in-process as {@code logcount index} writes them. */
public final class Indexes {

  private Indexes() {
  }

  /** Writes the index of {@code archive} beside it (or under the configured index directory). */
  public static void write(File archive, Configuration conf) throws IOException {
    Path path = new Path(archive.getAbsolutePath());
    FileStatus status = ArchiveSources.status(path, conf);
    Map<Integer, List<Lzma2Blocks.Reset>> folders = new HashMap<>();
    SevenZArchive parsed;
    try (ArchiveSource source = ArchiveSources.open(path, conf)) {
      parsed = SevenZHeaders.read(source, SevenZLimits.defaults());
      for (SevenZFolder f : parsed.folders()) {
        if (Lzma2Blocks.isSplittable(f)) {
          folders.put(f.index(), Lzma2Blocks.scan(source, parsed, f));
        }
      }
    }
    SevenZIndexFiles.write(new SevenZIndex(status.getLen(), status.getModificationTime(), folders), parsed, path, conf);
  }
}
