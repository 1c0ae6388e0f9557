package io.logcount.sketch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.apache.datasketches.cpc.CpcSketch;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

/** The sketch settings, the one key form and the bounds. */
public class SketchesTest {

  @Test
  public void sliceOfALineHashesAsACopyOfIt() {
    byte[] line = "a\tU000000001234\tsite".getBytes(StandardCharsets.US_ASCII);
    byte[] other = "xyzU000000001234".getBytes(StandardCharsets.US_ASCII);
    CpcSketch viewed = new CpcSketch(12);
    CpcSketch copied = new CpcSketch(12);
    SketchKey key = new SketchKey();
    for (int i = 0; i < 10_000; i++) {
      line[14] = (byte) ('0' + i % 10);
      line[13] = (byte) ('0' + i / 10 % 10);
      line[12] = (byte) ('0' + i / 100 % 10);
      line[11] = (byte) ('0' + i / 1000 % 10);
      key.update(viewed, line, 2, 13);
      copied.update(java.util.Arrays.copyOfRange(line, 2, 15));
    }
    key.update(viewed, other, 3, 13); // another array, a user seen before
    byte[] longer = new byte[SketchKey.MAX_REUSED_LENGTH + 10];
    java.util.Arrays.fill(longer, (byte) 7);
    key.update(viewed, longer, 1, SketchKey.MAX_REUSED_LENGTH + 5);
    copied.update(java.util.Arrays.copyOfRange(longer, 1, SketchKey.MAX_REUSED_LENGTH + 6));
    assertArrayEquals(copied.toByteArray(), viewed.toByteArray());
  }

  @Test
  public void lgKIsValidatedNamingTheKey() {
    Configuration conf = new Configuration(false);
    assertEquals(Sketches.DEFAULT_LG_K, Sketches.getLgK(conf));
    Sketches.setLgK(conf, 21);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sketches.getLgK(conf));
    assertTrue(e.getMessage().startsWith(Sketches.LG_K + " must be 4 to 20"), e.getMessage());
  }

  @Test
  public void largestSketchStaysWellUnderOneMebibyte() {
    assertTrue(CpcSketch.getMaxSerializedBytes(Sketches.MAX_LG_K) < (1 << 20));
  }

  @Test
  public void boundsEncloseTheEstimate() {
    CpcSketch s = new CpcSketch(Sketches.DEFAULT_LG_K);
    for (long i = 0; i < 200_000; i++) {
      s.update(Long.toString(i).getBytes(StandardCharsets.US_ASCII));
    }
    assertTrue(Sketches.lowerBound(s) <= Sketches.estimate(s));
    assertTrue(Sketches.estimate(s) <= Sketches.upperBound(s));
    // the default's promise: 95% bounds within +-1%
    assertTrue(Sketches.upperBound(s) - Sketches.lowerBound(s) < 0.02 * Sketches.estimate(s));
    String[] line = Sketches.estimateLine(s).split("\t");
    assertEquals(Long.toString(Sketches.estimate(s)), line[0]);
    assertEquals(Long.toString(Sketches.lowerBound(s)), line[1]);
    assertEquals(Long.toString(Sketches.upperBound(s)), line[2]);
  }
}
