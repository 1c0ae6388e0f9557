package io.logcount.jobs.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Collections;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

/** {@link CommandOptions}: the one parser of every command line, and its usage lines. */
class CommandOptionsTest {

  private static CommandOptions options() {
    return new CommandOptions()
        .value("--reducers", "N", "number of reduce tasks")
        .flag("--combine", "sum on the map side")
        .repeatable("--column", "NAME", "a column to keep;\nmay be given several times");
  }

  private static CommandOptions.Parsed parse(String... args) throws UsageException {
    return options().parse(args);
  }

  private static String refused(String... args) {
    return assertThrows(UsageException.class, () -> parse(args)).getMessage();
  }

  @Test
  void valueOptionTakesTheNextArgumentOrTheTextAfterEquals() throws UsageException {
    assertEquals("3", parse("--reducers", "3").get("--reducers"));
    assertEquals("3", parse("--reducers=3").get("--reducers"));
    assertEquals("", parse("--reducers=").get("--reducers"));
    assertEquals("a=b", parse("--reducers=a=b").get("--reducers"), "only the first '=' splits");
    assertEquals("-1", parse("--reducers", "-1").get("--reducers"), "the next argument, even with a '-'");
    assertTrue(parse("--reducers", "3").has("--reducers"));
  }

  @Test
  void lastValueWins() throws UsageException {
    assertEquals("5", parse("--reducers", "3", "--reducers=5").get("--reducers"));
    assertEquals(Collections.singletonList("5"), parse("--reducers", "3", "--reducers=5").all("--reducers"));
  }

  @Test
  void absentOptionIsNullAndEmpty() throws UsageException {
    CommandOptions.Parsed parsed = parse();
    assertNull(parsed.get("--reducers"));
    assertFalse(parsed.has("--combine"));
    assertEquals(Collections.emptyList(), parsed.all("--column"));
    assertFalse(parsed.help());
    assertEquals(Collections.emptyList(), parsed.positional());
  }

  @Test
  void flagTakesNoValue() throws UsageException {
    assertTrue(parse("--combine").has("--combine"));
    assertEquals("--combine takes no value, got '--combine=yes'", refused("--combine=yes"));
  }

  @Test
  void repeatableKeepsEveryValueInOrderInBothForms() throws UsageException {
    CommandOptions.Parsed parsed = parse("--column", "UserID", "in", "--column=SiteID", "--column", "URL");
    assertEquals(Arrays.asList("UserID", "SiteID", "URL"), parsed.all("--column"));
    assertEquals("URL", parsed.get("--column"));
    assertEquals(Collections.singletonList("in"), parsed.positional());
    assertThrows(UnsupportedOperationException.class, () -> parsed.all("--column").add("x"));
  }

  @Test
  void positionalArgumentsAnywhereInOrder() throws UsageException {
    CommandOptions.Parsed parsed = parse("in1", "--combine", "in2", "--reducers", "2", "-", "out");
    assertEquals(Arrays.asList("in1", "in2", "-", "out"), parsed.positional());
    assertThrows(UnsupportedOperationException.class, () -> parsed.positional().add("x"));
  }

  @Test
  void doubleDashEndsTheOptions() throws UsageException {
    CommandOptions.Parsed parsed = parse("--combine", "--", "--reducers", "-h", "--", "-x");
    assertEquals(Arrays.asList("--reducers", "-h", "--", "-x"), parsed.positional());
    assertNull(parsed.get("--reducers"));
    assertFalse(parsed.help());
  }

  @Test
  void helpInBothSpellings() throws UsageException {
    assertTrue(parse("-h").help());
    assertTrue(parse("in", "--help").help());
  }

  @Test
  void unknownOptionIsNamed() {
    assertEquals("unknown option --bogus", refused("--bogus"));
    assertEquals("unknown option --bogus", refused("--bogus=1"));
    assertEquals("unknown option --reducer", refused("--reducer", "3"));
  }

  @Test
  void unknownShortOptionHintsAtGenericOptions() {
    String message = refused("in", "-D", "a=b");
    assertTrue(message.startsWith("unknown option -D (generic options such as -D and -conf must come right"
        + " after the command"), message);
  }

  @Test
  void missingValueNamesTheOptionAndItsValue() {
    assertEquals("--reducers needs a value (N)", refused("in", "--reducers"));
    assertEquals("--column needs a value (NAME)", refused("--column"));
  }

  @Test
  void getIntChecksRangeAndNumber() throws UsageException {
    assertEquals(Integer.valueOf(3), parse("--reducers= 3 ").getInt("--reducers", 1, 10));
    assertNull(parse().getInt("--reducers", 1, 10));
    String range = assertThrows(UsageException.class, () -> parse("--reducers=0").getInt("--reducers", 1, 10))
        .getMessage();
    assertEquals("--reducers must be 1 to 10, got 0", range);
    String nan = assertThrows(UsageException.class, () -> parse("--reducers=many").getInt("--reducers", 1, 10))
        .getMessage();
    assertEquals("--reducers needs a whole number, got 'many'", nan);
  }

  @Test
  void declarationsAreChecked() {
    assertThrows(IllegalArgumentException.class, () -> new CommandOptions().flag("-x", "short"));
    assertThrows(IllegalArgumentException.class, () -> new CommandOptions().flag("--", "empty"));
    IllegalArgumentException twice = assertThrows(IllegalArgumentException.class,
        () -> new CommandOptions().flag("--a", "one").value("--a", "V", "two"));
    assertTrue(twice.getMessage().contains("--a"), twice.getMessage());
  }

  @Test
  void synopsisAndDescriptionListEveryOption() {
    CommandOptions options = options();
    assertEquals("[--reducers N] [--combine] [--column NAME]...", options.synopsis());
    String described = options.describe();
    assertEquals("  --reducers N   number of reduce tasks\n"
        + "  --combine      sum on the map side\n"
        + "  --column NAME  a column to keep;\n"
        + "                 may be given several times\n", described);
    assertEquals("", new CommandOptions().synopsis());
    assertEquals("", new CommandOptions().describe());
  }

  @Test
  void longSynopsisGetsItsOwnLine() {
    String described = new CommandOptions().value("--a-very-long-option-name", "SOME-VALUE", "what it does")
        .flag("--b", "bee").describe();
    assertTrue(described.startsWith("  --a-very-long-option-name SOME-VALUE\n" + String.format("%28s", "")
        + "what it does\n"), described);
    assertTrue(described.contains("  --b" + String.format("%23s", "") + "bee\n"), described);
  }

  /** Options bound to settings, as the job drivers declare them. */
  private static CommandOptions bound() {
    return new CommandOptions()
        .setting("--column", "NAME", "logcount.test.column", "the column").required()
        .setting("--n", "N", "logcount.test.n", "how many").range(1, 9)
        .flagSetting("--approx", "logcount.test.approx", "estimate")
        .checkedBy(conf -> {
          if ("bad".equals(conf.get("logcount.test.column"))) {
            throw new IllegalArgumentException("logcount.test.column may not be 'bad'");
          }
        });
  }

  @Test
  void givenOptionsAreCopiedToTheirKeysAndChecked() throws UsageException {
    Configuration conf = new Configuration(false);
    bound().parse(new String[] {"--column=SiteID", "--n", "7", "--approx", "in"}).applyTo(conf);
    assertEquals("SiteID", conf.get("logcount.test.column"));
    assertEquals(7, conf.getInt("logcount.test.n", 0));
    assertTrue(conf.getBoolean("logcount.test.approx", false));

    Configuration fromD = new Configuration(false);
    fromD.set("logcount.test.column", "UserAgent"); // -D satisfies a required option
    bound().parse(new String[] {"in"}).applyTo(fromD);
    assertEquals("UserAgent", fromD.get("logcount.test.column"));
    assertNull(fromD.get("logcount.test.n"), "an option not given sets nothing");
    assertNull(fromD.get("logcount.test.approx"));
  }

  @Test
  void missingRequiredOutOfRangeAndFailedChecksAreRefused() throws UsageException {
    UsageException missing = assertThrows(UsageException.class,
        () -> bound().parse(new String[] {"in"}).applyTo(new Configuration(false)));
    assertEquals("--column is required", missing.getMessage());
    UsageException range = assertThrows(UsageException.class,
        () -> bound().parse(new String[] {"--column", "a", "--n", "10"}).applyTo(new Configuration(false)));
    assertEquals("--n must be 1 to 9, got 10", range.getMessage());
    IllegalArgumentException check = assertThrows(IllegalArgumentException.class,
        () -> bound().parse(new String[] {"--column", "bad"}).applyTo(new Configuration(false)));
    assertEquals("logcount.test.column may not be 'bad'", check.getMessage());
  }

  @Test
  void requiredAndRangeFollowTheirKindOfOption() {
    assertThrows(IllegalStateException.class, () -> new CommandOptions().flag("--x", "x").required());
    assertThrows(IllegalStateException.class, () -> new CommandOptions().flag("--x", "x").range(1, 2));
  }
}
