package io.logcount.sevenz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.logcount.sevenz.coders.SevenZLimits;
import io.logcount.sevenz.header.SevenZHeaders;
import io.logcount.sevenz.source.SevenZFormatException;
import io.logcount.testing.Figures;
import io.logcount.testing.Fixtures;

/**
 * Damaged archives, seeded so that any failure replays: every parse and decode ends in either
 * the right figures or an IOException (a SevenZFormatException, in practice) — never another
 * exception, never a hang, never a huge allocation (the limit is kept small here).
 */
class SevenZFuzzTest {
  private static final SevenZLimits LIMITS = new SevenZLimits(16L << 20);
  /** Rounds per fixture; -Dfuzz.rounds=20000 (and -Dfuzz.seconds) for a longer campaign. */
  private static final int ROUNDS = Integer.getInteger("fuzz.rounds", 200);
  private static final Duration TIME_PER_FIXTURE =
      Duration.ofSeconds(Integer.getInteger("fuzz.seconds", 20));

  /** What one damaged archive gave. */
  private static final class Tally {
    int correct;
    int refused;
  }

  /**
   * Bytes flipped at random: half the time in the signature header, the header or the bytes
   * just before it (where a packed header lives), else anywhere; or the archive cut short.
   * CRCs stay as they were, so every damage must be caught and the figures, when there are
   * any, must be the right ones.
   */
  @ParameterizedTest
  @ValueSource(strings = {"plain-header-blocks.7z", "messy.7z", "many-small-files.7z",
      "filter-bcj.7z"})
  void flippedOrCutBytesGiveTheRightFiguresOrAnIOException(String fixture) throws IOException {
    byte[] original = BytesArchiveSource.of(fixture).bytes();
    Figures expected = Fixtures.expected(fixture);
    Random random = new Random(fixture.hashCode());
    Tally tally = new Tally();
    assertTimeoutPreemptively(TIME_PER_FIXTURE, () -> {
      for (int round = 0; round < ROUNDS; round++) {
        byte[] damaged = random.nextInt(8) == 0
            ? Arrays.copyOf(original, random.nextInt(original.length))
            : flip(original, random);
        Figures figures = decode(fixture, round, damaged, tally);
        if (figures != null) {
          assertEquals(expected, figures, fixture + " round " + round + ": wrong figures");
        }
      }
    });
    assertTrue(tally.refused > ROUNDS / 2, fixture + ": most damage must be noticed");
  }

  /**
   * Header bytes changed, or the header cut short, with CRCs recomputed so that the parser
   * sees the damaged structure itself. Any figures are acceptable (a changed size can move
   * entry boundaries without a CRC to notice), any other exception is not.
   */
  @ParameterizedTest
  @ValueSource(strings = {"plain-header-blocks.7z", "plain-header.7z", "filter-bcj.7z"})
  void damagedHeadersWithValidCrcsFailCleanly(String fixture) throws IOException {
    byte[] original = BytesArchiveSource.of(fixture).bytes();
    int headerOffset = BytesArchiveSource.headerOffset(original);
    int headerSize = original.length - headerOffset;
    Random random = new Random(~fixture.hashCode());
    Tally tally = new Tally();
    assertTimeoutPreemptively(TIME_PER_FIXTURE, () -> {
      for (int round = 0; round < ROUNDS; round++) {
        byte[] damaged = original.clone();
        if (random.nextInt(6) == 0) {
          BytesArchiveSource.putLe(damaged, 20, 8, random.nextInt(headerSize));
        } else {
          for (int k = 1 + random.nextInt(3); k > 0; k--) {
            damaged[headerOffset + random.nextInt(headerSize)] = (byte) random.nextInt(256);
          }
        }
        BytesArchiveSource.fixCrcs(damaged);
        decode(fixture, round, damaged, tally);
        // The same damage behind a packed (Copy-coded) header: the kEncodedHeader path.
        decode(fixture, round, PackedHeaders.wrap(damaged.clone()), tally);
      }
    });
    assertTrue(tally.refused > 0 && tally.correct > 0, fixture + ": damage of both kinds");
  }

  private static byte[] flip(byte[] original, Random random) {
    byte[] b = original.clone();
    int headerOffset = BytesArchiveSource.headerOffset(original);
    for (int k = 1 + random.nextInt(3); k > 0; k--) {
      int at;
      switch (random.nextInt(4)) {
        case 0:
          at = random.nextInt(32); // signature header
          break;
        case 1:
          at = Math.max(0, headerOffset - 256) + random.nextInt(b.length - Math.max(0,
              headerOffset - 256)); // header and a packed header before it
          break;
        default:
          at = random.nextInt(b.length);
          break;
      }
      b[at] ^= (byte) (1 + random.nextInt(255));
    }
    return b;
  }

  /** Parses and decodes with CRC checks; null if it failed with an IOException. */
  private static Figures decode(String fixture, int round, byte[] bytes, Tally tally) {
    BytesArchiveSource source = new BytesArchiveSource(fixture, bytes);
    try {
      Figures figures = DecodedFigures.of(source, SevenZHeaders.read(source, LIMITS), LIMITS);
      tally.correct++;
      return figures;
    } catch (IOException expected) {
      tally.refused++;
      return null;
    } catch (RuntimeException | Error e) {
      fail(fixture + " round " + round + ": " + e + " escaped instead of an IOException", e);
      return null;
    }
  }
}
