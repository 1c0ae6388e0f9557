package io.logcount.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

/** {@link CorruptInput}'s budget: the share of packed bytes a job may skip as corrupt. */
class CorruptInputTest {

  @Test
  void shareWithinTheBudgetPasses() {
    Configuration conf = new Configuration(false);
    assertNull(CorruptInput.overBudget(0, 1000, conf), "nothing skipped");
    assertNull(CorruptInput.overBudget(10, 990, conf), "exactly 1%, the default");
    CorruptInput.setMaxShare(conf, 1);
    assertNull(CorruptInput.overBudget(1000, 0, conf), "1 is no limit");
  }

  @Test
  void shareOverTheBudgetSaysHowMuchAndTheFix() {
    Configuration conf = new Configuration(false);
    String problem = CorruptInput.overBudget(11, 989, conf);
    assertTrue(problem.startsWith("1.10% of the input's packed bytes (11 of 1000) were skipped as corrupt, more than"
        + " logcount.skip-corrupt.max-share=0.01 allows"), problem);
    assertTrue(problem.contains("raise logcount.skip-corrupt.max-share (1 = no limit)"), problem);
    CorruptInput.setMaxShare(conf, 0);
    assertTrue(CorruptInput.overBudget(1, 1_000_000, conf).contains("max-share=0.0 allows"));
  }

  @Test
  void budgetIsAShareFromZeroToOne() {
    Configuration conf = new Configuration(false);
    assertEquals(CorruptInput.DEFAULT_MAX_SHARE, CorruptInput.getMaxShare(conf));
    for (String bad : new String[] {"5%", "-0.1", "1.5", "NaN", "lots"}) {
      conf.set(CorruptInput.MAX_SHARE, bad);
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CorruptInput.getMaxShare(conf));
      assertEquals("logcount.skip-corrupt.max-share must be a share from 0 to 1 (0.01 is 1%), got '" + bad + "'",
          e.getMessage());
    }
    conf.set(CorruptInput.MAX_SHARE, " 0.25 ");
    assertEquals(0.25, CorruptInput.getMaxShare(conf));
  }
}
