package io.logcount.tools.generate;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Collections;
import java.util.Date;
import java.util.Locale;

import org.apache.commons.compress.archivers.sevenz.SevenZArchiveEntry;
import org.apache.commons.compress.archivers.sevenz.SevenZMethod;
import org.apache.commons.compress.archivers.sevenz.SevenZMethodConfiguration;
import org.apache.commons.compress.archivers.sevenz.SevenZOutputFile;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.UnsupportedOptionsException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.logcount.jobs.common.Command;
import io.logcount.jobs.common.CommandOptions;
import io.logcount.jobs.common.ExitCodes;
import io.logcount.jobs.common.UsageException;

/**
 * {@code logcount generate}: writes sample ad-server events (see {@link EventGenerator}) into a 7z
 * archive, or into a directory of plain TSV files for archiving with real 7-Zip.
 *
 * <p>Runs in the client JVM, not as a MapReduce job: generation is cheaper than the scheduling
 * of tasks, and one sequential stream is what makes the output depend on the seed alone. The
 * output is written under a hidden temporary name ({@code .NAME.tmp}, skipped by Hadoop's input
 * formats) and renamed only on success, so a failed run never leaves a half-written OUTPUT.
 *
 * <p>7z archives are written by commons-compress {@link SevenZOutputFile}, which streams through
 * an LZMA2 encoder (memory bounded whatever the size) but puts each entry into a folder of its
 * own: the archive is not solid. For a solid archive, or one with LZMA2 dictionary resets, write
 * {@code --format tsv} and archive the files with {@code 7zz a}.
 */
public class GenerateJob extends Command {

  private static final Logger LOG = LoggerFactory.getLogger(GenerateJob.class);

  /**
   * Exponent of the user skew: user number {@code floor(users * r^skew)} with r uniform in [0, 1).
   * 1 makes every user equally likely; larger values give the busiest users a larger share and
   * fewer distinct users for the same number of lines. Default {@value #DEFAULT_USER_SKEW}.
   */
  public static final String USER_SKEW = "logcount.generate.user.skew";
  public static final double DEFAULT_USER_SKEW = 3.0;

  /**
   * xz preset (0 to 9) of the LZMA2 encoder for {@code --format 7z}. Default
   * {@value #DEFAULT_LZMA2_PRESET} (1 MiB dictionary): on generated text (2 cores here) preset 1
   * wrote 18 MB/s at a ratio of 5.2, preset 6 (xz's default, 8 MiB dictionary) 2.5 MB/s at 6.6.
   */
  public static final String LZMA2_PRESET = "logcount.generate.lzma2.preset";
  public static final int DEFAULT_LZMA2_PRESET = 1;

  /** Seed used when {@code --seed} is not given, so that runs are reproducible by default. */
  public static final long DEFAULT_SEED = 1;
  /** The most files one run writes; part numbers have 5 digits. */
  public static final int MAX_FILES = 100000;

  static final String FORMAT_7Z = "7z";
  static final String FORMAT_TSV = "tsv";

  public static void setUserSkew(Configuration conf, double skew) {
    conf.setDouble(USER_SKEW, skew);
  }

  public static double getUserSkew(Configuration conf) {
    double skew = conf.getDouble(USER_SKEW, DEFAULT_USER_SKEW);
    if (!(skew >= 1 && skew <= 100)) {
      throw new IllegalArgumentException(USER_SKEW + " must be a number from 1 to 100, not "
          + conf.get(USER_SKEW) + " (1 = uniform users, default " + DEFAULT_USER_SKEW + ")");
    }
    return skew;
  }

  public static void setLzma2Preset(Configuration conf, int preset) {
    conf.setInt(LZMA2_PRESET, preset);
  }

  public static int getLzma2Preset(Configuration conf) {
    int preset = conf.getInt(LZMA2_PRESET, DEFAULT_LZMA2_PRESET);
    if (preset < LZMA2Options.PRESET_MIN || preset > LZMA2Options.PRESET_MAX) {
      throw new IllegalArgumentException(LZMA2_PRESET + " must be 0 to 9, not " + preset
          + " (default " + DEFAULT_LZMA2_PRESET + ")");
    }
    return preset;
  }

  /** Name of file {@code index} (0-based) inside the TSV directory. */
  static String partName(int index) {
    return String.format(Locale.ROOT, "part-%05d.tsv", index);
  }

  /** Name of file {@code index} (0-based) inside the 7z archive. */
  static String entryName(int index) {
    return "events/" + partName(index);
  }

  public GenerateJob() {
    super("generate", "OUTPUT", "Writes N sample ad-server events, tab separated:"
        + " AuctionID UserID SiteID URL UserAgent Timestamp.");
    options().value("--lines", "N", "events in all (N >= 0; suffix k, m or g: 10^3, 10^6, 10^9)")
        .value("--users", "U", "possible distinct users, 1 to 2^48; a few are busy, most are\n"
            + "rare (-D " + USER_SKEW + "=" + DEFAULT_USER_SKEW + ")")
        .value("--files", "F", "files the events are split into, in order, 1 to " + MAX_FILES)
        .value("--seed", "S", "random seed (default " + DEFAULT_SEED + "): the same arguments write the same bytes")
        .value("--format", "7z|tsv", "7z (default): OUTPUT is a 7z archive, LZMA2 (-D " + LZMA2_PRESET + "="
            + DEFAULT_LZMA2_PRESET + "),\nentries events/part-NNNNN.tsv; tsv: a directory of files part-NNNNN.tsv");
  }

  @Override
  protected String usageNotes() {
    return "--lines, --users and --files are required. OUTPUT may be on any Hadoop file system;\n"
        + "it must not exist yet.";
  }

  @Override
  protected int execute(CommandOptions.Parsed args) throws Exception {
    Configuration conf = getConf();
    Options options = Options.from(args);
    double skew = getUserSkew(conf);
    int preset = getLzma2Preset(conf);
    EventGenerator generator = new EventGenerator(options.seed, options.users, options.lines, skew);

    Path output = new Path(options.output);
    FileSystem fs = output.getFileSystem(conf);
    if (fs instanceof LocalFileSystem) {
      fs = ((LocalFileSystem) fs).getRaw(); // no .crc files beside what we write
    }
    output = fs.makeQualified(output);
    if (fs.exists(output)) {
      return failure(output + " already exists; refusing to overwrite it."
          + " Remove it or choose another OUTPUT.");
    }
    Path parent = output.getParent();
    Path temporary = new Path(parent, "." + output.getName() + ".tmp");
    long start = System.nanoTime();
    boolean done = false;
    try {
      fs.delete(temporary, true); // left by a run that was killed
      if (FORMAT_TSV.equals(options.format)) {
        writeTsv(fs, temporary, options, generator);
      } else {
        fs.mkdirs(parent);
        writeSevenZ(fs, temporary, options, generator, preset);
      }
      if (!fs.rename(temporary, output)) {
        throw new IOException("could not rename " + temporary + " to " + output
            + " (was it created meanwhile?)");
      }
      done = true;
    } finally {
      if (!done) {
        fs.delete(temporary, true);
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    printSummary(System.out, options, generator, output, fs.getContentSummary(output).getLength(),
        seconds);
    return ExitCodes.OK;
  }

  /** F files {@code part-NNNNN.tsv} in directory {@code dir}, through any Hadoop FileSystem. */
  private static void writeTsv(FileSystem fs, Path dir, Options options, EventGenerator generator)
      throws IOException {
    if (!fs.mkdirs(dir)) {
      throw new IOException("could not create directory " + dir);
    }
    for (int i = 0; i < options.files; i++) {
      try (OutputStream out = fs.create(new Path(dir, partName(i)), false)) {
        generator.write(out, options.linesInFile(i));
      }
      logProgress(partName(i), options, generator);
    }
  }

  /**
   * A 7z archive at {@code target}: written in place on the local file system, or into a local
   * temporary file that is then copied up (SevenZOutputFile needs a seekable channel to go back
   * and fill in the start header).
   */
  private static void writeSevenZ(FileSystem fs, Path target, Options options,
      EventGenerator generator, int preset) throws IOException {
    if (fs instanceof RawLocalFileSystem) {
      writeSevenZ(((RawLocalFileSystem) fs).pathToFile(target), options, generator, preset);
      return;
    }
    File local = File.createTempFile("logcount-generate-", ".7z");
    try {
      writeSevenZ(local, options, generator, preset);
      fs.copyFromLocalFile(true, false, new Path(local.toURI()), target);
    } finally {
      if (local.exists() && !local.delete()) {
        System.err.println("generate: could not delete temporary file " + local);
      }
    }
  }

  private static void writeSevenZ(File file, Options options, EventGenerator generator,
      int preset) throws IOException {
    try (SevenZOutputFile archive = new SevenZOutputFile(file)) {
      try {
        archive.setContentMethods(Collections.singletonList(
            new SevenZMethodConfiguration(SevenZMethod.LZMA2, new LZMA2Options(preset))));
      } catch (UnsupportedOptionsException e) {
        throw new IllegalArgumentException(LZMA2_PRESET + "=" + preset + ": " + e.getMessage(), e);
      }
      OutputStream entry = new OutputStream() {
        @Override
        public void write(int b) throws IOException {
          archive.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          archive.write(b, off, len);
        }
      };
      for (int i = 0; i < options.files; i++) {
        SevenZArchiveEntry e = new SevenZArchiveEntry();
        e.setName(entryName(i));
        // A fixed date, so that the same seed writes the same archive, byte for byte.
        e.setLastModifiedDate(new Date(1767225600000L));
        archive.putArchiveEntry(e);
        generator.write(entry, options.linesInFile(i));
        archive.closeArchiveEntry();
        logProgress(e.getName(), options, generator);
      }
      archive.finish();
    }
  }

  private static void logProgress(String name, Options options, EventGenerator generator) {
    LOG.info("{} written: {} of {} lines, {} MB of text", name, generator.linesWritten(),
        options.lines, generator.bytesWritten() / 1000000);
  }

  private static void printSummary(PrintStream out, Options options, EventGenerator generator,
      Path output, long outputBytes, double seconds) {
    long text = generator.bytesWritten();
    out.printf(Locale.ROOT, "generate: path   %s%n", output);
    out.printf(Locale.ROOT, "generate: format %s%n", FORMAT_TSV.equals(options.format)
        ? "tsv, " + options.files + " files part-NNNNN.tsv"
        : "7z, LZMA2, " + options.files + " entries events/part-NNNNN.tsv (one folder each)");
    out.printf(Locale.ROOT, "generate: lines  %d (seed %d)%n", generator.linesWritten(),
        options.seed);
    long distinct = generator.distinctUsers();
    out.printf(Locale.ROOT, "generate: users  %s of %d possible%n",
        distinct < 0 ? "(not counted above " + EventGenerator.MAX_TRACKED_USERS + ")"
            : distinct + " distinct", options.users);
    out.printf(Locale.ROOT, "generate: text   %d bytes (%.1f MB)%n", text, text / 1e6);
    out.printf(Locale.ROOT, "generate: output %d bytes (%.1f MB)%n", outputBytes,
        outputBytes / 1e6);
    out.printf(Locale.ROOT, "generate: time   %.2f s (%.1f MB/s of text)%n", seconds,
        text / 1e6 / Math.max(seconds, 1e-9));
  }

  /** The command line once generic options are gone. */
  static final class Options {
    long lines = -1;
    long users = -1;
    int files = -1;
    long seed = DEFAULT_SEED;
    String format = FORMAT_7Z;
    String output;

    static Options from(CommandOptions.Parsed args) throws UsageException {
      Options o = new Options();
      if (args.positional().size() != 1) {
        throw new UsageException(args.positional().isEmpty() ? "OUTPUT is missing"
            : "only one OUTPUT, got " + args.positional());
      }
      o.output = args.positional().get(0);
      if (args.get("--lines") == null || args.get("--users") == null || args.get("--files") == null) {
        throw new UsageException("--lines, --users and --files are required");
      }
      o.lines = count("--lines", args.get("--lines"), 0, Long.MAX_VALUE);
      o.users = count("--users", args.get("--users"), 1, EventGenerator.MAX_USERS);
      o.files = (int) count("--files", args.get("--files"), 1, MAX_FILES);
      if (args.get("--seed") != null) {
        try {
          o.seed = Long.parseLong(args.get("--seed"));
        } catch (NumberFormatException e) {
          throw new UsageException("--seed must be an integer, not '" + args.get("--seed") + "'");
        }
      }
      String format = args.get("--format");
      if (format != null) {
        if (!FORMAT_7Z.equals(format) && !FORMAT_TSV.equals(format)) {
          throw new UsageException("--format must be 7z or tsv, not '" + format + "'");
        }
        o.format = format;
      }
      return o;
    }

    /** Lines of file {@code index}: N / F each, the first N % F files one more. */
    long linesInFile(int index) {
      return lines / files + (index < lines % files ? 1 : 0);
    }

    /** A whole number from {@code min} to {@code max}, optionally with suffix k, m or g. */
    private static long count(String option, String value, long min, long max)
        throws UsageException {
      long multiplier = 1;
      String digits = value;
      if (!value.isEmpty()) {
        int suffix = "kmg".indexOf(Character.toLowerCase(value.charAt(value.length() - 1)));
        if (suffix >= 0) {
          multiplier = suffix == 0 ? 1000L : suffix == 1 ? 1000000L : 1000000000L;
          digits = value.substring(0, value.length() - 1);
        }
      }
      long n;
      try {
        if (digits.isEmpty() || !Character.isDigit(digits.charAt(0))) {
          throw new NumberFormatException();
        }
        n = Math.multiplyExact(Long.parseLong(digits), multiplier);
      } catch (NumberFormatException | ArithmeticException e) {
        throw new UsageException(option + " must be a whole number (suffix k, m or g allowed),"
            + " not '" + value + "'");
      }
      if (n < min || n > max) {
        throw new UsageException(option + " must be " + min + " to " + max + ", not " + value);
      }
      return n;
    }
  }
}
