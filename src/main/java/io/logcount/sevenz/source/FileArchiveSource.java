package io.logcount.sevenz.source;

import java.io.EOFException;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;

/**
 * An {@link ArchiveSource} over a local file, for tests and local tools. It uses a
 * {@link RandomAccessFile} (not a {@code FileChannel}, which an interrupt would close) and
 * seeks before every read, so range streams opened from it may be read in turn. Not thread
 * safe.
 */
public final class FileArchiveSource implements ArchiveSource {
  private final String name;
  private final RandomAccessFile file;

  /** Opens {@code file} for reading; {@link #name()} is its path. */
  public FileArchiveSource(File file) throws IOException {
    this.name = file.getPath();
    this.file = new RandomAccessFile(file, "r");
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public long length() throws IOException {
    return file.length();
  }

  @Override
  public void readFully(long position, byte[] buffer, int offset, int len) throws IOException {
    if (position < 0) {
      throw new IllegalArgumentException("negative position " + position + " in " + name);
    }
    file.seek(position);
    int done = 0;
    while (done < len) {
      int n = file.read(buffer, offset + done, len - done);
      if (n < 0) {
        throw new EOFException(name + " ends at byte " + (position + done) + ", before byte "
            + (position + len));
      }
      done += n;
    }
  }

  @Override
  public InputStream openRange(final long position, final long length) {
    if (position < 0 || length < 0) {
      throw new IllegalArgumentException("bad range " + position + "+" + length + " in " + name);
    }
    return new ArchiveRangeStream(position, length) {
      @Override
      protected int readAt(long pos, byte[] b, int off, int len) throws IOException {
        file.seek(pos);
        int n = file.read(b, off, len);
        if (n < 0) {
          throw new EOFException(name + " ends at byte " + pos + ", inside the range "
              + position + "+" + length);
        }
        return n;
      }
    };
  }

  @Override
  public void close() throws IOException {
    file.close();
  }
}
