/**
 * A map output collector of our own (issue 16): what a map task does with every record its mapper
 * writes, up to the files the reduces fetch. Hadoop's {@code MapTask.MapOutputBuffer} serializes
 * records into a ring buffer and sorts an index of them with QuickSort, a comparison (two
 * indirections into the buffer) per step; on logs with about two events per user, where the
 * map-side table cannot sum, that sort was ~15 % of {@code unique-users}' CPU
 * (docs/performance.md). Hadoop lets a job name another collector
 * ({@code mapreduce.job.map.output.collector.class}, the hook NativeTask uses): this package is one,
 * for {@link org.apache.hadoop.io.Text} keys in their natural (unsigned byte) order, sorted by a
 * radix sort on partition and the keys' first bytes ({@link io.logcount.mapout.RadixSorter}).
 *
 * <p><b>The contract with the shuffle.</b> Whatever collects, the reduces (a NodeManager's
 * ShuffleHandler, or the local runner's fetcher) read one file per map task, {@code file.out},
 * and its index {@code file.out.index}, where the task's {@code MapOutputFile} says. The file holds,
 * for every partition in order, one IFile segment: records as {@code vint keyLength, vint
 * valueLength, key, value}, sorted by the job's key comparator, an EOF marker ({@code -1, -1}) and a
 * CRC32 of the segment, compressed if {@code mapreduce.map.output.compress} says so. The index holds,
 * per partition, the segment's offset, raw length and length on disk (24 bytes each, with a
 * checksum). Every partition has a segment, empty or not. Here Hadoop's own classes write all of
 * it ({@code IFile.Writer}, {@code SpillRecord}, {@code Merger}), so the bytes are Hadoop's; the
 * tests check them against {@code MapOutputBuffer}'s for the same records.
 *
 * <p>Anything else (other key classes, a sort or combiner grouping comparator, encrypted
 * intermediate data) goes to Hadoop's buffer: {@link io.logcount.mapout.RadixMapOutputCollector}
 * decides per task. logcount's jobs use it unless {@code logcount.map.collector} is false.
 */
package io.logcount.mapout;
