package io.logcount.formats;

import java.io.IOException;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Counter;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormatCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.logcount.input.BoundedLineReader;
import io.logcount.input.CorruptInput;
import io.logcount.input.InputCounter;
import io.logcount.input.LineOrigin;

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
 * default; bzip2 900 KB; gzip 32 KiB; lz4 8 MiB, 16 MiB in a legacy frame) plus fixed buffers plus
 * the longest line kept.
 * Progress is the share of the split's packed bytes consumed. Corrupt data fails the task with
 * the file, the packed offset and the cause, or under {@link CorruptInput#SKIP_CORRUPT} ends the
 * split with one skip report.
 */
public class StreamRecordReader extends RecordReader<LineOrigin, Text> {

  private static final Logger LOG = LoggerFactory.getLogger(StreamRecordReader.class);
  private static final int READ_BUFFER_BYTES = 64 * 1024;

  private final LineOrigin key = new LineOrigin();
  private final Text value = new Text();
  private final boolean countsSplit;

  private StreamSplit split;
  private TaskAttemptContext context;
  private FSDataInputStream file;
  private SplitStream stream;
  private BoundedLineReader lines;
  private Counter linesCounter;
  private boolean skipCorrupt;
  private boolean skipFirstLine;
  private boolean done;
  private boolean finishAfterReport;
  private long linesRead;
  private long packedReported;
  /** Under skip-corrupt, a decoder that failed to open: the split is only its skip report. */
  private IOException openFailure;

  public StreamRecordReader() {
    this(true);
  }

  /** @param countsSplit false when a combined split counts {@link InputCounter#SPLITS} itself */
  public StreamRecordReader(boolean countsSplit) {
    this.countsSplit = countsSplit;
  }

  @Override
  public void initialize(InputSplit genericSplit, TaskAttemptContext context) throws IOException {
    this.split = (StreamSplit) genericSplit;
    this.context = context;
    this.linesCounter = context.getCounter(InputCounter.LINES);
    Configuration conf = context.getConfiguration();
    this.skipCorrupt = CorruptInput.getSkipCorrupt(conf);
    this.lines = new BoundedLineReader(READ_BUFFER_BYTES, BoundedLineReader.getMaxLineBytes(conf));
    try {
      FileSystem fs = split.getPath().getFileSystem(conf);
      file = fs.open(split.getPath());
      long length = fs.getFileStatus(split.getPath()).getLen();
      if (length != split.getFileLength()) {
        throw new IOException(split.getPath() + " changed after the job was planned: it had "
            + split.getFileLength() + " bytes and now has " + length + "; rerun the job");
      }
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
    if (split.getStart() == 0) {
      context.getCounter(InputCounter.FILES).increment(1);
    }
    try {
      // Decoders read the first header (bzip2: the first block) as they open: damage shows here too.
      stream = SplitStreams.open(split, file, conf, LogInputFormat.getMemoryLimitBytes(conf));
    } catch (IOException | RuntimeException e) {
      IOException failure = describe(e, "corrupt or truncated data");
      if (!skipCorrupt) {
        close();
        throw failure;
      }
      openFailure = failure; // reported by the first nextKeyValue
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
  public boolean nextKeyValue() throws IOException {
    if (done) {
      return false;
    }
    if (finishAfterReport) {
      finish();
      return false;
    }
    if (openFailure != null) {
      return skip(openFailure);
    }
    try {
      return advance();
    } catch (IOException | RuntimeException e) {
      IOException failure = describe(e, "corrupt or truncated data");
      if (!skipCorrupt) {
        throw failure;
      }
      return skip(failure);
    }
  }

  private boolean advance() throws IOException {
    long base = Math.max(0, stream.firstOffset());
    while (lines.next(value)) {
      if (skipFirstLine) {
        skipFirstLine = false; // owned by the previous split, which reads past its end
        continue;
      }
      if (lines.lineOffset() - base > stream.ownedEnd()) {
        break; // the next split owns this line and everything after it
      }
      key.setLine(lines.lineOffset(), lines.truncated());
      linesCounter.increment(1);
      linesRead++;
      return true;
    }
    finish();
    return false;
  }

  /** The failure as an IOException naming the file, the format, where and the cause. */
  private IOException describe(Throwable e, String what) {
    String format = split.getFormat().label();
    long packed = stream == null ? split.getStart() : split.getStart() + stream.packedRead();
    String where = stream == null ? " at packed byte " + packed : " near packed byte " + packed + ", after "
        + stream.delivered() + " uncompressed bytes of the split";
    return new IOException(split.getPath() + " (" + format + "): " + what + where + ": " + e
        + "; check the file (e.g. '" + checkCommand(format) + "') and copy it again from its source,"
        + " or set " + CorruptInput.SKIP_CORRUPT + "=true to skip damaged data", e);
  }

  private static String checkCommand(String format) {
    switch (format) {
      case "gzip":
        return "gzip -t";
      case "bzip2":
        return "bzip2 -t";
      case "xz":
        return "xz -t";
      case "zstd":
        return "zstd -t";
      case "lz4":
        return "lz4 -t"; // tests frames, linked blocks and legacy frames (lz4 -l) alike
      default:
        return "head";
    }
  }

  /** Ends the split with one report of the skipped data. */
  private boolean skip(IOException cause) {
    long at = split.getStart() + (stream == null ? 0 : stream.packedRead());
    long packed = Math.max(0, split.getEnd() - at);
    LOG.warn("Skipping the rest of {} from packed byte {} ({} lines already read), as {} is set: {}",
        split, at, linesRead, CorruptInput.SKIP_CORRUPT, cause.getMessage());
    context.getCounter(InputCounter.CORRUPT_BLOCKS).increment(1);
    context.getCounter(InputCounter.CORRUPT_PACKED_BYTES).increment(packed);
    context.getCounter(InputCounter.LINES_BEFORE_CORRUPTION).increment(linesRead);
    key.setCorrupt(split.getPath().toString(), "packed byte " + at);
    value.set(String.valueOf(cause.getMessage()).replace('\n', ' ').replace('\t', ' '));
    finishAfterReport = true;
    return true;
  }

  private void finish() {
    done = true;
    long packed = stream == null ? 0 : stream.packedRead();
    long reported = packed - packedReported;
    packedReported = packed;
    context.getCounter(InputCounter.PACKED_BYTES).increment(reported);
    // StreamSplit is no FileSplit, so Hadoop leaves "File Input Format Counters: Bytes Read" to us.
    context.getCounter(FileInputFormatCounter.BYTES_READ).increment(reported);
    if (stream != null) {
      // Each uncompressed byte counted once, by the split that owns its block.
      context.getCounter(InputCounter.UNCOMPRESSED_BYTES).increment(Math.min(stream.ownedEnd(), stream.delivered()));
    }
    if (countsSplit) {
      context.getCounter(InputCounter.SPLITS).increment(1);
    }
  }

  @Override
  public LineOrigin getCurrentKey() {
    return key;
  }

  @Override
  public Text getCurrentValue() {
    return value;
  }

  /** Share of the split's packed bytes consumed. */
  @Override
  public float getProgress() {
    if (done) {
      return 1f;
    }
    if (stream == null || split.getLength() == 0) {
      return 0f;
    }
    return Math.min(1f, stream.packedRead() / (float) split.getLength());
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
