package io.logcount.jobs.index;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.NullWritable;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.logcount.input.BlockLocality;
import io.logcount.input.InputFiles;
import io.logcount.sevenz.SevenZInputFormat;
import io.logcount.sevenz.SevenZSplit;
import io.logcount.sevenz.archive.SevenZArchive;
import io.logcount.sevenz.archive.SevenZFolder;
import io.logcount.sevenz.coders.SevenZPasswordException;
import io.logcount.sevenz.decode.Lzma2Blocks;
import io.logcount.sevenz.header.SevenZHeaders;
import io.logcount.sevenz.source.ArchiveSource;
import io.logcount.sevenz.source.ArchiveSources;

/**
 * One split per splittable LZMA2 folder of the input archives, and one empty record per split:
 * the {@code index} job's mappers work on the split itself ({@link ResetScanMapper}), not on
 * lines. Hosts are those of the folder's packed bytes, so each scan reads local data.
 */
public class FolderScanInputFormat extends FileInputFormat<NullWritable, NullWritable> {

  private static final Logger LOG = LoggerFactory.getLogger(FolderScanInputFormat.class);

  @Override
  public List<InputSplit> getSplits(JobContext job) throws IOException {
    Configuration conf = job.getConfiguration();
    List<InputSplit> splits = new ArrayList<>();
    for (FileStatus file : InputFiles.of(listStatus(job), conf, Collections.singletonList(SevenZInputFormat.LISTING))) {
      SevenZArchive archive;
      try (ArchiveSource source = ArchiveSources.open(file.getPath(), conf)) {
        archive = SevenZHeaders.read(source, SevenZInputFormat.getLimits(conf));
      } catch (SevenZPasswordException e) {
        // An encrypted header comes with encrypted folders (7-Zip's -mhe needs -p), and an
        // AES folder is never splittable: there is nothing to index.
        LOG.info("Skipping {}: its header is encrypted, so are its folders, which cannot be split",
            file.getPath());
        continue;
      }
      for (SevenZFolder folder : archive.folders()) {
        if (!folder.entries().isEmpty() && Lzma2Blocks.isSplittable(folder)) {
          String[] hosts = BlockLocality.hostsOfLargestOverlap(BlockLocality.blockLocations(file, conf),
              folder.packedOffset(), folder.packedSize());
          splits.add(new SevenZSplit(file.getPath(), file.getLen(), folder.index(), 1,
              folder.packedOffset(), folder.packedSize(), hosts));
        }
      }
    }
    return splits;
  }

  @Override
  protected boolean isSplitable(JobContext context, Path filename) {
    return false;
  }

  @Override
  public RecordReader<NullWritable, NullWritable> createRecordReader(InputSplit split, TaskAttemptContext context) {
    return new RecordReader<NullWritable, NullWritable>() {
      private boolean given;

      @Override
      public void initialize(InputSplit s, TaskAttemptContext c) {
      }

      @Override
      public boolean nextKeyValue() {
        if (given) {
          return false;
        }
        given = true;
        return true;
      }

      @Override
      public NullWritable getCurrentKey() {
        return NullWritable.get();
      }

      @Override
      public NullWritable getCurrentValue() {
        return NullWritable.get();
      }

      @Override
      public float getProgress() {
        return given ? 1f : 0f;
      }

      @Override
      public void close() {
      }
    };
  }
}
