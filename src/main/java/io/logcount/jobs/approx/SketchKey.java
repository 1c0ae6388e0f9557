package io.logcount.jobs.approx;

import java.nio.ByteBuffer;

import org.apache.datasketches.cpc.CpcSketch;

/**
 * Feeds a slice of a line's bytes to a sketch without copying it: the one key form of every
 * approximate count. {@code update(ByteBuffer)} hashes the bytes between position and limit
 * exactly as {@code update(byte[])} hashes a copy of them (same sketch, byte for byte: tested),
 * and the view is re-made only when the line's backing array changes (rarely: {@code Text}
 * reuses it).
 */
public final class SketchKey {

  private byte[] viewed;
  private ByteBuffer view;

  /** Adds {@code bytes[offset, offset + length)} to {@code sketch}. */
  public void update(CpcSketch sketch, byte[] bytes, int offset, int length) {
    if (bytes != viewed) {
      view = ByteBuffer.wrap(bytes);
      viewed = bytes;
    }
    view.limit(offset + length).position(offset);
    sketch.update(view);
  }
}
