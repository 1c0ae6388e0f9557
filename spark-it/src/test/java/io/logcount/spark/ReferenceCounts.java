package io.logcount.spark;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Figures counted in plain Java from lines that 7-Zip decoded, by the rules the table's SerDe
 * applies to a row (LazySimpleSerDe: fields cut at tabs, a column past the line's last field is
 * NULL) and the fixtures' rule for a valid event (a present, non-empty UserID).
 */
final class ReferenceCounts {

  private ReferenceCounts() {
  }

  /** The {@code n}-th tab-separated field (0-based), or null when the line has fewer. */
  static String field(String line, int n) {
    String[] fields = line.split("\t", -1);
    return n < fields.length ? fields[n] : null;
  }

  /** Rows per SiteID (third column), NULL SiteID included, as {@code GROUP BY site_id} counts. */
  static Map<String, Long> rowsPerSite(List<String> lines) {
    Map<String, Long> counts = new HashMap<>();
    for (String line : lines) {
      counts.merge(field(line, 2), 1L, Long::sum);
    }
    return counts;
  }

  /** Lines whose UserID (second column) is present and non-empty. */
  static long validEvents(List<String> lines) {
    return lines.stream().map(line -> field(line, 1)).filter(ReferenceCounts::isUser).count();
  }

  /** Distinct non-empty UserIDs. */
  static long distinctUsers(List<String> lines) {
    Set<String> users = new HashSet<>();
    for (String line : lines) {
      String user = field(line, 1);
      if (isUser(user)) {
        users.add(user);
      }
    }
    return users.size();
  }

  private static boolean isUser(String user) {
    return user != null && !user.isEmpty();
  }
}
