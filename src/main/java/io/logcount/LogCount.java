package io.logcount;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.util.Tool;
import org.apache.hadoop.util.ToolRunner;

import io.logcount.jobs.common.ExitCodes;

/**
 * Entry point of the job jar: one sub-command per job, as Hadoop's {@code ExampleDriver}.
 *
 * <p>The jar's manifest names this class, and {@code hadoop jar} then ignores a class-name
 * argument; so the first argument picks the job ({@code hadoop jar logcount.jar unique-users
 * ...}) and the rest, generic {@code -D} options included, go to that job's {@link Tool}
 * through {@link ToolRunner}.
 */
public final class LogCount {

  private static final class Command {
    final String description;
    final Supplier<Tool> tool;

    Command(String description, Supplier<Tool> tool) {
      this.description = description;
      this.tool = tool;
    }
  }

  private static final Map<String, Command> COMMANDS = new LinkedHashMap<>();

  static {
    // One line per job, in the order the usage text lists them.
    COMMANDS.put("unique-users", new Command(
        "count events per user and distinct users", io.logcount.jobs.uniqueusers.UniqueUsersJob::new));
    COMMANDS.put("distinct-by", new Command(
        "distinct users (or another column) per column value, day or hour", io.logcount.jobs.distinctby.DistinctByJob::new));
    COMMANDS.put("approx-unique-users", new Command(
        "estimate distinct users with sketches (95% bounds); --merge saved sketches",
        io.logcount.jobs.approx.ApproxUniqueUsersJob::new));
    COMMANDS.put("top-users", new Command(
        "the N users with the most events", io.logcount.jobs.topusers.TopUsersJob::new));
    COMMANDS.put("count-by", new Command(
        "count events per value of any column", io.logcount.jobs.countby.CountByJob::new));
    COMMANDS.put("stream", new Command(
        "run a Hadoop Streaming job (Python mapper, reducer) over the lines in 7z archives",
        io.logcount.jobs.stream.StreamCommand::new));
    COMMANDS.put("index", new Command(
        "index LZMA2 dictionary resets so jobs split inside solid folders", io.logcount.jobs.index.IndexJob::new));
    COMMANDS.put("generate", new Command(
        "write sample ad-server events into a 7z archive or TSV files", io.logcount.tools.generate.GenerateJob::new));
    COMMANDS.put("decode", new Command(
        "read archives as a job would, on one thread, and report the speed", io.logcount.tools.decode.DecodeJob::new));
  }

  private LogCount() {
  }

  /** Runs the named sub-command and returns its exit code (never calls {@code System.exit}). */
  public static int run(Configuration conf, String[] args) throws Exception {
    if (args.length == 0 || "-h".equals(args[0]) || "--help".equals(args[0])) {
      printUsage(args.length == 0 ? System.err : System.out);
      return args.length == 0 ? ExitCodes.USAGE : ExitCodes.OK;
    }
    Command command = COMMANDS.get(args[0]);
    if (command == null) {
      System.err.println("logcount: unknown command '" + args[0] + "'");
      printUsage(System.err);
      return ExitCodes.USAGE;
    }
    String[] rest = new String[args.length - 1];
    System.arraycopy(args, 1, rest, 0, rest.length);
    return ToolRunner.run(conf, command.tool.get(), rest);
  }

  /** The sub-command names, in the order the usage text lists them. */
  public static List<String> commandNames() {
    return Collections.unmodifiableList(new ArrayList<>(COMMANDS.keySet()));
  }

  /** A new instance of the named sub-command (as {@link #run} makes), for tests that check every command. */
  public static Tool newCommand(String name) {
    Command command = COMMANDS.get(name);
    if (command == null) {
      throw new IllegalArgumentException("unknown command '" + name + "'; known: " + COMMANDS.keySet());
    }
    return command.tool.get();
  }

  static void printUsage(PrintStream out) {
    out.println("usage: logcount COMMAND [generic options] [command options] ARGS...");
    out.println("       (hadoop jar logcount.jar COMMAND ... | scripts/logcount COMMAND ...)");
    out.println("commands:");
    for (Map.Entry<String, Command> e : COMMANDS.entrySet()) {
      out.printf("  %-19s %s%n", e.getKey(), e.getValue().description);
    }
    out.println("Run 'logcount COMMAND --help' for a command's options.");
  }

  public static void main(String[] args) throws Exception {
    System.exit(run(new Configuration(), args));
  }
}
