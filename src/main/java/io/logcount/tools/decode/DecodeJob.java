package io.logcount.tools.decode;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;

import io.logcount.input.InputCounter;
import io.logcount.input.LineOrigin;
import io.logcount.jobs.common.Command;
import io.logcount.jobs.common.CommandOptions;
import io.logcount.jobs.common.CountingReporter;
import io.logcount.jobs.common.ExitCodes;
import io.logcount.jobs.common.JobSummary;
import io.logcount.jobs.common.JobSupport;
import io.logcount.jobs.common.UsageException;
import io.logcount.log.LineKind;
import io.logcount.log.TsvFieldLocator;
import io.logcount.sevenz.SevenZCounter;
import io.logcount.sevenz.SevenZInputFormat;
import io.logcount.sevenz.SevenZSplit;
import io.logcount.sevenz.archive.SevenZArchive;
import io.logcount.sevenz.archive.SevenZFolder;
import io.logcount.sevenz.coders.SevenZLimits;
import io.logcount.sevenz.decode.SevenZFolderDecoder;
import io.logcount.sevenz.header.SevenZHeaders;
import io.logcount.sevenz.source.ArchiveSource;
import io.logcount.sevenz.source.ArchiveSources;

/**
 * {@code decode}: the input side of every job alone, for measuring it. Plans the splits with
 * {@link SevenZInputFormat#getSplits} exactly as a job would, then drains each split's
 * {@link RecordReader} in turn, on this one thread, with no MapReduce job around it (no map
 * output, no sort, no task scheduling). Prints one JSON line: splits, lines, uncompressed bytes,
 * seconds and MB/s.
 *
 * <p>Two variants isolate the layers below and above the line reader: {@code --raw} decodes
 * the archives' folders to a scratch buffer with no line splitting (the Java decoder's floor);
 * {@code --locate N} also finds field N of every line, as the mappers do (the cost of field
 * extraction on top of decoding).
 */
public class DecodeJob extends Command {

  /** The sub-command name. */
  public static final String NAME = "decode";

  private static final int RAW_BUFFER_BYTES = 64 << 10;

  public DecodeJob() {
    super(NAME, "INPUT...", "Reads the 7z archives under INPUT (files or directories, read recursively) as a job\n"
        + "would, split after split, on one thread, and prints what it read and how fast, as JSON:\n"
        + "splits, lines, uncompressed_bytes, seconds (after JVM start), mb_per_s (10^6 bytes/s).\n"
        + "7z only (the decoder benchmark): jobs read every format, decode does not.");
    options().flag("--raw", "decode every folder of every archive, without cutting lines (no splits)")
        .value("--locate", "N", "also find the N-th (0-based) tab-separated field of each line, as\n"
            + "unique-users does, and count records, blank and malformed lines");
  }

  @Override
  protected int execute(CommandOptions.Parsed args) throws Exception {
    boolean raw = args.has("--raw");
    Integer locateColumn = args.getInt("--locate", 0, Integer.MAX_VALUE);
    if (raw && locateColumn != null) {
      throw new UsageException("--raw and --locate exclude each other (--raw cuts no lines)");
    }
    List<Path> inputs = new ArrayList<>();
    for (String p : args.positional()) {
      inputs.add(new Path(p));
    }
    if (inputs.isEmpty()) {
      throw new UsageException("needs at least one INPUT");
    }
    Configuration conf = getConf();
    String problem = JobSupport.checkInputsExist(inputs, conf);
    if (problem != null) {
      return failure(problem);
    }
    SevenZInputFormat.getLimits(conf); // a bad limit is bad usage; from here on, failures are the work's
    settingsChecked();
    JobSummary summary;
    try {
      summary = raw ? decodeRaw(conf, inputs) : readSplits(conf, inputs, locateColumn);
    } catch (IOException e) {
      return failure(e.getMessage());
    }
    print(System.out, summary);
    return ExitCodes.OK;
  }

  private static void print(PrintStream out, JobSummary summary) {
    out.println(summary.toJson());
  }

  /** The splits of a job over {@code inputs}, planned as {@code unique-users} plans them. */
  static List<InputSplit> plan(Configuration conf, List<Path> inputs) throws IOException {
    Job job = Job.getInstance(conf);
    FileInputFormat.setInputDirRecursive(job, true);
    for (Path input : inputs) {
      FileInputFormat.addInputPath(job, input);
    }
    return new SevenZInputFormat().getSplits(job);
  }

  /**
   * Drains every split's record reader, one after the other; with {@code locateColumn} also
   * classifies every line as the mappers do.
   */
  static JobSummary readSplits(Configuration conf, List<Path> inputs, Integer locateColumn)
      throws IOException, InterruptedException {
    SevenZInputFormat.getLimits(conf); // validates the limit before anything is read
    long started = System.nanoTime();
    List<InputSplit> splits = plan(conf, inputs);
    long planned = System.nanoTime();
    CountingReporter reporter = new CountingReporter();
    TsvFieldLocator locator = locateColumn == null ? null : new TsvFieldLocator(locateColumn);
    long lines = 0;
    long lineBytes = 0;
    long records = 0;
    long blank = 0;
    long malformed = 0;
    long skippedFolders = 0;
    SevenZInputFormat format = new SevenZInputFormat();
    Set<Path> archives = new LinkedHashSet<>();
    for (InputSplit split : splits) {
      archives.add(((SevenZSplit) split).getPath());
      TaskAttemptContext context = new TaskAttemptContextImpl(conf, new TaskAttemptID(), reporter);
      try (RecordReader<LineOrigin, Text> reader = format.createRecordReader(split, context)) {
        reader.initialize(split, context);
        while (reader.nextKeyValue()) {
          if (reader.getCurrentKey().corruptFolder()) {
            skippedFolders++; // the report of a skipped folder: not a line, never a record
            continue;
          }
          Text line = reader.getCurrentValue();
          lines++;
          lineBytes += line.getLength();
          if (locator != null) {
            LineKind kind = reader.getCurrentKey().truncated() ? LineKind.MALFORMED
                : locator.locate(line.getBytes(), 0, line.getLength());
            if (kind == LineKind.VALID) {
              records++;
            } else if (kind == LineKind.BLANK) {
              blank++;
            } else {
              malformed++;
            }
          }
        }
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    Counters c = reporter.counters();
    long uncompressed = c.findCounter(InputCounter.UNCOMPRESSED_BYTES).getValue();
    JobSummary summary = new JobSummary(NAME);
    summary.put("mode", locator == null ? "lines" : "lines+locate");
    summary.put("archives", archives.size());
    summary.put("splits", splits.size());
    summary.put("folders", c.findCounter(SevenZCounter.FOLDERS).getValue());
    summary.put("entries", c.findCounter(SevenZCounter.ENTRIES).getValue());
    summary.put("lines", lines);
    summary.put("line_bytes", lineBytes);
    if (locator != null) {
      summary.put("records", records);
      summary.put("blank_lines", blank);
      summary.put("malformed", malformed);
    }
    if (skippedFolders > 0) {
      summary.put("corrupt_blocks", skippedFolders);
    }
    summary.put("packed_bytes", c.findCounter(InputCounter.PACKED_BYTES).getValue());
    summary.put("uncompressed_bytes", uncompressed);
    summary.put("plan_seconds", round3((planned - started) / 1e9));
    summary.put("seconds", round3(seconds));
    summary.put("mb_per_s", round3(uncompressed / 1e6 / Math.max(seconds, 1e-9)));
    return summary;
  }

  /** Decodes every folder of every archive under {@code inputs} into a scratch buffer. */
  static JobSummary decodeRaw(Configuration conf, List<Path> inputs)
      throws IOException, InterruptedException {
    SevenZLimits limits = SevenZInputFormat.getLimits(conf);
    long started = System.nanoTime();
    List<InputSplit> splits = plan(conf, inputs);
    Set<Path> archives = new LinkedHashSet<>();
    for (InputSplit split : splits) {
      archives.add(((SevenZSplit) split).getPath());
    }
    byte[] scratch = new byte[RAW_BUFFER_BYTES];
    long folders = 0;
    long packed = 0;
    long uncompressed = 0;
    for (Path path : archives) {
      try (ArchiveSource source = ArchiveSources.open(path, conf)) {
        SevenZArchive archive = SevenZHeaders.read(source, limits);
        for (SevenZFolder folder : archive.folders()) {
          if (folder.entries().isEmpty()) {
            continue;
          }
          try (InputStream in = SevenZFolderDecoder.open(source, archive, folder, limits)) {
            int n;
            while ((n = in.read(scratch, 0, scratch.length)) >= 0) {
              uncompressed += n;
            }
          }
          folders++;
          packed += folder.packedSize();
        }
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    JobSummary summary = new JobSummary(NAME);
    summary.put("mode", "raw");
    summary.put("archives", archives.size());
    summary.put("folders", folders);
    summary.put("packed_bytes", packed);
    summary.put("uncompressed_bytes", uncompressed);
    summary.put("seconds", round3(seconds));
    summary.put("mb_per_s", round3(uncompressed / 1e6 / Math.max(seconds, 1e-9)));
    return summary;
  }

  private static double round3(double x) {
    return Math.round(x * 1000) / 1000.0;
  }
}
