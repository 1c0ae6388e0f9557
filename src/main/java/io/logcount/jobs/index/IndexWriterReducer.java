package io.logcount.jobs.index;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Reducer;

import io.logcount.jobs.index.ResetScanMapper.IndexCounter;
import io.logcount.sevenz.SevenZIndex;
import io.logcount.sevenz.SevenZIndexFiles;
import io.logcount.sevenz.SevenZInputFormat;
import io.logcount.sevenz.archive.SevenZArchive;
import io.logcount.sevenz.decode.Lzma2Blocks;
import io.logcount.sevenz.header.SevenZHeaders;
import io.logcount.sevenz.source.ArchiveSource;
import io.logcount.sevenz.source.ArchiveSources;
import io.logcount.sevenz.source.SevenZFormatException;

/**
 * Gathers the scanned folders of one archive and writes its index atomically
 * ({@link SevenZIndexFiles#write}); emits {@code archive<TAB>index path<TAB>resets}.
 */
public class IndexWriterReducer extends Reducer<Text, FolderResets, Text, Text> {

  @Override
  protected void reduce(Text archiveName, Iterable<FolderResets> scans, Context context)
      throws IOException, InterruptedException {
    Configuration conf = context.getConfiguration();
    Path archivePath = new Path(archiveName.toString());
    Map<Integer, List<Lzma2Blocks.Reset>> folders = new TreeMap<>();
    long length = -1;
    long mtime = -1;
    long resets = 0;
    for (FolderResets scan : scans) {
      if (length >= 0 && (scan.archiveLength() != length || scan.archiveModificationTime() != mtime)) {
        throw changed(archivePath);
      }
      length = scan.archiveLength();
      mtime = scan.archiveModificationTime();
      // The framework reads the next value into the same object: keep a copy.
      folders.put(scan.folder(), new ArrayList<>(scan.resets()));
      resets += scan.resets().size();
    }
    FileStatus now = ArchiveSources.status(archivePath, conf);
    if (now.getLen() != length || now.getModificationTime() != mtime) {
      throw changed(archivePath);
    }
    SevenZArchive archive;
    try (ArchiveSource source = ArchiveSources.open(archivePath, conf)) {
      archive = SevenZHeaders.read(source, SevenZInputFormat.getLimits(conf));
    }
    Path written = SevenZIndexFiles.write(new SevenZIndex(length, mtime, folders), archive, archivePath, conf);
    context.getCounter(IndexCounter.INDEXES_WRITTEN).increment(1);
    context.write(archiveName, new Text(written + "\t" + resets));
  }

  private static SevenZFormatException changed(Path archive) {
    return new SevenZFormatException(archive + " changed while it was being indexed; run 'logcount index'"
        + " again once it is complete");
  }
}
