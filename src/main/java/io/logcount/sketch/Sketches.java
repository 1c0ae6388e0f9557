package io.logcount.sketch;

import java.io.IOException;
import java.nio.ByteOrder;

import org.apache.datasketches.common.SketchesException;
import org.apache.datasketches.cpc.CpcSketch;
import org.apache.datasketches.memory.Memory;
import org.apache.hadoop.conf.Configuration;

/**
 * The sketches of every approximate distinct count: Apache DataSketches CPC sketches of values'
 * raw bytes ({@link SketchKey}), their size setting and their 95% bounds.
 *
 * <p>Why CPC at lgK {@value #DEFAULT_LG_K} (measured here: 1,000,000 distinct IDs, each in 2 of 8
 * partial sketches, merged; 12 trials; README "approx-unique-users"): the default must keep the
 * 95% bounds (two standard deviations) within +-1% of the estimate.
 * <ul>
 *   <li>CPC lgK 14: bounds +-1.08% (too wide), 9.8 KB; lgK 15: +-0.77%, 19.6 KB; lgK 16: +-0.54%, 39 KB.
 *   <li>HLL_4 lgK 15: +-1.15% (too wide), 16.5 KB; lgK 16: +-0.81%, 32.9 KB.
 * </ul>
 * So CPC lgK 15 meets the goal with a sketch 40% smaller than HLL_4's. Updates cost the same
 * within noise (thread CPU time per 13-byte ID: CPC lgK 15 45-47 ns, HLL_4 lgK 16 40-44 ns),
 * nothing next to decoding the line (~2.8 us for 236 bytes of LZMA2 on one core).
 *
 * <p>A sketch depends on how values are hashed: {@code update(String)}, {@code update(long)} and
 * {@code update(byte[])} hash the same ID differently. Every sketch of logcount hashes the raw
 * bytes of the value, so sketches saved by one run merge with those of any other.
 */
public final class Sketches {

  /**
   * log2 of the sketch's K: accuracy against size. Each step up halves the variance and doubles
   * the sketch (~0.6 * 2^lgK bytes serialized once full). Default {@value #DEFAULT_LG_K}.
   */
  public static final String LG_K = "logcount.approx.lg-k";
  /** Default of {@link #LG_K}: 95% bounds within +-1% (measured +-0.77%). */
  public static final int DEFAULT_LG_K = 15;
  /** Smallest {@link #LG_K}: CPC's own minimum. */
  public static final int MIN_LG_K = 4;
  /** Largest {@link #LG_K}: a sketch still serializes in well under 1 MiB (lgK 21 might not). */
  public static final int MAX_LG_K = 20;
  /** The sketch type, as reported in summaries. */
  public static final String TYPE = "CPC";
  /** Standard deviations of the reported bounds: 2, about 95% confidence. */
  public static final int STD_DEVS = 2;

  private Sketches() {
  }

  /** {@link #LG_K}, validated. */
  public static int getLgK(Configuration conf) {
    int lgK = conf.getInt(LG_K, DEFAULT_LG_K);
    if (lgK < MIN_LG_K || lgK > MAX_LG_K) {
      throw new IllegalArgumentException(LG_K + " must be " + MIN_LG_K + " to " + MAX_LG_K + ", got " + lgK
          + " (each step up halves the variance and doubles the sketch)");
    }
    return lgK;
  }

  /** Sets {@link #LG_K}. */
  public static void setLgK(Configuration conf, int lgK) {
    conf.setInt(LG_K, lgK);
  }

  /** An empty sketch of the configured size. */
  public static CpcSketch newSketch(Configuration conf) {
    return new CpcSketch(getLgK(conf));
  }

  /**
   * The sketch serialized in {@code bytes[0, length)}; {@code where} (a file, a map output)
   * names it in the error when the bytes are not a CPC sketch.
   */
  public static CpcSketch read(byte[] bytes, int length, String where) throws IOException {
    try {
      return CpcSketch.heapify(Memory.wrap(bytes, 0, length, ByteOrder.LITTLE_ENDIAN));
    } catch (SketchesException | IndexOutOfBoundsException | IllegalArgumentException | AssertionError e) {
      // CPC checks a preamble with its own RuntimeAsserts, which throw AssertionError on bad bytes.
      throw new IOException(where + " is not a CPC sketch (" + length + " bytes): " + e.getMessage()
          + "; sketches come from approx-unique-users --sketches-out or its OUTPUT/users.sketch", e);
    }
  }

  /** The estimate, rounded. */
  public static long estimate(CpcSketch sketch) {
    return Math.round(sketch.getEstimate());
  }

  /** The lower 95% bound, rounded down. */
  public static long lowerBound(CpcSketch sketch) {
    return (long) Math.floor(sketch.getLowerBound(STD_DEVS));
  }

  /** The upper 95% bound, rounded up. */
  public static long upperBound(CpcSketch sketch) {
    return (long) Math.ceil(sketch.getUpperBound(STD_DEVS));
  }

  /** {@code estimate<TAB>lower<TAB>upper}. */
  public static String estimateLine(CpcSketch sketch) {
    return estimate(sketch) + "\t" + lowerBound(sketch) + "\t" + upperBound(sketch);
  }
}
