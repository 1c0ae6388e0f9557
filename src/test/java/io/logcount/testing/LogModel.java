package io.logcount.testing;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The expected answers of the counting jobs, computed the plain way from the source lines
 * (String splits, hash maps, java.time): an independent computation to compare the jobs with.
 * Lines are read as ISO-8859-1 so every byte survives as one char; timestamps must be epoch
 * seconds (what the generator and the fixtures write).
 */
public final class LogModel {

  private final List<String[]> records = new ArrayList<>();

  /** A model of the valid records among {@code lines} that have every column in {@code needed}. */
  public LogModel(List<byte[]> lines, int... needed) {
    int last = Arrays.stream(needed).max().orElse(0);
    for (byte[] raw : lines) {
      String line = new String(Lines.stripCr(raw), StandardCharsets.ISO_8859_1);
      if (line.trim().isEmpty()) {
        continue;
      }
      String[] fields = line.split("\t", -1);
      if (fields.length <= last) {
        continue;
      }
      boolean ok = true;
      for (int c : needed) {
        ok &= !fields[c].isEmpty();
      }
      if (ok) {
        records.add(fields);
      }
    }
  }

  /** Number of valid records. */
  public int records() {
    return records.size();
  }

  /** {@code value<TAB>events} lines of {@code count-by --column column}, sorted. */
  public List<String> countBy(int column) {
    Map<String, Long> counts = new TreeMap<>();
    for (String[] r : records) {
      counts.merge(r[column], 1L, Long::sum);
    }
    List<String> out = new ArrayList<>();
    counts.forEach((k, v) -> out.add(k + "\t" + v));
    return out;
  }

  /** {@code key<TAB>distinct values<TAB>events} of {@code distinct-by}; key is a column, or -1 day, -2 hour. */
  public List<String> distinctBy(int key, int value, int timeColumn) {
    DateTimeFormatter format = DateTimeFormatter.ofPattern(key == -1 ? "yyyy-MM-dd" : "yyyy-MM-dd'T'HH")
        .withZone(ZoneOffset.UTC);
    Map<String, Set<String>> values = new TreeMap<>();
    Map<String, Long> events = new HashMap<>();
    for (String[] r : records) {
      String k = key >= 0 ? r[key] : format.format(Instant.ofEpochSecond(Long.parseLong(r[timeColumn])));
      values.computeIfAbsent(k, x -> new HashSet<>()).add(r[value]);
      events.merge(k, 1L, Long::sum);
    }
    List<String> out = new ArrayList<>();
    values.forEach((k, v) -> out.add(k + "\t" + v.size() + "\t" + events.get(k)));
    return out;
  }

  /** {@code user<TAB>events} of the {@code n} users with most events, ties by user bytes. */
  public List<String> topUsers(int userColumn, int n) {
    Map<String, Long> counts = new HashMap<>();
    for (String[] r : records) {
      counts.merge(r[userColumn], 1L, Long::sum);
    }
    List<Map.Entry<String, Long>> all = new ArrayList<>(counts.entrySet());
    // ISO-8859-1 chars compare as the unsigned bytes they stand for.
    all.sort((a, b) -> a.getValue().equals(b.getValue()) ? a.getKey().compareTo(b.getKey())
        : Long.compare(b.getValue(), a.getValue()));
    List<String> out = new ArrayList<>();
    for (Map.Entry<String, Long> e : all.subList(0, Math.min(n, all.size()))) {
      out.add(e.getKey() + "\t" + e.getValue());
    }
    return out;
  }

  /** Distinct values of a column. */
  public long distinct(int column) {
    Set<String> seen = new HashSet<>();
    for (String[] r : records) {
      seen.add(r[column]);
    }
    return seen.size();
  }
}
