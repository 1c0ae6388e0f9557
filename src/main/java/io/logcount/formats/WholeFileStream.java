package io.logcount.formats;

import java.io.IOException;
import java.io.InputStream;

import org.apache.hadoop.fs.FSDataInputStream;

/**
 * A whole compressed file, one decoder from its first byte to its last (several members or
 * streams too): the split that owns every line, whatever the format.
 */
final class WholeFileStream extends SplitStream {
  private final InputStream decoded;

  WholeFileStream(FSDataInputStream file, InputStream decoded) {
    super(file, 0);
    this.decoded = decoded;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    return counted(decoded.read(b, off, len));
  }

  @Override
  public long firstOffset() {
    return 0;
  }

  @Override
  public boolean startsInside() {
    return false;
  }

  @Override
  public long ownedEnd() {
    return Long.MAX_VALUE;
  }

  @Override
  public void close() throws IOException {
    decoded.close();
  }
}
