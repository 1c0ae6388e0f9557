package io.logcount.jobs.common;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.hadoop.conf.Configuration;

/**
 * The options a command declares, and the one parser of every command line: {@code --name value}
 * and {@code --name=value} for every valued option, {@code --flag} for flags, {@code -h} or
 * {@code --help}, {@code --} before arguments that start with '-', and positional arguments
 * anywhere. The usage text's option lines are built from the declarations, so what a command
 * accepts and what its usage says cannot drift apart.
 *
 * <p>Options are bound to settings where they declare them ({@link #setting}, {@link #flagSetting}):
 * a given option is copied to its configuration key by {@link Parsed#applyTo}, which then runs
 * the declared {@link #checkedBy checks} (a setting's typed getter, which validates it), so a
 * driver neither copies options to keys by hand nor calls getters for their side effect. The
 * same key given with {@code -D} works the same; the option wins.
 *
 * <p>Hadoop's generic options ({@code -D}, {@code -conf}, ...) are gone before this parser runs
 * ({@code ToolRunner}); one met here is reported with the hint to put it first.
 */
public final class CommandOptions {

  /** One declared option. */
  public static final class Option {
    final String name;
    final String valueName;
    final String description;
    final boolean repeatable;
    /** The configuration key the option sets, or null. */
    String key;
    /** True if the option (or its key, with -D) must be given. */
    boolean required;
    /** Inclusive bounds of a whole-number option, or null. */
    Integer min;
    Integer max;

    Option(String name, String valueName, String description, boolean repeatable) {
      this.name = name;
      this.valueName = valueName;
      this.description = description;
      this.repeatable = repeatable;
    }

    boolean takesValue() {
      return valueName != null;
    }

    String synopsis() {
      return takesValue() ? name + " " + valueName : name;
    }
  }

  /** A check of the settings once the options are bound: typically a setting's typed getter. */
  public interface Check {
    /** Throws {@link IllegalArgumentException} (or a {@link UsageException}) naming a bad setting. */
    void check(Configuration conf) throws UsageException;
  }

  private final Map<String, Option> options = new LinkedHashMap<>();
  private final List<Check> checks = new ArrayList<>();
  private Option last;
  /** Flags (no value) among the foreign options, or null if foreign options are refused. */
  private Set<String> foreignFlags;
  private String foreignSynopsis = "";
  private String foreignDescription = "";

  /** Declares a flag ({@code --name}, no value). */
  public CommandOptions flag(String name, String description) {
    return add(new Option(name, null, description, false));
  }

  /** Declares an option with one value ({@code --name VALUE} or {@code --name=VALUE}); the last one given wins. */
  public CommandOptions value(String name, String valueName, String description) {
    return add(new Option(name, valueName, description, false));
  }

  /** Declares an option that may be given several times; {@link Parsed#all} returns every value. */
  public CommandOptions repeatable(String name, String valueName, String description) {
    return add(new Option(name, valueName, description, true));
  }

  /** Declares an option whose value is the setting {@code key} ({@link Parsed#applyTo} copies it). */
  public CommandOptions setting(String name, String valueName, String key, String description) {
    add(new Option(name, valueName, description, false));
    last.key = key;
    return this;
  }

  /** Declares a flag that sets the boolean setting {@code key} to true. */
  public CommandOptions flagSetting(String name, String key, String description) {
    add(new Option(name, null, description, false));
    last.key = key;
    return this;
  }

  /** The option declared last is required: given, or its key set already (with -D). */
  public CommandOptions required() {
    if (last == null || last.key == null) {
      throw new IllegalStateException("required() follows a setting(...) declaration");
    }
    last.required = true;
    return this;
  }

  /** The option declared last takes a whole number from {@code min} to {@code max}. */
  public CommandOptions range(int min, int max) {
    if (last == null || !last.takesValue()) {
      throw new IllegalStateException("range() follows a valued option");
    }
    last.min = min;
    last.max = max;
    return this;
  }

  /** Runs {@code check} on the configuration once the options are bound ({@link Parsed#applyTo}). */
  public CommandOptions checkedBy(Check check) {
    checks.add(check);
    return this;
  }

  private CommandOptions add(Option option) {
    if (!option.name.startsWith("--") || option.name.length() < 3) {
      throw new IllegalArgumentException("option names start with --: " + option.name);
    }
    if (options.put(option.name, option) != null) {
      throw new IllegalArgumentException("option declared twice: " + option.name);
    }
    last = option;
    return this;
  }

  /**
   * Accepts the options of the tool a command runs: single-dash options this parser does not
   * declare (Streaming's {@code -mapper CMD}, {@code -numReduceTasks N}), each followed by one
   * value unless named in {@code flags}. They are passed on, in order, by {@link Parsed#foreign()}.
   *
   * @param synopsis their part of the usage line, e.g. {@code [streaming options]}
   * @param description their line(s) in the usage text
   */
  public CommandOptions foreign(String synopsis, String description, Set<String> flags) {
    this.foreignFlags = flags;
    this.foreignSynopsis = synopsis;
    this.foreignDescription = description;
    return this;
  }

  /** The declared options, in declaration order. */
  List<Option> declared() {
    return new ArrayList<>(options.values());
  }

  /** {@code [--a N] [--b] } for the usage line. */
  public String synopsis() {
    StringBuilder out = new StringBuilder();
    for (Option o : options.values()) {
      out.append('[').append(o.synopsis()).append(o.repeatable ? "]... " : "] ");
    }
    return out.append(foreignSynopsis).toString().trim();
  }

  /** One or more lines per option: name and value, then the description, aligned. */
  public String describe() {
    int width = 0;
    for (Option o : options.values()) {
      width = Math.max(width, o.synopsis().length());
    }
    width = Math.min(width, 24);
    StringBuilder out = new StringBuilder();
    for (Option o : options.values()) {
      String head = "  " + o.synopsis();
      String[] lines = o.description.split("\n");
      if (o.synopsis().length() > width) {
        out.append(head).append('\n');
        head = "";
      }
      for (String line : lines) {
        out.append(String.format("%-" + (width + 4) + "s", head)).append(line).append('\n');
        head = "";
      }
    }
    if (!foreignDescription.isEmpty()) {
      for (String line : foreignDescription.split("\n")) {
        out.append("  ").append(line).append('\n');
      }
    }
    return out.toString();
  }

  /** Parses a command line (generic options already removed). */
  public Parsed parse(String[] args) throws UsageException {
    Parsed parsed = new Parsed(this);
    boolean optionsEnded = false;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (optionsEnded || !arg.startsWith("-") || "-".equals(arg)) {
        parsed.positional.add(arg);
        continue;
      }
      if ("--".equals(arg)) {
        optionsEnded = true;
        continue;
      }
      if ("-h".equals(arg) || "--help".equals(arg)) {
        parsed.help = true;
        continue;
      }
      String name = arg;
      String value = null;
      int eq = arg.indexOf('=');
      if (arg.startsWith("--") && eq > 0) {
        name = arg.substring(0, eq);
        value = arg.substring(eq + 1);
      }
      Option option = options.get(name);
      if (option == null && foreignFlags != null && !name.startsWith("--")) {
        parsed.foreign.add(arg);
        if (!foreignFlags.contains(arg)) {
          if (i + 1 >= args.length) {
            throw new UsageException(arg + " needs a value");
          }
          parsed.foreign.add(args[++i]);
        }
        continue;
      }
      if (option == null) {
        throw new UsageException("unknown option " + name + (name.startsWith("--") ? ""
            : " (generic options such as -D and -conf must come right after the command,"
                + " before its own options)"));
      }
      if (!option.takesValue()) {
        if (value != null) {
          throw new UsageException(name + " takes no value, got '" + arg + "'");
        }
        parsed.values.put(name, Collections.singletonList("true"));
        continue;
      }
      if (value == null) {
        if (i + 1 >= args.length) {
          throw new UsageException(name + " needs a value (" + option.valueName + ")");
        }
        value = args[++i];
      }
      List<String> values = parsed.values.get(name);
      if (values == null || !option.repeatable) {
        values = new ArrayList<>();
        parsed.values.put(name, values);
      }
      values.add(value);
    }
    return parsed;
  }

  /** A parsed command line. */
  public static final class Parsed {
    private final CommandOptions declared;
    private final Map<String, List<String>> values = new LinkedHashMap<>();
    private final List<String> positional = new ArrayList<>();
    private final List<String> foreign = new ArrayList<>();
    private boolean help;

    Parsed(CommandOptions declared) {
      this.declared = declared;
    }

    /**
     * Copies every given option bound to a setting into {@code conf} (a whole number checked
     * against its range first), refuses a missing required one, then runs the declared checks.
     *
     * @throws UsageException naming the option that is missing or out of range
     * @throws IllegalArgumentException from a check, naming the bad setting
     */
    public void applyTo(Configuration conf) throws UsageException {
      for (Option o : declared.options.values()) {
        if (o.key == null) {
          continue;
        }
        String v = get(o.name);
        if (v == null) {
          if (o.required && conf.get(o.key) == null) {
            throw new UsageException(o.name + " is required");
          }
        } else if (!o.takesValue()) {
          conf.setBoolean(o.key, true);
        } else if (o.min != null) {
          conf.setInt(o.key, getInt(o.name, o.min, o.max));
        } else {
          conf.set(o.key, v);
        }
      }
      for (Check c : declared.checks) {
        c.check(conf);
      }
    }

    /** The foreign options (see {@link CommandOptions#foreign}) with their values, in order. */
    public List<String> foreign() {
      return Collections.unmodifiableList(foreign);
    }

    /** True if {@code -h} or {@code --help} was given. */
    public boolean help() {
      return help;
    }

    /** True if the option (flag or valued) was given. */
    public boolean has(String name) {
      return values.containsKey(name);
    }

    /** The option's (last) value, or null if it was not given. */
    public String get(String name) {
      List<String> v = values.get(name);
      return v == null ? null : v.get(v.size() - 1);
    }

    /** Every value of a repeatable option, in order; empty if it was not given. */
    public List<String> all(String name) {
      List<String> v = values.get(name);
      return v == null ? Collections.<String>emptyList() : Collections.unmodifiableList(v);
    }

    /** The arguments that are not options, in order. */
    public List<String> positional() {
      return Collections.unmodifiableList(positional);
    }

    /** The option's value as an int from {@code min} to {@code max}, or null if not given. */
    public Integer getInt(String name, int min, int max) throws UsageException {
      String v = get(name);
      if (v == null) {
        return null;
      }
      try {
        int n = Integer.parseInt(v.trim());
        if (n < min || n > max) {
          throw new UsageException(name + " must be " + min + " to " + max + ", got " + v);
        }
        return n;
      } catch (NumberFormatException e) {
        throw new UsageException(name + " needs a whole number, got '" + v + "'");
      }
    }
  }
}
