package io.logcount.jobs.approx;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.datasketches.cpc.CpcSketch;
import org.apache.datasketches.cpc.CpcUnion;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import io.logcount.jobs.common.Command;
import io.logcount.jobs.common.CommandOptions;
import io.logcount.jobs.common.ExitCodes;
import io.logcount.jobs.common.JobSummary;
import io.logcount.jobs.common.JobSupport;
import io.logcount.jobs.common.UsageException;
import io.logcount.sketch.Sketches;

/**
 * {@code approx-unique-users --merge DIR... OUTPUT}: the distinct users of several runs from
 * their saved sketches, reading no logs (a month of daily sketches gives the monthly uniques).
 * A union counts a user once however many sketches hold it, so merging a sketch twice changes
 * nothing. Runs in the client, no job: sketches are kilobytes. Writes what the job writes:
 * {@code OUTPUT/estimate.tsv}, {@code OUTPUT/users.sketch} and {@code OUTPUT/_summary.json}.
 */
public class SketchMergeCommand extends Command {

  /** The flag that picks this form of approx-unique-users ({@link Command#alternative}). */
  public static final String MERGE = "--merge";

  public SketchMergeCommand() {
    super(ApproxUniqueUsersJob.NAME, MERGE + " DIR... OUTPUT", "Merges saved sketches, reading no logs: each DIR is a directory of\n"
        + "*.sketch files (--sketches-out), an earlier OUTPUT (its users.sketch), or one sketch file.");
    SketchOptions.declare(options(), "the sketches'\nsmallest K");
  }

  @Override
  protected int execute(CommandOptions.Parsed args) throws Exception {
    List<String> paths = args.positional();
    if (paths.size() < 2) {
      throw new UsageException("needs at least one DIR and an OUTPUT");
    }
    Configuration conf = new Configuration(getConf());
    if (args.get(SketchOptions.LG_K_OPTION) == null && conf.get(Sketches.LG_K) == null) {
      Sketches.setLgK(conf, Sketches.MAX_LG_K); // a union keeps the smallest K of its sketches
    }
    SketchOptions.apply(args, conf);
    Path output = new Path(paths.get(paths.size() - 1));
    String problem = JobSupport.checkOutputAbsent(output, conf);
    if (problem == null) {
      problem = SketchFiles.checkSavable(output, conf);
    }
    if (problem != null) {
      return failure(problem);
    }
    CpcUnion union = new CpcUnion(Sketches.getLgK(conf));
    List<String> inputs = new ArrayList<>();
    try {
      for (String dir : paths.subList(0, paths.size() - 1)) {
        List<Path> files = SketchFiles.list(new Path(dir), conf);
        if (files.isEmpty()) {
          return failure("no *" + SketchFiles.SUFFIX + " files in " + dir);
        }
        for (Path file : files) {
          union.update(SketchFiles.read(file, conf));
          inputs.add(file.toString());
        }
      }
    } catch (IOException e) {
      return failure(e.getMessage());
    }
    CpcSketch merged = union.getResult();
    FileSystem fs = output.getFileSystem(conf);
    fs.mkdirs(output);
    write(fs, new Path(output, SketchFiles.ESTIMATE_FILE), (Sketches.estimateLine(merged) + "\n").getBytes(StandardCharsets.US_ASCII));
    write(fs, new Path(output, SketchUnionReducer.SKETCH_FILE), merged.toByteArray());
    JobSummary summary = new JobSummary(name() + " " + MERGE);
    summary.put("sketches", inputs.size());
    SketchFiles.keep(merged, output, conf, summary);
    summary.put("output", fs.makeQualified(output).toString());
    summary.put("inputs", inputs);
    summary.write(output, conf);
    System.out.println(summary.toJson());
    return ExitCodes.OK;
  }

  private static void write(FileSystem fs, Path file, byte[] bytes) throws IOException {
    try (OutputStream out = fs.create(file, false)) {
      out.write(bytes);
    }
  }
}
