package io.logcount.jobs.approx;

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
 * <p>Why CPC, and why lgK {@value #DEFAULT_LG_K} by default (measured here, README
 * "approx-unique-users"): after merging partial sketches, CPC's error is about 0.66/sqrt(2^lgK),
 * HLL_4's 1.04/sqrt(2^lgK); for the same error CPC's serialized sketch is ~40% smaller, and its
 * update costs about the same (a few tens of nanoseconds: nothing next to decoding a line). The
 * default keeps the 95% bounds (two standard deviations) within +-1% of the estimate: lgK 14
 * gives +-1.1%, lgK 15 +-0.77%, at about 20 KB per sketch.
 *
 * <p>A sketch depends on how values are hashed: {@code update(String)}, {@code update(long)} and
 * {@code update(byte[])} hash the same ID differently. Every sketch of logcount hashes the raw
 * bytes of the value, so sketches saved by one run merge with those of any other.
 */
public final class Sketches {

  /**
   * log2 of the sketch's K: accuracy against size. 1-sigma error after merging ~0.66/sqrt(2^lgK)
   * (lgK 15: 0.38%), serialized size ~0.6 * 2^lgK bytes once full. Default {@value #DEFAULT_LG_K}.
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
