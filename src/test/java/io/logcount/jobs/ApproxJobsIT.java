package io.logcount.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.logcount.sketch.Sketches;
import io.logcount.testing.CommonsCompressReader;
import io.logcount.testing.Lines;
import io.logcount.testing.JobOutput;
import io.logcount.testing.LocalRunner;
import io.logcount.testing.LocalRunnerExtension;
import io.logcount.testing.LogModel;

/**
 * The approximate jobs end to end on the local runner: {@code approx-unique-users} lands within
 * its stated 95% bounds on generated data whose distinct users are known (the generator counts
 * them), shuffles kilobytes per map task whatever the input, and its saved sketches merge
 * later into the answer of the whole; {@code distinct-by --approx} agrees with the exact job.
 */
@ExtendWith(LocalRunnerExtension.class)
class ApproxJobsIT {

  private static final int USER = 1;
  /** Map output of one task: one sketch, far below this whatever the input size. */
  private static final long MAP_OUTPUT_BOUND = 1 << 20;

  @TempDir
  static File work;

  /** A generated archive and the distinct users the generator wrote. */
  private static final class Archive {
    final File file;
    final long distinct;

    Archive(File file, long distinct) {
      this.file = file;
      this.distinct = distinct;
    }
  }

  /**
   * Generates {@code lines} events of {@code users} equally likely users (skew 1) into
   * {@code files} folders (one map task each), with the fastest LZMA2 preset.
   */
  private static Archive generate(String name, long lines, long users, int files, int seed) throws Exception {
    File archive = new File(work, name + ".7z");
    LocalRunner.Run run = LocalRunner.run("generate", "-D", "logcount.generate.user.skew=1",
        "-D", "logcount.generate.lzma2.preset=0", "--lines", Long.toString(lines), "--users", Long.toString(users),
        "--files", Integer.toString(files), "--seed", Integer.toString(seed), archive.getAbsolutePath());
    assertEquals(0, run.exit, run.err);
    Matcher m = Pattern.compile("users\\s+(\\d+) distinct").matcher(run.out);
    assertTrue(m.find(), run.out);
    return new Archive(archive, Long.parseLong(m.group(1)));
  }

  private static File run(String name, String... args) throws Exception {
    File output = new File(work, name);
    List<String> all = new ArrayList<>(Arrays.asList(args));
    all.add(output.getAbsolutePath());
    LocalRunner.Run run = LocalRunner.run(all.toArray(new String[0]));
    assertEquals(0, run.exit, run.err);
    return output;
  }

  /** {@code estimate, lower, upper} from OUTPUT/estimate.tsv. */
  private static long[] estimate(File output) throws IOException {
    String line = new String(Files.readAllBytes(new File(output, "estimate.tsv").toPath()), StandardCharsets.US_ASCII);
    assertTrue(line.endsWith("\n"), line);
    long[] figures = Arrays.stream(line.trim().split("\t")).mapToLong(Long::parseLong).toArray();
    assertEquals(3, figures.length, line);
    assertTrue(figures[1] <= figures[0] && figures[0] <= figures[2], line);
    return figures;
  }

  private static void assertWithin(long exact, long[] e, String what) {
    assertTrue(e[1] <= exact && exact <= e[2], what + ": " + exact + " not within [" + e[1] + ", " + e[2] + "]");
  }

  @ParameterizedTest(name = "{0} lines of {1} users")
  @CsvSource({"20000, 1000, 1", "100000, 200000000, 2", "1000000, 200000000, 2"})
  void estimateLandsWithinItsBoundsAndMapOutputStaysSmall(long lines, long users, int files) throws Exception {
    Archive data = generate("known-" + lines, lines, users, files, 7);
    File out = run("approx-" + lines, "approx-unique-users", data.file.getAbsolutePath());
    long[] e = estimate(out);
    assertWithin(data.distinct, e, "distinct users");
    if (data.distinct >= 1_000_000) { // the default's promise: 95% bounds within +-1%
      assertTrue(e[2] - e[1] <= 0.02 * e[0], Arrays.toString(e));
    }
    assertEquals(e[0], LocalRunner.summaryField(out, "distinct_users_estimate"));
    assertEquals(e[1], LocalRunner.summaryField(out, "lower_bound_95"));
    assertEquals(e[2], LocalRunner.summaryField(out, "upper_bound_95"));
    assertEquals(Sketches.DEFAULT_LG_K, LocalRunner.summaryField(out, "lg_k"));
    assertEquals(lines, LocalRunner.summaryField(out, "records"));
    long sketches = LocalRunner.summaryField(out, "sketches");
    assertEquals(LocalRunner.summaryField(out, "splits"), sketches, "one sketch per map task");
    long mapOutput = LocalRunner.summaryField(out, "map_output_bytes");
    assertTrue(mapOutput < sketches * MAP_OUTPUT_BOUND, mapOutput + " bytes from " + sketches + " map tasks");
    assertTrue(new File(out, "users.sketch").length() < MAP_OUTPUT_BOUND);
  }

  @Test
  void savedSketchesMergeIntoTheWholeWithoutCountingTwice() throws Exception {
    Archive day1 = generate("day1", 60_000, 100_000, 2, 1);
    Archive day2 = generate("day2", 60_000, 100_000, 2, 2); // the same users, other draws: they overlap
    List<byte[]> lines = new ArrayList<>();
    for (Archive a : Arrays.asList(day1, day2)) {
      for (byte[] entry : CommonsCompressReader.entries(a.file)) {
        lines.addAll(Lines.split(entry));
      }
    }
    long exact = new LogModel(lines, USER).distinct(USER);
    assertTrue(exact < day1.distinct + day2.distinct, "the days share users");

    File sketches = new File(work, "sketches");
    run("2026-01-01", "approx-unique-users", "--sketches-out", sketches.getAbsolutePath(), day1.file.getAbsolutePath());
    run("2026-01-02", "approx-unique-users", "--sketches-out=" + sketches.getAbsolutePath(), day2.file.getAbsolutePath());
    assertEquals(Arrays.asList("2026-01-01.sketch", "2026-01-02.sketch"), Arrays.stream(sketches.list())
        .filter(n -> !n.endsWith(".crc")).sorted().collect(Collectors.toList()), "no temporary files left");
    long[] whole = estimate(run("whole", "approx-unique-users", day1.file.getAbsolutePath(), day2.file.getAbsolutePath()));
    File merged = run("merged", "approx-unique-users", "--merge", sketches.getAbsolutePath());
    long[] m = estimate(merged);
    assertWithin(exact, whole, "whole");
    assertWithin(exact, m, "merged");
    assertWithin(whole[0], m, "whole estimate within the merged bounds");
    assertEquals(2, LocalRunner.summaryField(merged, "sketches"));

    // a sketch merged twice, or a job's OUTPUT beside the saved sketches, counts nobody twice
    long[] twice = estimate(run("merged-twice", "approx-unique-users", "--merge", sketches.getAbsolutePath(),
        sketches.getAbsolutePath(), new File(work, "2026-01-01").getAbsolutePath()));
    assertEquals(Arrays.toString(m), Arrays.toString(twice));

    // the saved sketch is never overwritten: the run fails before it starts
    LocalRunner.Run again = LocalRunner.run("approx-unique-users", "--sketches-out", sketches.getAbsolutePath(),
        day1.file.getAbsolutePath(), new File(work, "elsewhere/2026-01-01").getAbsolutePath());
    assertEquals(1, again.exit);
    assertTrue(again.err.contains("2026-01-01.sketch already exists"), again.err);
    LocalRunner.Run empty = LocalRunner.run("approx-unique-users", "--merge", work.getAbsolutePath(),
        new File(work, "nothing").getAbsolutePath());
    assertEquals(1, empty.exit);
    assertTrue(empty.err.contains("no *.sketch files in"), empty.err);

    // distinct-by --approx against the exact job: same keys and events, exact counts within bounds
    for (String key : new String[] {"SiteID", "day"}) {
      Map<String, long[]> approx = perKey(run("approx-by-" + key, "distinct-by", "-D", "mapreduce.job.reduces=3",
          "--approx", "--key", key, day1.file.getAbsolutePath(), day2.file.getAbsolutePath()));
      Map<String, long[]> exactByKey = perKey(run("exact-by-" + key, "distinct-by", "--key", key,
          day1.file.getAbsolutePath(), day2.file.getAbsolutePath()));
      assertEquals(exactByKey.keySet(), approx.keySet());
      List<String> outside = new ArrayList<>();
      for (Map.Entry<String, long[]> k : exactByKey.entrySet()) {
        long[] a = approx.get(k.getKey());
        assertEquals(k.getValue()[1], a[1], "events of " + k.getKey());
        assertTrue(a[2] <= a[0] && a[0] <= a[3], Arrays.toString(a));
        if (k.getValue()[0] < a[2] || k.getValue()[0] > a[3]) {
          outside.add(k.getKey() + ": " + k.getValue()[0] + " not in " + Arrays.toString(a));
        }
      }
      // 95% bounds: at most 1 key in 20 may miss (here none or very few do)
      assertTrue(outside.size() <= approx.size() / 20, outside.toString());
    }
  }

  /** {@code key -> figures} of a distinct-by output. */
  private static Map<String, long[]> perKey(File output) throws IOException {
    Map<String, long[]> byKey = new HashMap<>();
    for (File part : JobOutput.partFiles(output, "part-r-")) {
      for (String line : Files.readAllLines(part.toPath(), StandardCharsets.ISO_8859_1)) {
        String[] f = line.split("\t");
        byKey.put(f[0], Arrays.stream(f, 1, f.length).mapToLong(Long::parseLong).toArray());
      }
    }
    return byKey;
  }
}
