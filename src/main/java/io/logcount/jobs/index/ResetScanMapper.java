package io.logcount.jobs.index;

import java.io.IOException;
import java.util.List;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Mapper;

import io.logcount.sevenz.SevenZInputFormat;
import io.logcount.sevenz.SevenZSplit;
import io.logcount.sevenz.archive.SevenZArchive;
import io.logcount.sevenz.archive.SevenZFolder;
import io.logcount.sevenz.decode.Lzma2Blocks;
import io.logcount.sevenz.header.SevenZHeaders;
import io.logcount.sevenz.source.ArchiveSource;
import io.logcount.sevenz.source.ArchiveSources;

/**
 * Walks the LZMA2 chunk headers of one folder (its split) and emits its dictionary resets:
 * key = archive path, value = {@link FolderResets}. The archive's length and modification time
 * are those seen while scanning; the reducer writes them into the index, so an archive replaced
 * later is detected.
 */
public class ResetScanMapper extends Mapper<NullWritable, NullWritable, Text, FolderResets> {

  /** What the scans found. */
  public enum IndexCounter {
    /** LZMA2 folders scanned. */
    FOLDERS_SCANNED,
    /** Dictionary resets found, the one at each folder's start included. */
    RESETS,
    /** Index files written. */
    INDEXES_WRITTEN
  }

  private final Text archiveKey = new Text();
  private final FolderResets scan = new FolderResets();

  @Override
  protected void map(NullWritable key, NullWritable value, Context context) throws IOException, InterruptedException {
    SevenZSplit split = (SevenZSplit) context.getInputSplit();
    FileStatus status = ArchiveSources.status(split.getPath(), context.getConfiguration());
    List<Lzma2Blocks.Reset> resets;
    try (ArchiveSource source = ArchiveSources.open(split.getPath(), context.getConfiguration())) {
      SevenZArchive archive = SevenZHeaders.read(source, SevenZInputFormat.getLimits(context.getConfiguration()));
      SevenZFolder folder = archive.folders().get(split.getFirstFolder());
      resets = Lzma2Blocks.scan(source, archive, folder);
    }
    archiveKey.set(split.getPath().toString());
    scan.set(split.getFirstFolder(), status.getLen(), status.getModificationTime(), resets);
    context.write(archiveKey, scan);
    context.getCounter(IndexCounter.FOLDERS_SCANNED).increment(1);
    context.getCounter(IndexCounter.RESETS).increment(resets.size());
  }
}
