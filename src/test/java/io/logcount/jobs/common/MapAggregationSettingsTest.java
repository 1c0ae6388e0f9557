package io.logcount.jobs.common;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;

class MapAggregationSettingsTest {

  @Test
  void configurationDefaults() {
    Configuration conf = new Configuration(false);
    assertTrue(MapAggregationSettings.getEnabled(conf));
    assertEquals(MapAggregationSettings.DEFAULT_MEMORY_MB, MapAggregationSettings.getMemoryMb(conf));
    assertEquals(MapAggregationSettings.DEFAULT_MIN_REDUCTION, MapAggregationSettings.getMinReduction(conf));
    assertEquals(MapAggregationSettings.DEFAULT_CHECK_INTERVAL, MapAggregationSettings.getCheckInterval(conf));
    assertTrue(MapAggregationSettings.MEMORY_MB.startsWith("logcount.map-aggregation."));
  }

  @Test
  void configurationRoundTrip() throws Exception {
    Configuration conf = new Configuration(false);
    MapAggregationSettings.setEnabled(conf, false);
    MapAggregationSettings.setMemoryMb(conf, 8);
    MapAggregationSettings.setMinReduction(conf, 0.25);
    MapAggregationSettings.setCheckInterval(conf, 5000);
    assertFalse(MapAggregationSettings.getEnabled(conf));
    assertEquals(8, MapAggregationSettings.getMemoryMb(conf));
    assertEquals(0.25, MapAggregationSettings.getMinReduction(conf));
    assertEquals(5000, MapAggregationSettings.getCheckInterval(conf));

    MapSideAggregator off = MapAggregationSettings.fromConf(conf, new MapSideAggregatorTest.Recorder());
    assertFalse(off.aggregating());
    assertEquals(0, off.budgetBytes());

    MapAggregationSettings.setEnabled(conf, true);
    MapSideAggregator on = MapAggregationSettings.fromConf(conf, new MapSideAggregatorTest.Recorder());
    assertTrue(on.aggregating());
    assertEquals(8L << 20, on.budgetBytes());
    for (int i = 0; i < 5000; i++) {
      byte[] key = ("k" + i).getBytes(UTF_8);
      on.add(key, 0, key.length, 1); // all distinct: reduction 0 < 0.25 at record 5000
    }
    assertTrue(on.switchedOff());
  }

  private static void assertRejected(String key, String value) {
    Configuration conf = new Configuration(false);
    conf.set(key, value);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MapAggregationSettings.fromConf(conf, new MapSideAggregatorTest.Recorder()), key + "=" + value);
    assertTrue(e.getMessage().contains(key) && e.getMessage().contains(value.trim()),
        "the message names the key and the value: " + e.getMessage());
  }

  @Test
  void invalidConfigurationIsRejectedNamingTheKey() {
    assertRejected(MapAggregationSettings.ENABLED, "yes");
    assertRejected(MapAggregationSettings.MEMORY_MB, "0");
    assertRejected(MapAggregationSettings.MEMORY_MB, "1025");
    assertRejected(MapAggregationSettings.MEMORY_MB, "16m");
    assertRejected(MapAggregationSettings.MIN_REDUCTION, "1.5");
    assertRejected(MapAggregationSettings.MIN_REDUCTION, "-0.1");
    assertRejected(MapAggregationSettings.MIN_REDUCTION, "NaN");
    assertRejected(MapAggregationSettings.MIN_REDUCTION, "half");
    assertRejected(MapAggregationSettings.CHECK_INTERVAL, "0");
    assertRejected(MapAggregationSettings.CHECK_INTERVAL, "1e5");
  }

  @Test
  void budgetAboveAQuarterOfTheHeapIsRefused() {
    Configuration conf = new Configuration(false);
    MapAggregationSettings.setMemoryMb(conf, 200);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MapAggregationSettings.fromConf(conf, new MapSideAggregatorTest.Recorder(), 512L << 20));
    assertTrue(e.getMessage().contains(MapAggregationSettings.MEMORY_MB + "=200")
        && e.getMessage().contains("512 MiB") && e.getMessage().contains("mapreduce.map.java.opts"),
        e.getMessage());
    // The default fits -Xmx512m with room to spare (a 100 MiB sort buffer, the 7z decoder).
    MapAggregationSettings.setMemoryMb(conf, MapAggregationSettings.DEFAULT_MEMORY_MB);
    assertTrue(MapAggregationSettings.fromConf(conf, new MapSideAggregatorTest.Recorder(), 512L << 20).aggregating());
    MapAggregationSettings.setEnabled(conf, false);
    MapAggregationSettings.setMemoryMb(conf, 1000);
    assertFalse(MapAggregationSettings.fromConf(conf, new MapSideAggregatorTest.Recorder(), 512L << 20).aggregating(),
        "disabled: the budget is not checked against the heap");
  }

  @Test
  void validateChecksEveryKey() {
    for (String key : new String[] {MapAggregationSettings.ENABLED, MapAggregationSettings.MEMORY_MB,
        MapAggregationSettings.MIN_REDUCTION, MapAggregationSettings.CHECK_INTERVAL}) {
      Configuration conf = new Configuration(false);
      conf.set(key, "bad");
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> MapAggregationSettings.validate(conf), key);
      assertTrue(e.getMessage().contains(key), e.getMessage());
    }
    MapAggregationSettings.validate(new Configuration(false));
  }
}
