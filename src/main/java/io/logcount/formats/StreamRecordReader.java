package io.logcount.formats;

import java.io.IOException;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.mapreduce.InputSplit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.logcount.input.BoundedLineReader;
import io.logcount.input.CorruptInput;
import io.logcount.input.InputCounter;
import io.logcount.input.LineOrigin;
import io.logcount.input.LineRecordReaderBase;

/**
 * Streams the lines of one {@link StreamSplit} (plain text, gzip, bzip2, xz, zstd or lz4) as
 * ({@link LineOrigin}, line) records, by the same rules as the 7z reader ({@link BoundedLineReader}).
 *
 * <p>The split contract is {@link SplitStream}'s: every split but the first drops the line it
 * starts in; every split reads one line past its owned end. The origin is {@code file@offset}
 * with the line's offset in the file's uncompressed bytes; where a format cannot know that
 * offset without decoding the file from its start (a bzip2 or zstd split after the first), the
 * origin is {@code file!packed@N@offset}, the offset counted from the first block at or after
 * packed byte N.
 *
 * <p>Memory is the decoder's window (xz: bounded by the 7z memory limit; zstd: its 128 MiB
 * default; bzip2 ~4.5 MB, commons-compress's buffers for a 900 KB block; gzip 32 KiB; lz4 8 MiB, 16 MiB in a legacy frame) plus fixed buffers plus
 * the longest line kept.
 * Progress is the share of the split's packed bytes consumed. Corrupt data fails the task with
 * the file, the packed offset and the cause, or under {@link CorruptInput#SKIP_CORRUPT} ends the
 * split with one skip report. Records, counters, skips and progress: {@link LineRecordReaderBase}.
 */
public class StreamRecordReader extends LineRecordReaderBase {

  private static final Logger LOG = LoggerFactory.getLogger(StreamRecordReader.class);

  private StreamSplit split;
  private FSDataInputStream file;
  private SplitStream stream;
  private boolean skipFirstLine;
  /** Under skip-corrupt, a decoder that failed to open: the split is only its skip report. */
  private IOException openFailure;

  @Override
  protected void open(InputSplit genericSplit, Configuration conf) throws IOException {
    this.split = (StreamSplit) genericSplit;
    FileSystem fs = split.getPath().getFileSystem(conf);
    file = fs.open(split.getPath());
    long length = fs.getFileStatus(split.getPath()).getLen();
    if (length != split.getFileLength()) {
      throw new IOException(split.getPath() + " changed after the job was planned: it had "
          + split.getFileLength() + " bytes and now has " + length + "; rerun the job");
    }
    if (split.getStart() == 0) {
      context.getCounter(InputCounter.FILES).increment(1);
    }
    try {
      // Decoders read the first header (bzip2: the first block) as they open: damage shows here too.
      stream = split.getFormat().streamFormat().open(split, file, conf, LogInputFormat.getMemoryLimitBytes(conf));
    } catch (IOException e) {
      if (!skipsCorrupt()) {
        throw describe(e);
      }
      openFailure = e; // thrown by the first readLine, which reports it
      return;
    }
    long first = stream.firstOffset();
    if (first >= 0) {
      key.setSource(split.getPath().toString());
    } else {
      key.setSource(split.getPath() + "!packed@" + split.getStart());
    }
    lines.startStream(stream, Math.max(0, first));
    skipFirstLine = stream.startsInside();
    LOG.info("Reading {}", split);
  }

  @Override
  protected boolean readLine() throws IOException {
    if (openFailure != null) {
      throw openFailure;
    }
    long base = Math.max(0, stream.firstOffset());
    while (lines.next(value)) {
      if (skipFirstLine) {
        skipFirstLine = false; // owned by the previous split, which reads past its end
        continue;
      }
      return lines.lineOffset() - base <= stream.ownedEnd(); // past it: the next split's line
    }
    return false;
  }

  /** The failure as an IOException naming the file, the format, where and the cause. */
  @Override
  protected IOException describe(IOException e) {
    FileFormat format = split.getFormat().strategy();
    return new IOException(split.getPath() + " (" + format.label() + "): corrupt or truncated data" + position()
        + ": " + e + "; check the file (e.g. '" + format.checkCommand() + "') and copy it again from its source,"
        + " or set " + CorruptInput.SKIP_CORRUPT + "=true to skip damaged data", e);
  }

  @Override
  protected String where() {
    return split.getPath() + " (" + split.getFormat().label() + ")" + position();
  }

  private String position() {
    long packed = stream == null ? split.getStart() : split.getStart() + stream.packedRead();
    return stream == null ? " at packed byte " + packed : " near packed byte " + packed + ", after "
        + stream.delivered() + " uncompressed bytes of the split";
  }

  /** A stream cannot resume after damage: the rest of the split is skipped. */
  @Override
  protected long skipDamaged(IOException cause) {
    long at = split.getStart() + (stream == null ? 0 : stream.packedRead());
    LOG.warn("Skipping the rest of {} from packed byte {}, as {} is set: {}",
        split, at, CorruptInput.SKIP_CORRUPT, cause.getMessage());
    key.setCorrupt(split.getPath().toString(), "packed byte " + at);
    openFailure = null;
    return Math.max(0, split.getEnd() - at);
  }

  @Override
  protected boolean endsAfterSkip() {
    return true;
  }

  @Override
  protected void onFinish() {
    if (stream != null) {
      // Each uncompressed byte counted once, by the split that owns its block.
      context.getCounter(InputCounter.UNCOMPRESSED_BYTES).increment(Math.min(stream.ownedEnd(), stream.delivered()));
    }
  }

  @Override
  protected long packedRead() {
    return stream == null ? 0 : stream.packedRead();
  }

  @Override
  protected long packedLength() {
    return split == null ? 0 : split.getLength();
  }

  /** Closes the decoder and the file; safe to call twice. */
  @Override
  public void close() throws IOException {
    SplitStream s = stream;
    FSDataInputStream f = file;
    stream = null;
    file = null;
    try {
      if (s != null) {
        s.close();
      }
    } finally {
      if (f != null) {
        f.close();
      }
    }
  }
}
