package io.logcount.mapout;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.io.RawComparator;
import org.apache.hadoop.mapred.IndexRecord;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapred.MapOutputFile;
import org.apache.hadoop.mapred.MapTask;
import org.apache.hadoop.mapred.Merger;
import org.apache.hadoop.mapred.RawKeyValueIterator;
import org.apache.hadoop.mapred.SpillRecord;
import org.apache.hadoop.mapred.TaskAttemptID;
import org.apache.hadoop.mapreduce.MRJobConfig;
import org.apache.hadoop.mapreduce.TaskType;
import org.apache.hadoop.util.Progress;

/**
 * A map task's spills, and the step that turns them into its one output: {@code file.out} with
 * one IFile segment per partition and {@code file.out.index} (a {@link SpillRecord}), where the
 * shuffle (a NodeManager's ShuffleHandler, or the local runner's fetcher) reads them, named by
 * the task's {@link MapOutputFile}. As Hadoop's buffer: one spill is renamed into place; several
 * are merged per partition by Hadoop's {@link Merger} (through the combiner when there are at
 * least {@code mapreduce.map.combine.minspills} of them); none gives empty segments. Spill
 * indexes stay in memory up to {@code mapreduce.task.index.cache.limit.bytes}, later ones go to
 * index files beside their spills.
 */
final class Spills {

  /** Hadoop's default for {@code mapreduce.task.index.cache.limit.bytes}. */
  private static final int INDEX_CACHE_DEFAULT = 1024 * 1024;
  /** Permissions the shuffle needs on the output, as Hadoop's buffer sets them (rw-r-----). */
  private static final FsPermission SHUFFLE_OUTPUT_PERM = new FsPermission((short) 0640);

  private final SegmentFormat format;
  private final JobConf job;
  private final RawLocalFileSystem localFs;
  private final MapOutputFile files;
  private final int partitions;
  private final TaskAttemptID taskId;
  private final Progress sortPhase;
  private final int indexCacheLimit;
  private final List<SpillRecord> cachedIndexes = new ArrayList<>();
  private long cachedIndexBytes;
  private int count;

  Spills(SegmentFormat format, TaskAttemptID taskId, Progress sortPhase) {
    this.format = format;
    this.job = format.job;
    this.localFs = format.localFs;
    this.files = format.files;
    this.partitions = format.partitions;
    this.taskId = taskId;
    this.sortPhase = sortPhase;
    this.indexCacheLimit = job.getInt(MRJobConfig.INDEX_CACHE_MEMORY_LIMIT, INDEX_CACHE_DEFAULT);
  }

  /** The number the next spill gets. */
  int next() {
    return count;
  }

  /** Records spill {@link #next()}, whose file is written, with its index. */
  void add(SpillRecord index) throws IOException {
    if (cachedIndexBytes >= indexCacheLimit) {
      index.writeToFile(files.getSpillIndexFileForWrite(count,
          (long) partitions * MapTask.MAP_OUTPUT_INDEX_RECORD_LENGTH), job);
    } else {
      cachedIndexes.add(index);
      cachedIndexBytes += (long) index.size() * MapTask.MAP_OUTPUT_INDEX_RECORD_LENGTH;
    }
    count++;
  }

  /** Makes {@code file.out} and {@code file.out.index} from the spills; returns {@code file.out}. */
  Path finish() throws IOException, InterruptedException, ClassNotFoundException {
    if (count == 1) {
      Path spill = files.getSpillFile(0);
      Path index = files.getOutputIndexFileForWriteInVolume(spill);
      rename(spill, files.getOutputFileForWriteInVolume(spill));
      if (cachedIndexes.isEmpty()) {
        rename(files.getSpillIndexFile(0), index);
      } else {
        cachedIndexes.get(0).writeToFile(index, job);
      }
      sortPhase.complete();
    } else if (count == 0) {
      writeEmpty();
      sortPhase.complete();
    } else {
      merge();
    }
    Path output = files.getOutputFile();
    if (!SHUFFLE_OUTPUT_PERM.equals(SHUFFLE_OUTPUT_PERM.applyUMask(FsPermission.getUMask(job)))) {
      localFs.setPermission(output, SHUFFLE_OUTPUT_PERM);
      localFs.setPermission(files.getOutputIndexFile(), SHUFFLE_OUTPUT_PERM);
    }
    return output;
  }

  /** No records at all: one empty segment per partition, as the shuffle expects one for each. */
  private void writeEmpty() throws IOException, InterruptedException, ClassNotFoundException {
    Path output = files.getOutputFileForWrite((long) partitions * SpillWriter.APPROX_HEADER_LENGTH);
    Path indexFile = files.getOutputIndexFileForWrite((long) partitions * MapTask.MAP_OUTPUT_INDEX_RECORD_LENGTH);
    format.write(output, (p, segment) -> { }).writeToFile(indexFile, job);
  }

  @SuppressWarnings("unchecked") // the job's key comparator, for the key class of the job
  private void merge() throws IOException, InterruptedException, ClassNotFoundException {
    Path[] spillFiles = new Path[count];
    long size = (long) partitions * SpillWriter.APPROX_HEADER_LENGTH;
    for (int i = 0; i < count; i++) {
      spillFiles[i] = files.getSpillFile(i);
      size += localFs.getFileStatus(spillFiles[i]).getLen();
    }
    for (int i = cachedIndexes.size(); i < count; i++) {
      cachedIndexes.add(new SpillRecord(files.getSpillIndexFile(i), job));
    }
    Path output = files.getOutputFileForWrite(size);
    Path indexFile = files.getOutputIndexFileForWrite((long) partitions * MapTask.MAP_OUTPUT_INDEX_RECORD_LENGTH);
    int mergeFactor = job.getInt(MRJobConfig.IO_SORT_FACTOR, MRJobConfig.DEFAULT_IO_SORT_FACTOR);
    boolean combine = format.hasCombiner() && count >= job.getInt(MRJobConfig.MAP_COMBINE_MIN_SPILLS, 3);
    RawComparator<Object> comparator = job.getOutputKeyComparator();
    sortPhase.addPhases(partitions);
    SpillRecord index = format.write(output, (p, segment) -> {
      List<Merger.Segment<Object, Object>> segments = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        IndexRecord part = cachedIndexes.get(i).getIndex(p);
        segments.add(new Merger.Segment<>(job, localFs, spillFiles[i], part.startOffset, part.partLength,
            format.codec, true));
      }
      RawKeyValueIterator merged = Merger.merge(job, localFs, format.keyClass, format.valueClass, format.codec,
          segments, mergeFactor, new Path(taskId.toString()), comparator, format.progress,
          segments.size() > mergeFactor, null, format.spilledRecords, sortPhase.phase(), TaskType.MAP);
      if (combine) {
        format.combine(merged, segment);
      } else {
        Merger.writeFile(merged, segment, format.progress, job);
      }
      sortPhase.startNextPhase();
    });
    index.writeToFile(indexFile, job);
    for (Path spill : spillFiles) {
      localFs.delete(spill, true);
    }
  }

  /** A rename within one local disk (no copy), making the target's directory if needed. */
  private void rename(Path from, Path to) throws IOException {
    File source = localFs.pathToFile(from);
    File target = localFs.pathToFile(to);
    File dir = target.getParentFile();
    if (!dir.isDirectory() && !dir.mkdirs() && !dir.isDirectory()) {
      throw new IOException("cannot create " + dir + " for the map output " + target);
    }
    if (!source.renameTo(target)) {
      throw new IOException("cannot rename the spill " + source + " to the map output " + target);
    }
  }
}
