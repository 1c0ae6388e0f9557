package io.logcount.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;

import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;

/** The table of format strategies: each registered once, named, detected by its own magic only. */
class LogFormatTest {

  private static final byte[][] MAGICS = {
      {}, // plain: no magic
      {0x1f, (byte) 0x8b, 8, 0},
      {'B', 'Z', 'h', '9', 0x31, 0x41, 0x59, 0x26},
      {(byte) 0xFD, '7', 'z', 'X', 'Z', 0},
      {0x28, (byte) 0xB5, 0x2F, (byte) 0xFD},
      {0x04, 0x22, 0x4D, 0x18},
      {'7', 'z', (byte) 0xBC, (byte) 0xAF, 0x27, 0x1C},
  };

  @Test
  void everyConstantHoldsItsOwnStrategy() {
    Set<FileFormat> seen = new HashSet<>();
    for (LogFormat f : LogFormat.values()) {
      assertSame(f, f.strategy().entry(), f + "'s strategy names another constant");
      assertTrue(seen.add(f.strategy()), f + " shares its strategy");
      assertFalse(f.label().isEmpty());
      assertFalse(f.strategy().checkCommand().isEmpty());
    }
    assertEquals(MAGICS.length, LogFormat.values().length, "a format added without a magic case here");
  }

  @Test
  void eachMagicIsClaimedByItsFormatAlone() {
    for (LogFormat f : LogFormat.values()) {
      byte[] magic = MAGICS[f.ordinal()];
      byte[] head = new byte[LogFormat.HEAD_BYTES];
      System.arraycopy(magic, 0, head, 0, magic.length);
      for (int i = magic.length; i < head.length; i++) {
        head[i] = 'a';
      }
      assertEquals(f, LogFormat.detect(head, head.length));
      for (LogFormat other : LogFormat.values()) {
        assertEquals(other == f && f != LogFormat.PLAIN, other.strategy().hasMagic(head, head.length),
            other + " on " + f + "'s magic");
      }
    }
  }

  @Test
  void skippableFramesBeforeAFrameSayZstdOrLz4ByTheFrameAfterThem() {
    byte[] skippable = {0x50, 0x2A, 0x4D, 0x18, 4, 0, 0, 0, 1, 2, 3, 4};
    for (LogFormat f : new LogFormat[] {LogFormat.ZSTD, LogFormat.LZ4}) {
      byte[] head = new byte[skippable.length + 4];
      System.arraycopy(skippable, 0, head, 0, skippable.length);
      System.arraycopy(MAGICS[f.ordinal()], 0, head, skippable.length, 4);
      assertEquals(f, LogFormat.detect(head, head.length));
    }
    // A skippable frame longer than the bytes looked at: zstd's tools are what write those.
    byte[] longFrame = {0x50, 0x2A, 0x4D, 0x18, 0, 1, 0, 0, 9, 9, 9, 9};
    assertEquals(LogFormat.ZSTD, LogFormat.detect(longFrame, longFrame.length));
  }

  @Test
  void namesAreHintsOfTheirFormat() {
    for (LogFormat f : LogFormat.values()) {
      if (f != LogFormat.PLAIN) {
        assertEquals(f, LogFormat.fromName(new Path("/logs/events" + f.suffix())));
        assertEquals(f, LogFormat.fromName(new Path("/logs/EVENTS" + f.suffix().toUpperCase())));
      }
    }
    assertEquals(LogFormat.SEVENZ, LogFormat.fromName(new Path("/logs/a.7z.001")));
    assertEquals(LogFormat.GZIP, LogFormat.fromName(new Path("/logs/a.tgz")));
    assertEquals(LogFormat.ZSTD, LogFormat.fromName(new Path("/logs/a.zstd")));
    assertNull(LogFormat.fromName(new Path("/logs/a.log")));
    assertNull(LogFormat.fromName(new Path("/logs/a.7z.idx")));
  }

  @Test
  void onlyStreamFormatsOpenStreams() {
    for (LogFormat f : LogFormat.values()) {
      if (f == LogFormat.SEVENZ) {
        assertThrows(IllegalStateException.class, f::streamFormat);
      } else {
        assertSame(f.strategy(), f.streamFormat());
      }
    }
  }
}
