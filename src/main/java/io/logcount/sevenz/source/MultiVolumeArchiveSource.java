package io.logcount.sevenz.source;

import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;

/**
 * An {@link ArchiveSource} over the volumes of a {@link VolumeSet} on any Hadoop file system:
 * the archive's bytes are the volumes' bytes joined in order, and positional reads and range
 * streams cross volume boundaries, without the volumes ever being joined on disk.
 *
 * <p>Volumes are opened when first read and at most {@link #MAX_OPEN_VOLUMES} stay open (the
 * least recently used is closed), whatever the number of volumes: reading the header touches
 * the first and the last volume, then a folder's packed bytes are read front to back, one
 * volume after the other. As in {@link HadoopArchiveSource}, header reads are positional and a
 * range stream seeks only when another reader moved the volume's stream, so a folder is read
 * as one sequential scan per volume. Its {@link #name()} is the first volume's path. Not thread
 * safe.
 */
public final class MultiVolumeArchiveSource implements ArchiveSource {

  /** Volumes open at once: the header's two (first and last), or two a folder spans. */
  static final int MAX_OPEN_VOLUMES = 2;

  private final VolumeSet set;
  private final FileSystem fs;
  private final FSDataInputStream[] streams;
  /** Indexes of the open volumes, least recently used first. */
  private final ArrayDeque<Integer> recent = new ArrayDeque<>();
  private long rangeBytesRead;
  private boolean closed;

  private MultiVolumeArchiveSource(VolumeSet set, FileSystem fs) {
    this.set = set;
    this.fs = fs;
    this.streams = new FSDataInputStream[set.size()];
  }

  /** A source over {@code set}; no volume is opened yet. */
  public static MultiVolumeArchiveSource open(VolumeSet set, Configuration conf) throws IOException {
    return new MultiVolumeArchiveSource(set, set.firstVolume().getFileSystem(conf));
  }

  /** The set read. */
  public VolumeSet volumes() {
    return set;
  }

  @Override
  public String name() {
    return set.firstVolume().toString();
  }

  @Override
  public long length() {
    return set.length();
  }

  @Override
  public long rangeBytesRead() {
    return rangeBytesRead;
  }

  /** Number of volumes open now (for tests of the bound). */
  int openVolumes() {
    return recent.size();
  }

  @Override
  public void readFully(long position, byte[] buffer, int offset, int len) throws IOException {
    if (position < 0 || len < 0 || position > length() - len) {
      throw new EOFException(name() + ": cannot read " + len + " bytes at offset " + position
          + ", the " + set.size() + " volumes hold " + length() + " bytes (is a volume missing?)");
    }
    long pos = position;
    int off = offset;
    int left = len;
    while (left > 0) {
      int v = set.volumeAt(pos);
      long local = pos - set.start(v);
      int n = (int) Math.min(left, set.start(v + 1) - pos);
      try {
        stream(v).readFully(local, buffer, off, n);
      } catch (EOFException e) {
        throw shrunk(v, e);
      }
      pos += n;
      off += n;
      left -= n;
    }
  }

  @Override
  public InputStream openRange(long position, long rangeLength) throws IOException {
    if (position < 0 || rangeLength < 0 || position > length() - rangeLength) {
      throw new EOFException(name() + ": packed range [" + position + ", " + (position + rangeLength)
          + ") lies beyond the end of the archive (" + length() + " bytes in " + set.size()
          + " volumes); the archive is truncated (is a volume missing?)");
    }
    return new RangeStream(position, rangeLength);
  }

  /** The open stream of volume {@code v}, opening it (and closing the least recent) if needed. */
  private FSDataInputStream stream(int v) throws IOException {
    if (closed) {
      throw new IOException(name() + " is closed");
    }
    if (streams[v] != null) {
      recent.remove(v);
      recent.addLast(v);
      return streams[v];
    }
    while (recent.size() >= MAX_OPEN_VOLUMES) {
      closeVolume(recent.removeFirst());
    }
    try {
      streams[v] = fs.open(set.volume(v).getPath());
    } catch (FileNotFoundException e) {
      throw new SevenZFormatException(set.describe(v) + " of " + name()
          + " disappeared after the set was listed; copy it back next to the others", e);
    }
    recent.addLast(v);
    return streams[v];
  }

  private void closeVolume(int v) throws IOException {
    FSDataInputStream in = streams[v];
    streams[v] = null;
    recent.remove(v);
    if (in != null) {
      in.close();
    }
  }

  private SevenZFormatException shrunk(int v, IOException cause) {
    return new SevenZFormatException(set.describe(v) + " of " + name() + " is shorter than the "
        + set.volume(v).getLen() + " bytes it had when the set was listed: it changed while being"
        + " read; rerun once the volumes are complete", cause);
  }

  /** Closes every open volume; safe to call twice. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    IOException first = null;
    for (int v = 0; v < streams.length; v++) {
      try {
        closeVolume(v);
      } catch (IOException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  /** Sequential reads of one range of the joined bytes, volume after volume. */
  private final class RangeStream extends ArchiveRangeStream {
    RangeStream(long start, long rangeLength) {
      super(start, rangeLength);
    }

    /** Reads from one volume at most; the caller (a buffer) asks again for the rest. */
    @Override
    protected int readAt(long position, byte[] b, int off, int len) throws IOException {
      int v = set.volumeAt(position);
      long local = position - set.start(v);
      FSDataInputStream in = stream(v);
      if (in.getPos() != local) {
        in.seek(local);
      }
      int n = in.read(b, off, (int) Math.min(len, set.start(v + 1) - position));
      if (n < 0) {
        throw shrunk(v, null);
      }
      rangeBytesRead += n;
      return n;
    }
  }
}
