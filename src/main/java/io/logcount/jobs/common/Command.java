package io.logcount.jobs.common;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.conf.Configured;
import org.apache.hadoop.util.GenericOptionsParser;
import org.apache.hadoop.util.Tool;

/**
 * The template of every logcount sub-command: a Hadoop {@link Tool} (so {@code ToolRunner} has
 * taken the generic options off first) that declares its options, and whose {@link #run} owns
 * parsing, help, the usage text and the exit codes. A command implements {@link #execute}.
 *
 * <p>Exit codes ({@link ExitCodes}): 0 success; 1 failure (the job failed, an input is missing,
 * the output exists); 2 bad usage, for a {@link UsageException} or an
 * {@link IllegalArgumentException} from a setting's validation (both name what is wrong); an
 * {@link IllegalArgumentException} once the work has started ({@link #settingsChecked()}) is a
 * failure, 1, not a usage error.
 *
 * <p>A command may have another form chosen by a flag ({@link #alternative}), e.g.
 * {@code approx-unique-users --merge DIR... OUTPUT}, which reads saved sketches instead of logs:
 * that form is a command of its own, with its own options and usage, and the flag hands it the
 * command line.
 */
public abstract class Command extends Configured implements Tool {

  private final String name;
  private final String arguments;
  private final String description;
  private final CommandOptions options = new CommandOptions();
  private final Map<String, Command> alternatives = new LinkedHashMap<>();
  /** Set by {@link #settingsChecked()}: the work has started. */
  private boolean settingsChecked;

  /**
   * @param name the sub-command, e.g. {@code unique-users}
   * @param arguments the positional arguments for the usage line, e.g. {@code INPUT... OUTPUT}
   * @param description what the command does, one or more lines for the usage text
   */
  protected Command(String name, String arguments, String description) {
    this.name = name;
    this.arguments = arguments;
    this.description = description;
  }

  /** The sub-command's name. */
  public final String name() {
    return name;
  }

  /** The options this command accepts; subclasses declare theirs in their constructor. */
  protected final CommandOptions options() {
    return options;
  }

  /**
   * Declares another form of this command: a command line holding {@code flag} (before any
   * {@code --}) is run by {@code form} instead, without the flag; {@code form}'s arguments text
   * starts with the flag (e.g. {@code --merge DIR... OUTPUT}). The usage text points to it.
   */
  protected final void alternative(String flag, Command form) {
    alternatives.put(flag, form);
  }

  /** Runs the command on its parsed command line; returns an {@link ExitCodes} value. */
  protected abstract int execute(CommandOptions.Parsed args) throws Exception;

  /** Lines printed after the options in the usage text (output layout, notes); none by default. */
  protected String usageNotes() {
    return "";
  }

  @Override
  public final int run(String[] args) throws Exception {
    for (Map.Entry<String, Command> form : alternatives.entrySet()) {
      int end = Arrays.asList(args).indexOf("--");
      int at = Arrays.asList(end < 0 ? args : Arrays.copyOf(args, end)).indexOf(form.getKey());
      if (at >= 0) {
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        rest.remove(at);
        form.getValue().setConf(getConf());
        return form.getValue().run(rest.toArray(new String[0]));
      }
    }
    CommandOptions.Parsed parsed;
    try {
      parsed = options.parse(args);
    } catch (UsageException e) {
      return usageError(e.getMessage());
    }
    if (parsed.help()) {
      printUsage(System.out);
      return ExitCodes.OK;
    }
    settingsChecked = false;
    if (getConf() == null) {
      setConf(new Configuration());
    }
    try {
      parsed.applyTo(getConf());
      return execute(parsed);
    } catch (UsageException e) {
      return usageError(e.getMessage());
    } catch (IllegalArgumentException e) {
      if (settingsChecked) {
        // Thrown by the work itself (planning, a decoder, our own bug): no usage text can help.
        System.err.println("logcount " + name + ": failed: " + e);
        e.printStackTrace();
        return ExitCodes.FAILED;
      }
      // A setting's validation (a -D value out of range): the message names the key and the fix.
      return usageError(e.getMessage());
    }
  }

  /**
   * Says that the options and settings are checked and the work starts: from here on an
   * {@link IllegalArgumentException} is a failure (exit 1, no usage text), not bad usage.
   */
  protected final void settingsChecked() {
    settingsChecked = true;
  }

  /** Prints the problem, then the usage; returns {@link ExitCodes#USAGE}. */
  protected final int usageError(String message) {
    System.err.println("logcount " + name + ": " + message);
    printUsage(System.err);
    return ExitCodes.USAGE;
  }

  /** Prints the problem; returns {@link ExitCodes#FAILED}. */
  protected final int failure(String message) {
    System.err.println("logcount " + name + ": " + message);
    return ExitCodes.FAILED;
  }

  /** The usage text: synopsis, description, the declared options, notes. */
  public final String usage() {
    StringBuilder out = new StringBuilder("usage: logcount ").append(name).append(" [generic options]");
    String synopsis = options.synopsis();
    if (!synopsis.isEmpty()) {
      out.append(' ').append(synopsis);
    }
    out.append(' ').append(arguments).append('\n');
    for (String line : description.split("\n")) {
      out.append("  ").append(line).append('\n');
    }
    out.append(options.describe());
    String notes = usageNotes();
    if (!notes.isEmpty()) {
      for (String line : notes.split("\n")) {
        out.append("  ").append(line).append('\n');
      }
    }
    for (Map.Entry<String, Command> form : alternatives.entrySet()) {
      out.append("  Also: logcount ").append(name).append(" [options] ").append(form.getValue().arguments)
          .append("\n    (logcount ").append(name).append(' ').append(form.getKey()).append(" --help)\n");
    }
    out.append("  Exit codes: 0 success, 1 failed (job, input or output), 2 bad usage.");
    return out.toString();
  }

  /** Prints {@link #usage()} and Hadoop's generic options. */
  public final void printUsage(PrintStream out) {
    out.println(usage());
    GenericOptionsParser.printGenericCommandUsage(out);
  }
}
