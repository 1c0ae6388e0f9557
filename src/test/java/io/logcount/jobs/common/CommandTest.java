package io.logcount.jobs.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.hadoop.util.Tool;
import org.junit.jupiter.api.Test;

import io.logcount.LogCount;

/**
 * {@link Command}: usage built from the declared options, and exit codes 0, 1 and 2, through a
 * tiny command; then every option of every real command in both spellings.
 */
class CommandTest {

  /** A command that does what the test asks. */
  static final class Tiny extends Command {
    CommandOptions.Parsed seen;
    Exception toThrow;
    boolean started;

    Tiny() {
      super("tiny", "INPUT... OUTPUT", "Counts tiny things.\nSecond line.");
      options().value("--n", "N", "how many").flag("--fast", "go fast").repeatable("--tag", "T", "a tag")
          .flag("--fail", "report a failure");
    }

    @Override
    protected int execute(CommandOptions.Parsed args) throws Exception {
      seen = args;
      if (started) {
        settingsChecked();
      }
      if (toThrow != null) {
        throw toThrow;
      }
      return args.has("--fail") ? failure("it broke; fix it") : ExitCodes.OK;
    }

    @Override
    protected String usageNotes() {
      return "OUTPUT must not exist.\nNotes have two lines.";
    }
  }

  /** Exit code and what the command printed. */
  private static final class Result {
    int exit;
    String out;
    String err;
  }

  private static Result run(Command command, String... args) throws Exception {
    PrintStream oldOut = System.out;
    PrintStream oldErr = System.err;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Result result = new Result();
    try {
      System.setOut(new PrintStream(out, true, "UTF-8"));
      System.setErr(new PrintStream(err, true, "UTF-8"));
      result.exit = command.run(args);
    } finally {
      System.setOut(oldOut);
      System.setErr(oldErr);
    }
    result.out = new String(out.toByteArray(), StandardCharsets.UTF_8);
    result.err = new String(err.toByteArray(), StandardCharsets.UTF_8);
    return result;
  }

  @Test
  void usageHasSynopsisDescriptionEveryOptionNotesAndExitCodes() {
    Tiny tiny = new Tiny();
    String usage = tiny.usage();
    assertEquals("tiny", tiny.name());
    assertTrue(usage.startsWith("usage: logcount tiny [generic options] [--n N] [--fast] [--tag T]... [--fail]"
        + " INPUT... OUTPUT\n  Counts tiny things.\n  Second line.\n"), usage);
    for (CommandOptions.Option option : tiny.options().declared()) {
      assertTrue(usage.contains("  " + option.synopsis() + " "), option.name + " in\n" + usage);
      assertTrue(usage.contains(option.description), option.name + " described in\n" + usage);
    }
    assertTrue(usage.contains(tiny.options().describe()), usage);
    assertTrue(usage.contains("\n  OUTPUT must not exist.\n  Notes have two lines.\n"), usage);
    assertTrue(usage.endsWith("Exit codes: 0 success, 1 failed (job, input or output), 2 bad usage."), usage);
  }

  @Test
  void successIsZeroWithTheParsedCommandLine() throws Exception {
    Tiny tiny = new Tiny();
    Result r = run(tiny, "in", "--n=3", "--tag", "a", "--fast", "--tag=b", "out");
    assertEquals(ExitCodes.OK, r.exit, r.err);
    assertEquals("", r.err);
    assertEquals("3", tiny.seen.get("--n"));
    assertTrue(tiny.seen.has("--fast"));
    assertEquals(Arrays.asList("a", "b"), tiny.seen.all("--tag"));
    assertEquals(Arrays.asList("in", "out"), tiny.seen.positional());
  }

  @Test
  void helpPrintsUsageAndGenericOptionsToStdoutAndIsZero() throws Exception {
    Tiny tiny = new Tiny();
    Result r = run(tiny, "in", "--help");
    assertEquals(ExitCodes.OK, r.exit);
    assertNull(tiny.seen, "help runs nothing");
    assertTrue(r.out.startsWith(tiny.usage()), r.out);
    assertTrue(r.out.contains("Generic options supported are"), r.out);
    assertEquals("", r.err);
  }

  @Test
  void unknownOptionIsTwoWithTheProblemThenTheUsage() throws Exception {
    Tiny tiny = new Tiny();
    Result r = run(tiny, "--bogus", "in");
    assertEquals(ExitCodes.USAGE, r.exit);
    assertNull(tiny.seen);
    assertTrue(r.err.startsWith("logcount tiny: unknown option --bogus\n" + tiny.usage()), r.err);
    assertEquals("", r.out);
  }

  @Test
  void missingValueIsTwo() throws Exception {
    Result r = run(new Tiny(), "in", "--n");
    assertEquals(ExitCodes.USAGE, r.exit);
    assertTrue(r.err.startsWith("logcount tiny: --n needs a value (N)\n"), r.err);
  }

  @Test
  void usageExceptionFromTheCommandIsTwo() throws Exception {
    Tiny tiny = new Tiny();
    tiny.toThrow = new UsageException("needs at least one INPUT and an OUTPUT");
    Result r = run(tiny);
    assertEquals(ExitCodes.USAGE, r.exit);
    assertTrue(r.err.startsWith("logcount tiny: needs at least one INPUT and an OUTPUT\nusage: logcount tiny"), r.err);
  }

  @Test
  void settingValidationFailureIsTwo() throws Exception {
    Tiny tiny = new Tiny();
    tiny.toThrow = new IllegalArgumentException("logcount.x must be 1 to 9, not 0");
    Result r = run(tiny, "in");
    assertEquals(ExitCodes.USAGE, r.exit);
    assertTrue(r.err.startsWith("logcount tiny: logcount.x must be 1 to 9, not 0\nusage:"), r.err);
  }

  @Test
  void illegalArgumentOnceTheWorkStartedIsOneWithoutTheUsage() throws Exception {
    Tiny tiny = new Tiny();
    tiny.started = true;
    tiny.toThrow = new IllegalArgumentException("Index 7 out of bounds for length 7");
    Result r = run(tiny, "in");
    assertEquals(ExitCodes.FAILED, r.exit);
    assertTrue(r.err.startsWith("logcount tiny: failed: java.lang.IllegalArgumentException: Index 7 out of bounds"),
        r.err);
    assertFalse(r.err.contains("usage:"), r.err);
    // The next run of the same command starts with its settings unchecked again.
    tiny.started = false;
    tiny.toThrow = new IllegalArgumentException("logcount.x must be 1 to 9, not 0");
    assertEquals(ExitCodes.USAGE, run(tiny, "in").exit);
  }

  @Test
  void failureIsOneWithoutTheUsage() throws Exception {
    Result r = run(new Tiny(), "in", "--fail");
    assertEquals(ExitCodes.FAILED, r.exit);
    assertEquals("logcount tiny: it broke; fix it\n", r.err.replace("\r\n", "\n"));
  }

  @Test
  void otherErrorsPropagate() {
    Tiny tiny = new Tiny();
    tiny.toThrow = new IOException("disk on fire");
    IOException e = assertThrows(IOException.class, () -> run(tiny, "in"));
    assertEquals("disk on fire", e.getMessage());
  }

  /** Every sub-command of {@link LogCount} (a test may know the entry point; the template may not). */
  private static List<Command> commands() {
    List<Command> commands = new ArrayList<>();
    for (String name : LogCount.commandNames()) {
      Tool tool = LogCount.newCommand(name);
      assertTrue(tool instanceof Command, name + " is built on the Command template");
      assertEquals(name, ((Command) tool).name());
      commands.add((Command) tool);
    }
    assertTrue(commands.size() >= 4, LogCount.commandNames().toString());
    return commands;
  }

  @Test
  void everyOptionOfEveryCommandParsesInBothSpellingsAndIsInItsUsage() throws UsageException {
    int checked = 0;
    for (Command command : commands()) {
      String usage = command.usage();
      for (CommandOptions.Option option : command.options().declared()) {
        String where = command.name() + " " + option.name;
        assertTrue(usage.contains(option.synopsis()), where + " in its usage");
        CommandOptions options = command.options();
        if (option.takesValue()) {
          assertEquals("v 1", options.parse(new String[] {option.name, "v 1", "in"}).get(option.name), where);
          assertEquals("v 1", options.parse(new String[] {"in", option.name + "=v 1"}).get(option.name), where);
          assertEquals(Arrays.asList("in"), options.parse(new String[] {option.name, "x", "in"}).positional(), where);
        } else {
          assertTrue(options.parse(new String[] {option.name, "in"}).has(option.name), where);
          assertThrows(UsageException.class, () -> options.parse(new String[] {option.name + "=x"}), where);
        }
        checked++;
      }
      assertFalse(command.options().parse(new String[0]).help());
    }
    assertTrue(checked >= 8, "the commands declare options: " + checked);
  }
}
