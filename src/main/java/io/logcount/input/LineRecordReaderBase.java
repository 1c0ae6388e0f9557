package io.logcount.input;

import java.io.IOException;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.Counter;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormatCounter;

/**
 * What every logcount record reader does whatever its format (7z folders, a gz/bz2/xz/zst/lz4
 * or plain split), as elephant-bird's {@code LzoRecordReader} is for its formats: a concrete
 * reader opens its split and hands over lines; this base owns the rest.
 *
 * <ul>
 * <li>Records: ({@link LineOrigin}, line), cut by one {@link BoundedLineReader}; the key's line
 * offset and truncation are set here, {@link InputCounter#LINES} counted here.
 * <li>Counters: {@link InputCounter#PACKED_BYTES} and Hadoop's "Bytes Read" from
 * {@link #packedRead()} (our splits are no {@code FileSplit}, so Hadoop leaves that counter to
 * us), {@link InputCounter#SPLITS} unless a combined split counts itself
 * ({@link #setCountsSplit}).
 * <li>Damaged data under {@link CorruptInput#SKIP_CORRUPT}: only an {@link IOException} (what a
 * decoder throws for bad bytes: a checksum, a truncation, a malformed block) is skipped, and only
 * where {@link #skippable} allows; a {@link RuntimeException} is a bug in a decoder or in logcount,
 * never data, so it fails the task under any setting, named as such (elephant-bird's
 * {@code InputErrorTracker}: "skip very rare corruption, but catch programmer errors"). A skip
 * becomes one report record (the key's corrupt origin, the cause as value) and the counters
 * {@link InputCounter#CORRUPT_BLOCKS}, {@link InputCounter#CORRUPT_PACKED_BYTES},
 * {@link InputCounter#LINES_BEFORE_CORRUPTION}.
 * <li>Progress: the share of the split's packed bytes read, 1 once done.
 * <li>{@code initialize} closes what it opened when it fails; {@code close()} twice is safe.
 * </ul>
 */
public abstract class LineRecordReaderBase extends RecordReader<LineOrigin, Text> {

  /** Bytes a reader asks its decoder for at a time. */
  protected static final int READ_BUFFER_BYTES = 64 * 1024;

  /** The current record's key, set by the concrete reader's {@link #readLine} (its source). */
  protected final LineOrigin key = new LineOrigin();
  /** The current record's line, filled by {@link #lines}. */
  protected final Text value = new Text();
  /** Cuts the decoded bytes into lines; the concrete reader starts it on each stream or entry. */
  protected BoundedLineReader lines;
  /** The task's context, for the format's own counters. */
  protected TaskAttemptContext context;

  /** {@link InputCounter#LINES}, looked up once: a lookup per line costs 1% of a map. */
  private Counter linesCounter;
  private boolean countsSplit = true;
  private boolean skipCorrupt;
  private boolean done;
  private boolean endAfterReport;
  private long packedReported;
  /** Lines delivered since {@link #startUnit()}: those read before damage in the unit skipped. */
  private long unitLines;

  /** Leaves {@link InputCounter#SPLITS} to the caller (a combined split counts itself once). */
  public void setCountsSplit(boolean counts) {
    this.countsSplit = counts;
  }

  @Override
  public final void initialize(InputSplit split, TaskAttemptContext context) throws IOException {
    this.context = context;
    this.linesCounter = context.getCounter(InputCounter.LINES);
    Configuration conf = context.getConfiguration();
    this.skipCorrupt = CorruptInput.getSkipCorrupt(conf);
    this.lines = new BoundedLineReader(READ_BUFFER_BYTES, BoundedLineReader.getMaxLineBytes(conf));
    try {
      open(split, conf);
    } catch (IOException | RuntimeException e) {
      try {
        close();
      } catch (IOException | RuntimeException c) {
        e.addSuppressed(c);
      }
      throw e;
    }
  }

  /**
   * Opens {@code split} (its file, header, decoder). Failures propagate and {@link #close()} is
   * called; a reader that may skip a decoder that fails to open keeps the failure and throws it
   * from its first {@link #readLine()}.
   */
  protected abstract void open(InputSplit split, Configuration conf) throws IOException;

  /**
   * Moves {@link #lines} to the split's next owned line and sets {@link #key}'s source; false
   * once the split has no more lines (the split contract: drop the line a split starts inside,
   * read one line past the owned end).
   */
  protected abstract boolean readLine() throws IOException;

  /** Packed bytes of the file read so far (0 before open). */
  protected abstract long packedRead();

  /** The split's packed length, the measure of progress. */
  protected abstract long packedLength();

  /** The same failure, as an {@link IOException} naming the file, the place and the fix. */
  protected abstract IOException describe(IOException e);

  /** Where reading is, for a bug's message: the file and the 7z entry or packed offset. */
  protected abstract String where();

  /**
   * Whether {@code failure}, a data error, may be skipped under {@link CorruptInput#SKIP_CORRUPT}
   * (a 7z header or a wrong password never is: skipping would drop everything). Default: yes.
   */
  protected boolean skippable(IOException failure) {
    return true;
  }

  /**
   * Skips the damaged unit (closes its decoder), sets {@link #key}'s corrupt origin and returns the
   * packed bytes skipped. After the report the split ends if {@link #endsAfterSkip()}.
   */
  protected abstract long skipDamaged(IOException cause);

  /** Whether a skip ends the split (a stream cannot resume after damage; a 7z folder list can). */
  protected abstract boolean endsAfterSkip();

  /** Counts what only the concrete reader knows (e.g. the uncompressed bytes it owns) at the end. */
  protected void onFinish() {
  }

  /** {@link CorruptInput#SKIP_CORRUPT} as this task has it. */
  protected final boolean skipsCorrupt() {
    return skipCorrupt;
  }

  /** A new skippable unit (a 7z folder) starts: lines before damage are counted from here. */
  protected final void startUnit() {
    unitLines = 0;
  }

  @Override
  public final boolean nextKeyValue() throws IOException {
    if (done) {
      return false;
    }
    if (endAfterReport) {
      finish();
      return false;
    }
    try {
      if (readLine()) {
        key.setLine(lines.lineOffset(), lines.truncated());
        linesCounter.increment(1);
        unitLines++;
        return true;
      }
      finish();
      return false;
    } catch (RuntimeException e) {
      throw new IOException("internal error reading " + where() + ": " + e + "; this is a bug in"
          + " logcount or a library it uses, not damaged data (" + CorruptInput.SKIP_CORRUPT
          + " does not skip it): please report it with the file", e);
    } catch (IOException e) {
      IOException failure = describe(e);
      if (!skipCorrupt || !skippable(failure)) {
        throw failure;
      }
      return report(failure);
    }
  }

  /** Turns a skipped failure into one report record; counted here. */
  private boolean report(IOException cause) {
    long packed = skipDamaged(cause);
    context.getCounter(InputCounter.CORRUPT_BLOCKS).increment(1);
    context.getCounter(InputCounter.CORRUPT_PACKED_BYTES).increment(packed);
    context.getCounter(InputCounter.LINES_BEFORE_CORRUPTION).increment(unitLines);
    unitLines = 0;
    value.set(String.valueOf(cause.getMessage()).replace('\n', ' ').replace('\t', ' '));
    endAfterReport = endsAfterSkip();
    return true;
  }

  private void finish() {
    done = true;
    reportPacked();
    onFinish();
    if (countsSplit) {
      context.getCounter(InputCounter.SPLITS).increment(1);
    }
  }

  /** Adds the packed bytes read since the last call to the counters. */
  protected final void reportPacked() {
    long read = packedRead();
    context.getCounter(InputCounter.PACKED_BYTES).increment(read - packedReported);
    context.getCounter(FileInputFormatCounter.BYTES_READ).increment(read - packedReported);
    packedReported = read;
  }

  @Override
  public final LineOrigin getCurrentKey() {
    return key;
  }

  @Override
  public final Text getCurrentValue() {
    return value;
  }

  /** Share of the split's packed bytes read so far; 1 once the split is done. */
  @Override
  public final float getProgress() {
    if (done) {
      return 1f;
    }
    long length = packedLength();
    if (length <= 0) {
      return 0f;
    }
    return Math.min(1f, packedRead() / (float) length);
  }
}
