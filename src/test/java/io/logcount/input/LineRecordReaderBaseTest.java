package io.logcount.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.TaskAttemptID;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormatCounter;
import org.apache.hadoop.mapreduce.task.TaskAttemptContextImpl;
import org.junit.jupiter.api.Test;

import io.logcount.jobs.common.CountingReporter;

/** The skeleton every format's reader shares: records, counters, skips, progress, close. */
class LineRecordReaderBaseTest {

  private static final byte[] TWO_LINES = "a\tu1\nb\tu2\n".getBytes(StandardCharsets.UTF_8);

  /** A reader over two lines followed by {@code failure} (none: end of data), 100 packed bytes. */
  private static final class FakeReader extends LineRecordReaderBase {
    private final Exception failure;
    private final boolean failOpen;
    private int closes;
    private long packed;

    FakeReader(Exception failure, boolean failOpen) {
      this.failure = failure;
      this.failOpen = failOpen;
    }

    @Override
    protected void open(InputSplit split, Configuration conf) throws IOException {
      if (failOpen) {
        throw new IOException("cannot open");
      }
      InputStream tail = new InputStream() {
        @Override
        public int read() throws IOException {
          packed = 100;
          if (failure instanceof IOException) {
            throw (IOException) failure;
          }
          if (failure != null) {
            throw (RuntimeException) failure;
          }
          return -1;
        }
      };
      key.setSource("fake.gz");
      lines.startStream(new SequenceInputStream(new ByteArrayInputStream(TWO_LINES), tail), 0);
    }

    @Override
    protected boolean readLine() throws IOException {
      packed = Math.max(packed, 40);
      return lines.next(value);
    }

    @Override
    protected long packedRead() {
      return packed;
    }

    @Override
    protected long packedLength() {
      return 100;
    }

    @Override
    protected IOException describe(IOException e) {
      return new IOException("fake.gz: corrupt: " + e.getMessage(), e);
    }

    @Override
    protected String where() {
      return "fake.gz at byte " + packed;
    }

    @Override
    protected long skipDamaged(IOException cause) {
      key.setCorrupt("fake.gz", "packed byte " + packed);
      return 100 - packed;
    }

    @Override
    protected boolean endsAfterSkip() {
      return true;
    }

    @Override
    public void close() {
      closes++;
    }
  }

  private final CountingReporter reporter = new CountingReporter();

  private TaskAttemptContext context(boolean skipCorrupt) {
    Configuration conf = new Configuration(false);
    CorruptInput.setSkipCorrupt(conf, skipCorrupt);
    return new TaskAttemptContextImpl(conf, new TaskAttemptID(), reporter);
  }

  private long counter(Enum<?> name) {
    return reporter.counters().findCounter(name).getValue();
  }

  @Test
  void linesAreRecordsCountedWithProgressAndPackedBytes() throws Exception {
    FakeReader reader = new FakeReader(null, false);
    reader.initialize(null, context(false));
    assertEquals(0f, reader.getProgress());
    assertTrue(reader.nextKeyValue());
    assertEquals("a\tu1", reader.getCurrentValue().toString());
    assertEquals(0, reader.getCurrentKey().offset());
    assertEquals(0.4f, reader.getProgress());
    assertTrue(reader.nextKeyValue());
    assertEquals(5, reader.getCurrentKey().offset());
    assertFalse(reader.nextKeyValue());
    assertFalse(reader.nextKeyValue(), "done stays done");
    assertEquals(1f, reader.getProgress());
    assertEquals(2, counter(InputCounter.LINES));
    assertEquals(1, counter(InputCounter.SPLITS));
    assertEquals(100, counter(InputCounter.PACKED_BYTES));
    assertEquals(100, counter(FileInputFormatCounter.BYTES_READ));
  }

  @Test
  void aCombinedSplitCountsItselfNotItsChildren() throws Exception {
    FakeReader reader = new FakeReader(null, false);
    reader.setCountsSplit(false);
    reader.initialize(null, context(false));
    while (reader.nextKeyValue()) {
      // drain
    }
    assertEquals(0, counter(InputCounter.SPLITS));
  }

  @Test
  void damagedDataFailsDescribedUnlessSkipped() throws Exception {
    FakeReader reader = new FakeReader(new IOException("bad block"), false);
    reader.initialize(null, context(false));
    assertTrue(reader.nextKeyValue());
    assertTrue(reader.nextKeyValue());
    IOException e = assertThrows(IOException.class, reader::nextKeyValue);
    assertEquals("fake.gz: corrupt: bad block", e.getMessage());
  }

  @Test
  void damagedDataUnderSkipCorruptIsOneReportThenTheEnd() throws Exception {
    FakeReader reader = new FakeReader(new IOException("bad block"), false);
    reader.initialize(null, context(true));
    assertTrue(reader.nextKeyValue());
    assertTrue(reader.nextKeyValue());
    assertTrue(reader.nextKeyValue(), "the skip report");
    assertTrue(reader.getCurrentKey().corruptFolder());
    assertEquals("fake.gz: corrupt: bad block", reader.getCurrentValue().toString());
    assertFalse(reader.nextKeyValue());
    assertEquals(1, counter(InputCounter.CORRUPT_BLOCKS));
    assertEquals(0, counter(InputCounter.CORRUPT_PACKED_BYTES), "all 100 packed bytes were read before the damage");
    assertEquals(2, counter(InputCounter.LINES_BEFORE_CORRUPTION));
    assertEquals(2, counter(InputCounter.LINES));
    assertEquals(1, counter(InputCounter.SPLITS));
  }

  /** A decoder's own exception (an index out of bounds) is a bug, never "corrupt data" to skip. */
  @Test
  void aRuntimeExceptionIsNeverSkippedAndIsNamedABug() throws Exception {
    ArrayIndexOutOfBoundsException bug = new ArrayIndexOutOfBoundsException("Index 18002 out of bounds");
    FakeReader reader = new FakeReader(bug, false);
    reader.initialize(null, context(true));
    assertTrue(reader.nextKeyValue());
    assertTrue(reader.nextKeyValue());
    IOException e = assertThrows(IOException.class, reader::nextKeyValue);
    assertSame(bug, e.getCause());
    assertTrue(e.getMessage().startsWith("internal error reading fake.gz at byte 100"), e.getMessage());
    assertTrue(e.getMessage().contains("not damaged data"), e.getMessage());
    assertEquals(0, counter(InputCounter.CORRUPT_BLOCKS));
  }

  @Test
  void aFailedInitializeClosesWhatItOpened() {
    FakeReader reader = new FakeReader(null, true);
    assertThrows(IOException.class, () -> reader.initialize(null, context(false)));
    assertEquals(1, reader.closes);
  }
}
