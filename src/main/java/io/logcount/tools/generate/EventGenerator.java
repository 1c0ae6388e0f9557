package io.logcount.tools.generate;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Deterministic synthetic ad-server events, one tab-separated line each:
 * {@code AuctionID UserID SiteID URL UserAgent Timestamp}.
 *
 * <p>Lines are encoded straight into one reused byte buffer (no {@code String} per line) and handed
 * to the caller's stream 64 KiB at a time, so memory stays bounded whatever the number of lines.
 * The random numbers come from SplitMix64 and the user skew from {@link StrictMath#pow}: both are
 * fully specified, so a seed writes the same bytes on every JVM.
 *
 * <ul>
 *   <li>AuctionID: 32 random hex digits.
 *   <li>UserID: {@code U} + 12 hex digits. User number {@code u} in {@code [0, users)} is drawn as
 *       {@code floor(users * r^skew)}, r uniform in [0, 1): with skew 3 the busiest user gets about
 *       {@code users^(-1/3)} of all events and the tail is long. The number is mapped to its id by
 *       a bijection of 48-bit integers, so distinct numbers never share an id, at most
 *       {@code users} ids occur, and user {@code u} has the same id whatever the seed (archives made
 *       with different seeds share their users).
 *   <li>SiteID: a number from 10000, skewed over {@value #SITES} sites; the URL is on that site's
 *       domain (under the reserved {@code .example} TLD).
 *   <li>UserAgent: each user keeps one browser, but now and then shows up with another.
 *   <li>Timestamp: epoch seconds, rising over one day from 2026-01-01T00:00:00Z across all lines
 *       (so consecutive files cover consecutive hours), with a little jitter.
 * </ul>
 *
 * <p>Not thread safe. Has no Hadoop types, so it is testable alone.
 */
final class EventGenerator {

  /** User ids have 12 hex digits: at most 2^48 users. */
  static final long MAX_USERS = 1L << 48;
  /** Distinct users are counted (one bit per possible user) up to this many possible users. */
  static final long MAX_TRACKED_USERS = 1L << 28;

  private static final long MASK48 = MAX_USERS - 1;
  private static final long START_SECONDS = 1767225600L; // 2026-01-01T00:00:00Z
  private static final long SPAN_SECONDS = 86400L;
  private static final int SITES = 2000;
  private static final int FIRST_SITE_ID = 10000;
  private static final int BUFFER_BYTES = 64 * 1024;
  private static final byte[] HEX = ascii("0123456789abcdef");

  private static final String[] DOMAIN_PREFIXES = {
    "daily", "city", "global", "metro", "smart", "urban", "coastal", "valley", "north", "south",
    "prime", "open", "bright", "rapid", "true", "local", "grand", "modern", "royal", "pocket"};
  private static final String[] DOMAIN_NOUNS = {
    "news", "times", "post", "herald", "review", "journal", "gazette", "tribune", "chronicle",
    "weekly", "recipes", "gadgets", "motors", "travel", "games", "finance", "health", "sports",
    "style", "weather"};
  private static final byte[][] SECTIONS = asciiAll(
      "news", "sport", "tech", "business", "travel", "health", "style", "video", "weather",
      "opinion", "science", "autos", "food", "games", "music", "local", "world", "money");
  private static final byte[][] REFERRALS = asciiAll(
      "?utm_source=newsletter", "?utm_source=social&utm_medium=share", "?ref=homepage",
      "?ref=search", "?utm_campaign=spring_sale&utm_medium=cpc", "?amp=1");
  /** Commonest first: users are spread over this list with a skew, as browsers are in real logs. */
  private static final byte[][] USER_AGENTS = asciiAll(
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
          + " Chrome/124.0.0.0 Safari/537.36",
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like"
          + " Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
      "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko)"
          + " Chrome/124.0.6367.82 Mobile Safari/537.36",
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)"
          + " Version/17.4 Safari/605.1.15",
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
          + " Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.67",
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0",
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko)"
          + " Chrome/124.0.0.0 Safari/537.36",
      "Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko)"
          + " Chrome/123.0.6312.118 Mobile Safari/537.36",
      "Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko)"
          + " Version/17.4 Mobile/15E148 Safari/604.1",
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"
          + " Chrome/124.0.0.0 Safari/537.36",
      "Mozilla/5.0 (Linux; Android 14; SM-A546B) AppleWebKit/537.36 (KHTML, like Gecko)"
          + " SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36",
      "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
      "Mozilla/5.0 (iPhone; CPU iPhone OS 16_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like"
          + " Gecko) CriOS/124.0.6367.88 Mobile/15E148 Safari/604.1",
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
          + " Chrome/124.0.0.0 Safari/537.36 OPR/109.0.0.0",
      "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko)"
          + " Chrome/124.0.0.0 Mobile Safari/537.36",
      "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)");
  private static final byte[] HTTPS_WWW = ascii("https://www.");
  private static final byte[] HTML = ascii(".html");

  private final long users;
  private final long totalLines;
  private final double skew;
  private final byte[][] domains;
  private final long[] seenUsers;
  private final byte[] buffer = new byte[BUFFER_BYTES];
  /** A line is only started when this many bytes are left in the buffer. */
  private final int maxLineBytes;
  private int position;
  private long state;
  private long linesWritten;
  private long bytesWritten;
  private long distinctUsers;

  /**
   * @param seed random seed: the same seed, users, lines and skew give the same bytes
   * @param users possible distinct users, 1 to {@link #MAX_USERS}
   * @param totalLines lines that will be written in all: timestamps spread over them
   * @param skew exponent of the user skew, at least 1 (1 = every user equally likely)
   */
  EventGenerator(long seed, long users, long totalLines, double skew) {
    if (users < 1 || users > MAX_USERS) {
      throw new IllegalArgumentException("users must be 1 to 2^48, not " + users);
    }
    if (totalLines < 0) {
      throw new IllegalArgumentException("totalLines must be >= 0, not " + totalLines);
    }
    if (!(skew >= 1 && skew <= 100)) {
      throw new IllegalArgumentException("skew must be 1 to 100, not " + skew);
    }
    this.users = users;
    this.totalLines = totalLines;
    this.skew = skew;
    this.state = seed;
    this.domains = new byte[SITES][];
    for (int i = 0; i < SITES; i++) {
      domains[i] = ascii(domainName(i));
    }
    this.seenUsers = users <= MAX_TRACKED_USERS ? new long[(int) ((users + 63) >>> 6)] : null;
    this.maxLineBytes = 32 + 1 + 13 + 1 + 10 + 1
        + HTTPS_WWW.length + longest(domains) + 1 + longest(SECTIONS) + 1 + 7 + HTML.length
        + longest(REFERRALS) + 1 + longest(USER_AGENTS) + 1 + 19 + 1;
  }

  /**
   * Writes the next {@code lines} lines to {@code out} (not closed), in chunks of up to 64 KiB.
   * Every line ends with {@code \n}; nothing is buffered between calls.
   */
  void write(OutputStream out, long lines) throws IOException {
    for (long i = 0; i < lines; i++) {
      if (position > buffer.length - maxLineBytes) {
        flush(out);
      }
      appendLine();
    }
    flush(out);
  }

  long linesWritten() {
    return linesWritten;
  }

  long bytesWritten() {
    return bytesWritten;
  }

  /** Distinct user ids written so far, or -1 when more than {@link #MAX_TRACKED_USERS} are possible. */
  long distinctUsers() {
    return seenUsers == null ? -1 : distinctUsers;
  }

  /** The id of user number {@code user}: {@code U} + 12 hex digits. */
  static String userId(long user) {
    byte[] id = new byte[13];
    id[0] = 'U';
    putHex(id, 1, permute48(user), 12);
    return new String(id, StandardCharsets.US_ASCII);
  }

  private void flush(OutputStream out) throws IOException {
    out.write(buffer, 0, position);
    bytesWritten += position;
    position = 0;
  }

  private void appendLine() {
    final byte[] b = buffer;
    int p = position;

    p = putHex(b, p, nextLong(), 16);
    p = putHex(b, p, nextLong(), 16);
    b[p++] = '\t';

    long user = (long) (users * StrictMath.pow(nextDouble(), skew));
    if (user >= users) { // rounding at r close to 1
      user = users - 1;
    }
    markSeen(user);
    long id = permute48(user);
    b[p++] = 'U';
    p = putHex(b, p, id, 12);
    b[p++] = '\t';

    double rs = nextDouble();
    int site = (int) (SITES * rs * rs);
    p = putDecimal(b, p, FIRST_SITE_ID + site);
    b[p++] = '\t';

    p = put(b, p, HTTPS_WWW);
    p = put(b, p, domains[site]);
    b[p++] = '/';
    p = put(b, p, SECTIONS[nextInt(SECTIONS.length)]);
    b[p++] = '/';
    p = putDecimal(b, p, 100000 + nextInt(900000));
    p = put(b, p, HTML);
    if (nextInt(4) == 0) { // a quarter of the visits arrive through a tracked link
      p = put(b, p, REFERRALS[nextInt(REFERRALS.length)]);
    }
    b[p++] = '\t';

    // One browser per user, the commonest for most users; 1 event in 32 from another device.
    long pick = nextInt(32) == 0 ? nextLong() : id >>> 16;
    double browser = (pick & 0xffff) / 65536.0;
    p = put(b, p, USER_AGENTS[(int) (USER_AGENTS.length * browser * browser)]);
    b[p++] = '\t';

    // Rising over the day, a few seconds of jitter, never past its last second: the jitter
    // used to put the last lines at 2026-01-02T00:00:00Z, a second day of 3 events.
    long seconds = Math.min(START_SECONDS + SPAN_SECONDS - 1,
        START_SECONDS + (long) ((double) linesWritten / totalLines * SPAN_SECONDS) + nextInt(4));
    p = putDecimal(b, p, seconds);
    b[p++] = '\n';

    position = p;
    linesWritten++;
  }

  private void markSeen(long user) {
    if (seenUsers != null) {
      int word = (int) (user >>> 6);
      long bit = 1L << user; // shift distance is taken mod 64
      if ((seenUsers[word] & bit) == 0) {
        seenUsers[word] |= bit;
        distinctUsers++;
      }
    }
  }

  /** SplitMix64 (Steele, Lea, Flood 2014), as {@code java.util.SplittableRandom}. */
  private long nextLong() {
    long z = (state += 0x9e3779b97f4a7c15L);
    z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
    z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
    return z ^ (z >>> 31);
  }

  /** Uniform in [0, bound), bound > 0 (Lemire's multiply-shift, without the rejection step). */
  private int nextInt(int bound) {
    return (int) (((nextLong() >>> 32) * bound) >>> 32);
  }

  private double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  /**
   * A bijection of [0, 2^48): adding a constant, multiplying by an odd number and xor with a right
   * shift are each invertible modulo 2^48. Neighbouring user numbers get unrelated ids.
   */
  static long permute48(long x) {
    x = (x + 0x3c6ef372fe94L) & MASK48;
    x = (x * 0x5deece66dL) & MASK48;
    x ^= x >>> 23;
    x = (x * 0x9e3779b97f4bL) & MASK48;
    x ^= x >>> 19;
    return x;
  }

  private static int putHex(byte[] b, int p, long value, int digits) {
    for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
      b[p++] = HEX[(int) (value >>> shift) & 0xf];
    }
    return p;
  }

  /** {@code value} must be >= 0. */
  private static int putDecimal(byte[] b, int p, long value) {
    int digits = 1;
    for (long v = value; v >= 10; v /= 10) {
      digits++;
    }
    for (int i = p + digits - 1; i >= p; i--) {
      b[i] = (byte) ('0' + value % 10);
      value /= 10;
    }
    return p + digits;
  }

  private static int put(byte[] b, int p, byte[] bytes) {
    System.arraycopy(bytes, 0, b, p, bytes.length);
    return p + bytes.length;
  }

  private static String domainName(int site) {
    int combos = DOMAIN_PREFIXES.length * DOMAIN_NOUNS.length;
    String name = DOMAIN_PREFIXES[site % DOMAIN_PREFIXES.length]
        + DOMAIN_NOUNS[(site / DOMAIN_PREFIXES.length) % DOMAIN_NOUNS.length];
    return (site < combos ? name : name + (site / combos)) + ".example";
  }

  private static int longest(byte[][] values) {
    int max = 0;
    for (byte[] v : values) {
      max = Math.max(max, v.length);
    }
    return max;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static byte[][] asciiAll(String... values) {
    byte[][] bytes = new byte[values.length][];
    for (int i = 0; i < values.length; i++) {
      bytes[i] = ascii(values[i]);
    }
    return bytes;
  }
}
