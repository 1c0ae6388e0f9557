package io.logcount.jobs.common;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.mapreduce.Counters;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.VLongWritable;
import org.apache.hadoop.mapreduce.Job;
import org.apache.hadoop.mapreduce.Reducer;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.output.FileOutputCommitter;
import org.apache.hadoop.mapreduce.lib.output.FileOutputFormat;
import org.apache.hadoop.mapreduce.lib.output.TextOutputFormat;

import io.logcount.formats.LogInputFormat;
import io.logcount.formats.PlanningSettings;
import io.logcount.input.CorruptInput;
import io.logcount.input.InputCounter;
import io.logcount.mapout.RadixMapOutputCollector;
import io.logcount.sevenz.SevenZInputFormat;
import io.logcount.sevenz.SevenZPasswords;

/**
 * The template of every job that reads logs under {@code INPUT...} and writes {@code OUTPUT}:
 * it owns the common options, the input and output checks (an existing output is never
 * overwritten), the input side, the malformed-line side outputs, submission, the cleanup of a
 * failed job, and the counters to {@code _summary.json} step. A job declares its own options
 * (in its constructor, through {@link #options()}), applies them ({@link #configure}), names its
 * mapper, reducer and types ({@link #configureJob}) and its figures ({@link #summarize}).
 */
public abstract class LogJobDriver extends Command {

  /**
   * Whether counting jobs also sum their sorted map outputs with {@link CountSumCombiner} before
   * the shuffle. Default false: the map-side table ({@link MapSideAggregator}, in
   * {@link CountingMapper}) already sums where keys repeat, and where they rarely do a combiner
   * after the sort costs more than it saves (docs/performance.md). The old name
   * {@code logcount.unique-users.combiner} still works (a Hadoop deprecation alias).
   */
  public static final String COMBINER = "logcount.combiner";
  /** Default of {@link #COMBINER}: off. */
  public static final boolean DEFAULT_COMBINER = false;

  static {
    Configuration.addDeprecation("logcount.unique-users.combiner", COMBINER);
  }

  /** Sets {@link #COMBINER}. */
  public static void setCombiner(Configuration conf, boolean on) {
    conf.setBoolean(COMBINER, on);
  }

  /** {@link #COMBINER}. */
  public static boolean getCombiner(Configuration conf) {
    return conf.getBoolean(COMBINER, DEFAULT_COMBINER);
  }

  /** Option naming the password file of encrypted archives. */
  public static final String PASSWORD_FILE = "--password-file";
  /** Option: the column of user IDs, declared by the jobs about users ({@link #declareUserColumn}). */
  public static final String USER_COLUMN = "--user-column";

  /**
   * @param name the sub-command
   * @param description what the job computes, for the usage text
   */
  protected LogJobDriver(String name, String description) {
    super(name, "INPUT... OUTPUT", description);
    options().value(PASSWORD_FILE, "PATH", "file holding the password of encrypted archives (any Hadoop\n"
        + "file system; keep it chmod 600), or else a credential provider alias\n"
        + SevenZPasswords.PASSWORD_ALIAS + ": see docs/encrypted-archives.md");
    options().setting("--schema", "A,B,...", LogSettings.SCHEMA, "column names of the logs, in order (default\n"
        + LogSettings.DEFAULT_SCHEMA + ")")
        .setting("--delimiter", "D", LogSettings.DELIMITER, "the byte between fields: a character, tab, comma, pipe,"
            + " space (default tab)")
        .flagSetting("--skip-header", LogSettings.SKIP_HEADER, "the first line of every file or archive entry is a"
            + " header: skip it")
        .setting("--from", "WHEN", LogSettings.FROM, "keep only events at or after WHEN: an ISO date or instant (UTC\n"
            + "unless a zone is given), e.g. 2026-01-05 or 2026-01-05T12:00:00Z")
        .setting("--to", "WHEN", LogSettings.TO, "keep only events before WHEN (same forms)")
        // Settings first: a bad one is a usage error (2) whatever the state of the paths.
        .checkedBy(LogSettings::validate)
        .checkedBy(SevenZInputFormat::getLimits)
        .checkedBy(CorruptInput::getMaxShare)
        .checkedBy(PlanningSettings::validate);
  }

  /** Declares {@code --user-column NAME|INDEX}, for a job whose records are users' events. */
  protected final void declareUserColumn() {
    options().setting(USER_COLUMN, "NAME|N", LogSettings.USER_COLUMN, "the column of user IDs: a name of the schema"
        + " or a 0-based\nindex (default " + LogSettings.DEFAULT_USER_COLUMN + ")");
  }

  /** Applies this job's options to {@code conf}; throws for a bad value. Nothing by default. */
  protected void configure(Configuration conf, CommandOptions.Parsed args) throws UsageException, IOException {
  }

  /**
   * Null if the job may run, else the problem to print (exit 1): checks of the job's own, e.g.
   * a second output that must not exist yet. Runs after the input and output checks. Null by default.
   */
  protected String check(Configuration conf, Path output) throws IOException {
    return null;
  }

  /** Sets the mapper, combiner, reducer, their key and value classes, and anything else the job needs. */
  protected abstract void configureJob(Job job) throws IOException;

  /**
   * Runs after the job succeeded, before the summary is written: a job whose answer needs a
   * last step on its small output (merging per-reducer lists) does it here. Nothing by default.
   */
  protected void finish(Job job, Path output, JobSummary summary) throws IOException {
  }

  /**
   * Configures a counting job: {@code mapper} ({@link CountingMapper}) sums {@code (key, count)}
   * pairs in its bounded, adaptive map-side table, optionally again after the sort
   * ({@link #COMBINER}), and {@code reducer} sums them per key. The one place that decides how
   * every counting job aggregates; the table's settings are checked here, in the client.
   */
  protected static void configureCounting(Job job, Class<? extends CountingMapper> mapper,
      Class<? extends Reducer<Text, VLongWritable, ?, ?>> reducer, Class<?> outputValue) {
    job.setMapperClass(mapper);
    MapAggregationSettings.validate(job.getConfiguration());
    if (getCombiner(job.getConfiguration())) {
      job.setCombinerClass(CountSumCombiner.class);
    }
    job.setReducerClass(reducer);
    job.setMapOutputKeyClass(Text.class);
    // Variable-length counts: a 1 is one byte instead of eight (map output records 22 -> 15 bytes).
    job.setMapOutputValueClass(VLongWritable.class);
    job.setOutputKeyClass(Text.class);
    job.setOutputValueClass(outputValue);
  }

  /** Adds the job's own figures to its summary (the input figures follow them). */
  protected abstract void summarize(Counters counters, JobSummary summary);

  @Override
  protected String usageNotes() {
    return "INPUT: files or directories (read recursively) on any Hadoop file system: plain text,\n"
        + ".gz, .bz2, .xz, .zst, .lz4 and .7z, mixed, each told by its magic bytes.\n"
        + "OUTPUT must not exist. Besides the job's part files it gets malformed/ (origin<TAB>line)\n"
        + "and _summary.json, also printed.";
  }

  @Override
  protected final int execute(CommandOptions.Parsed args) throws Exception {
    List<String> paths = args.positional();
    if (paths.size() < 2) {
      throw new UsageException("needs at least one INPUT and an OUTPUT");
    }
    List<Path> inputs = new ArrayList<>();
    for (String p : paths.subList(0, paths.size() - 1)) {
      inputs.add(new Path(p));
    }
    Path output = new Path(paths.get(paths.size() - 1));
    Configuration conf = getConf(); // the options bound to settings are in it already (Command.run)
    qualifyPasswordFile(conf, args);
    configure(conf, args);
    String problem = JobSupport.checkPaths(output, inputs, conf);
    if (problem == null) {
      problem = check(conf, output);
    }
    if (problem != null) {
      return failure(problem);
    }
    // The committer's _SUCCESS would come before finish() (a merge, a rename) and the summary:
    // a sensor waiting on it would read a half-made OUTPUT. Ours is written last.
    boolean marker = conf.getBoolean(FileOutputCommitter.SUCCESSFUL_JOB_OUTPUT_DIR_MARKER, true);
    conf.setBoolean(FileOutputCommitter.SUCCESSFUL_JOB_OUTPUT_DIR_MARKER, false);
    Job job = createJob(conf, inputs, output);
    settingsChecked();
    long started = System.nanoTime();
    if (!JobSupport.runJob(job, name(), output)) {
      return ExitCodes.FAILED;
    }
    JobSummary summary = new JobSummary(name());
    Counters counters = job.getCounters();
    String overBudget = CorruptInput.overBudget(counters.findCounter(InputCounter.CORRUPT_PACKED_BYTES).getValue(),
        counters.findCounter(InputCounter.PACKED_BYTES).getValue(), conf);
    if (overBudget != null) {
      return skippedTooMuch(overBudget, counters, output, conf);
    }
    summarize(counters, summary);
    finish(job, output, summary);
    summary.putInputFigures(counters);
    summary.put("seconds", Math.round((System.nanoTime() - started) / 1e6) / 1000.0);
    summary.put("output", output.getFileSystem(conf).makeQualified(output).toString());
    summary.putSkipped(output, conf, 1000);
    summary.write(output, conf);
    if (marker) {
      JobSupport.markSucceeded(output, conf);
    }
    System.out.println(summary.toJson());
    return ExitCodes.OK;
  }

  /**
   * Fails a job that skipped more corrupt input than {@link CorruptInput#MAX_SHARE} allows: its
   * summary (the input figures and the skipped places) is written and printed, OUTPUT is kept
   * for its skip reports, and no {@code _SUCCESS} is written.
   */
  private int skippedTooMuch(String problem, Counters counters, Path output, Configuration conf) throws IOException {
    JobSummary summary = new JobSummary(name());
    summary.putInputFigures(counters);
    summary.putSkipped(output, conf, 1000);
    summary.write(output, conf);
    System.out.println(summary.toJson());
    Object skipped = summary.get("skipped");
    List<?> places = skipped instanceof List ? (List<?>) skipped : new ArrayList<>();
    StringBuilder named = new StringBuilder();
    for (int i = 0; i < places.size() && i < 10; i++) {
      String place = String.valueOf(places.get(i));
      int tab = place.indexOf('\t');
      named.append("\n  ").append(tab < 0 ? place : place.substring(0, tab));
    }
    if (places.size() > 10) {
      named.append("\n  ... ").append(places.size() - 10).append(" more in ").append(output).append("/skipped/");
    }
    return failure(problem + ". Skipped:" + named + "\nOUTPUT " + output + " is kept, without _SUCCESS, for its"
        + " skip reports; remove it before running again.");
  }

  /** Qualified here (also when given with -D) so that tasks read the very file named. */
  private static void qualifyPasswordFile(Configuration conf, CommandOptions.Parsed args) throws IOException {
    String option = args.get(PASSWORD_FILE);
    Path passwordFile = option != null ? new Path(option) : SevenZPasswords.getPasswordFile(conf);
    if (passwordFile != null) {
      SevenZPasswords.setPasswordFile(conf, passwordFile);
    }
  }

  /**
   * The configured job, ready to submit: what {@link #run} submits, and what tests submit.
   * Settings are validated here, before anything runs ({@link IllegalArgumentException}).
   */
  public final Job createJob(Configuration conf, List<Path> inputs, Path output) throws IOException {
    SevenZPasswords.checkNotInConfiguration(conf); // the job configuration must never hold it
    SevenZInputFormat.getLimits(conf);
    LogSettings.validate(conf);
    Job job = Job.getInstance(conf, "logcount " + name() + " " + inputs + " -> " + output);
    job.setJarByClass(getClass());
    job.setInputFormatClass(LogInputFormat.class);
    FileInputFormat.setInputDirRecursive(job, true);
    for (Path input : inputs) {
      FileInputFormat.addInputPath(job, input);
    }
    job.setOutputFormatClass(TextOutputFormat.class);
    FileOutputFormat.setOutputPath(job, output);
    MalformedLines.configure(job);
    // Algorithm 1 moves task output into OUTPUT only at job commit: a failed job leaves no
    // part files behind (algorithm 2 would leave the successful tasks' files).
    job.getConfiguration().setInt(FileOutputCommitter.FILEOUTPUTCOMMITTER_ALGORITHM_VERSION, 1);
    configureJob(job);
    // logcount.map.collector (default on): our radix-sorting collector; it hands other key types to Hadoop's
    RadixMapOutputCollector.configure(job.getConfiguration());
    return job;
  }
}
