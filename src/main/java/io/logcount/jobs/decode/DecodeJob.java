package io.logcount.jobs.decode;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.conf.Configured;
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
import org.apache.hadoop.util.Tool;

import io.logcount.LogCount;
import io.logcount.input.InputCounter;
import io.logcount.jobs.CountingReporter;
import io.logcount.jobs.JobSummary;
import io.logcount.jobs.JobSupport;
import io.logcount.jobs.JobSupport.UsageException;
import io.logcount.log.LineKind;
import io.logcount.log.TsvFieldLocator;
import io.logcount.sevenz.ArchiveSource;
import io.logcount.sevenz.ArchiveSources;
import io.logcount.input.LineOrigin;
import io.logcount.sevenz.SevenZArchive;
import io.logcount.sevenz.SevenZCounter;
import io.logcount.sevenz.SevenZFolder;
import io.logcount.sevenz.SevenZFolderDecoder;
import io.logcount.sevenz.SevenZInputFormat;
import io.logcount.sevenz.SevenZLimits;
import io.logcount.sevenz.SevenZSplit;

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
public class DecodeJob extends Configured implements Tool {

  /** The sub-command name. */
  public static final String NAME = "decode";

  static final String USAGE = String.join("\n",
      "usage: logcount " + NAME + " [generic options] [--raw | --locate N] INPUT...",
      "  Reads the 7z archives under INPUT (files or directories, read recursively) as a job",
      "  would, split after split, on one thread, and prints what it read and how fast, as JSON:",
      "  splits, lines, uncompressed_bytes, seconds (after JVM start), mb_per_s (10^6 bytes/s).",
      "  --raw        decode every folder of every archive, without cutting lines (no splits)",
      "  --locate N   also find the N-th (0-based) tab-separated field of each line, as",
      "               unique-users does, and count records, blank and malformed lines",
      "  Exit codes: 0 success, 1 unreadable input, 2 bad usage.");

  private static final int RAW_BUFFER_BYTES = 64 << 10;

  /** The parsed command line. */
  static final class Arguments {
    boolean raw;
    Integer locateColumn;
    boolean help;
    final List<Path> inputs = new ArrayList<>();

    static Arguments parse(String[] args) throws UsageException {
      Arguments a = new Arguments();
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        if ("-h".equals(arg) || "--help".equals(arg)) {
          a.help = true;
          return a;
        } else if ("--raw".equals(arg)) {
          a.raw = true;
        } else if ("--locate".equals(arg)) {
          if (i + 1 >= args.length) {
            throw new UsageException("--locate needs a field number");
          }
          a.locateColumn = JobSupport.parseNonNegativeInt(arg, args[++i]);
        } else if (arg.startsWith("-") && arg.length() > 1) {
          throw new UsageException("unknown option " + arg
              + " (generic options such as -D must come before the command's own options)");
        } else {
          a.inputs.add(new Path(arg));
        }
      }
      if (a.raw && a.locateColumn != null) {
        throw new UsageException("--raw and --locate exclude each other (--raw cuts no lines)");
      }
      if (a.inputs.isEmpty()) {
        throw new UsageException("needs at least one INPUT");
      }
      return a;
    }
  }

  @Override
  public int run(String[] args) throws Exception {
    Arguments arguments;
    try {
      arguments = Arguments.parse(args);
    } catch (UsageException e) {
      System.err.println("logcount " + NAME + ": " + e.getMessage());
      JobSupport.printUsage(System.err, USAGE);
      return LogCount.EXIT_USAGE;
    }
    if (arguments.help) {
      JobSupport.printUsage(System.out, USAGE);
      return LogCount.EXIT_OK;
    }
    Configuration conf = getConf();
    String problem = JobSupport.checkInputsExist(arguments.inputs, conf);
    if (problem != null) {
      System.err.println("logcount " + NAME + ": " + problem);
      return LogCount.EXIT_FAILED;
    }
    JobSummary summary;
    try {
      summary = arguments.raw ? decodeRaw(conf, arguments.inputs)
          : readSplits(conf, arguments.inputs, arguments.locateColumn);
    } catch (IllegalArgumentException e) {
      System.err.println("logcount " + NAME + ": " + e.getMessage());
      return LogCount.EXIT_USAGE;
    } catch (IOException e) {
      System.err.println("logcount " + NAME + ": " + e.getMessage());
      return LogCount.EXIT_FAILED;
    }
    print(System.out, summary);
    return LogCount.EXIT_OK;
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
    SevenZInputFormat format = new SevenZInputFormat();
    Set<Path> archives = new LinkedHashSet<>();
    for (InputSplit split : splits) {
      archives.add(((SevenZSplit) split).getPath());
      TaskAttemptContext context = new TaskAttemptContextImpl(conf, new TaskAttemptID(), reporter);
      try (RecordReader<LineOrigin, Text> reader = format.createRecordReader(split, context)) {
        reader.initialize(split, context);
        while (reader.nextKeyValue()) {
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
        SevenZArchive archive = SevenZArchive.read(source, limits);
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
