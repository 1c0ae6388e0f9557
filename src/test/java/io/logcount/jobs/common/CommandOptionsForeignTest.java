package io.logcount.jobs.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;

import org.junit.jupiter.api.Test;

/** Foreign options: a command that runs another tool passes that tool's options on, in order. */
class CommandOptionsForeignTest {

  private static CommandOptions streamLike() {
    return new CommandOptions().value("--password-file", "PATH", "ours")
        .foreign("[streaming options]", "theirs", new HashSet<>(Arrays.asList("-verbose", "-lazyOutput")));
  }

  @Test
  void foreignOptionsKeepTheirValuesAndOrderAndPositionalsStayPositional() throws UsageException {
    CommandOptions.Parsed parsed = streamLike().parse(new String[] {
        "-mapper", "python3 m.py", "-verbose", "--password-file", "p", "-numReduceTasks", "0", "in.7z", "out"});
    assertEquals(Arrays.asList("-mapper", "python3 m.py", "-verbose", "-numReduceTasks", "0"), parsed.foreign());
    assertEquals(Arrays.asList("in.7z", "out"), parsed.positional());
    assertEquals("p", parsed.get("--password-file"));
  }

  @Test
  void foreignOptionWithoutItsValueIsBadUsage() {
    UsageException e = assertThrows(UsageException.class, () -> streamLike().parse(new String[] {"-mapper"}));
    assertTrue(e.getMessage().contains("-mapper needs a value"), e.getMessage());
  }

  @Test
  void withoutForeignOptionsAnUnknownSingleDashOptionIsStillRefused() {
    CommandOptions plain = new CommandOptions().flag("--x", "x");
    UsageException e = assertThrows(UsageException.class, () -> plain.parse(new String[] {"-mapper", "cat"}));
    assertTrue(e.getMessage().contains("unknown option -mapper"), e.getMessage());
  }

  @Test
  void usageListsTheForeignOptions() {
    CommandOptions options = streamLike();
    assertTrue(options.synopsis().endsWith("[streaming options]"), options.synopsis());
    assertTrue(options.describe().contains("theirs"), options.describe());
  }
}
