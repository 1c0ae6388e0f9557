package io.logcount.formats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.EOFException;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;

import org.apache.hadoop.fs.PositionedReadable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.logcount.testing.StreamFixtures;

/**
 * How many positional reads (GETs on S3) {@link ZstdFrames} spends on a frame, on files the zstd
 * command wrote: planning ({@link ZstdFrames.Walk}) reads only the header of the one frame of a
 * file, walks a frame of unknown size up to its limit, and walks a frame that other frames
 * follow to its exact end; readers ({@link ZstdFrames.Walk#EXACT}) always walk to the end.
 */
class ZstdFramesTest {

  /** What {@link ZstdFormat} plans with by default. */
  private static final ZstdFrames.Walk PLANNING = new ZstdFrames.Walk(4, PlanningSettings.DEFAULT_ZSTD_MAX_WALKED_BLOCKS);

  @TempDir
  static File dir;
  /** About 3 MiB of text: 24 or 25 blocks of 128 KiB in one frame. */
  static byte[] text;

  @BeforeAll
  static void makeText() throws IOException {
    StreamFixtures.assumeTools("zstd");
    text = StreamFixtures.text(5, 3 << 20);
    StreamFixtures.write(dir, "events.tsv", text);
  }

  /** Blocks of the text's frame: zstd cuts it every 128 KiB. */
  private static int blocks() {
    return (text.length + (128 << 10) - 1) / (128 << 10);
  }

  private static CountingBytes zstd(String name, String script) throws IOException {
    StreamFixtures.sh(dir, "(" + script + ") > " + name);
    return new CountingBytes(Files.readAllBytes(new File(dir, name).toPath()));
  }

  @Test
  void theOneFrameOfAFileTheZstdCommandWroteIsNotWalkedAtPlanning() throws IOException {
    CountingBytes file = zstd("one.zst", "zstd -q -c events.tsv");
    ZstdFrames.Frame f = ZstdFrames.at(file, "one.zst", 0, file.length(), -1, PLANNING);
    assertEquals(file.length(), f.end);
    assertTrue(f.toEndOfFile, "taken to be the last frame");
    assertEquals(text.length, f.contentSize);
    assertEquals(1, file.reads, "the frame header only");

    file.reads = 0;
    f = ZstdFrames.at(file, "one.zst", 0, file.length(), -1, ZstdFrames.Walk.EXACT);
    assertEquals(file.length(), f.end);
    assertFalse(f.toEndOfFile);
    assertEquals(1 + blocks(), file.reads, "a reader walks every block header");
  }

  @Test
  void aFrameOfUnknownSizeIsWalkedUpToTheLimit() throws IOException {
    CountingBytes file = zstd("piped.zst", "zstd -q -c < events.tsv");
    ZstdFrames.Frame f = ZstdFrames.at(file, "piped.zst", 0, file.length(), -1, new ZstdFrames.Walk(4, 8));
    assertEquals(-1, f.contentSize, "zstd writes no content size when it reads a pipe");
    assertTrue(f.toEndOfFile);
    assertEquals(file.length(), f.end);
    assertEquals(1 + 8, file.reads, "the header and 8 block headers");

    file.reads = 0;
    f = ZstdFrames.at(file, "piped.zst", 0, file.length(), -1, PLANNING);
    assertFalse(f.toEndOfFile, blocks() + " blocks are within the default limit: walked to the end");
    assertEquals(file.length(), f.end);
    assertEquals(1 + blocks(), file.reads);
  }

  @Test
  void aFrameOthersFollowIsWalkedToItsEnd() throws IOException {
    CountingBytes file = zstd("two.zst", "zstd -q -c events.tsv && zstd -q -c events.tsv");
    ZstdFrames.Frame first = ZstdFrames.at(file, "two.zst", 0, file.length(), -1, PLANNING);
    assertFalse(first.toEndOfFile, "its content size could not fill both frames' bytes at 4:1");
    assertEquals(file.length() / 2, first.end);
    ZstdFrames.Frame second = ZstdFrames.at(file, "two.zst", first.end, file.length(), -1, PLANNING);
    assertTrue(second.toEndOfFile);
    assertEquals(file.length(), second.end);
  }

  /** A file in memory that counts the positional reads made of it. */
  static final class CountingBytes implements PositionedReadable {
    private final byte[] bytes;
    int reads;

    CountingBytes(byte[] bytes) {
      this.bytes = bytes;
    }

    long length() {
      return bytes.length;
    }

    @Override
    public int read(long position, byte[] buffer, int offset, int length) {
      reads++;
      if (position >= bytes.length) {
        return -1;
      }
      int n = (int) Math.min(length, bytes.length - position);
      System.arraycopy(bytes, (int) position, buffer, offset, n);
      return n;
    }

    @Override
    public void readFully(long position, byte[] buffer, int offset, int length) throws IOException {
      if (read(position, buffer, offset, length) < length) {
        throw new EOFException("past the end at " + position);
      }
    }

    @Override
    public void readFully(long position, byte[] buffer) throws IOException {
      readFully(position, buffer, 0, buffer.length);
    }
  }
}
