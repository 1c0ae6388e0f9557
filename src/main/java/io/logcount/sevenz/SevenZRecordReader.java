package io.logcount.sevenz;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
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
 * Streams the lines of the entries in one {@link SevenZSplit}'s folders.
 *
 * <p>It re-reads the archive's header (the split carries only folder indices, which keeps the
 * split small whatever the number of entries), then decodes its folders one after the other,
 * entry by entry. Memory is the decoder's dictionary plus fixed buffers plus the longest line
 * kept ({@link BoundedLineReader#MAX_LINE_BYTES}); no entry or folder is ever held whole. Each entry's CRC32 is
 * checked against the header when its last byte is read. Progress is the share of the split's
 * packed bytes read, which moves steadily while a long folder decodes. The password of an
 * encrypted archive is read ({@link SevenZPasswords#loader}) only if the split meets encrypted
 * data, and overwritten when the reader closes.
 */
public class SevenZRecordReader extends RecordReader<LineOrigin, Text> {

  private static final Logger LOG = LoggerFactory.getLogger(SevenZRecordReader.class);

  /**
   * The old, 7z-only name of {@link CorruptInput#SKIP_CORRUPT} ({@code logcount.skip-corrupt}),
   * a deprecated alias of it. Under it, a folder whose data turns out corrupt (decoder error, CRC
   * mismatch, truncation inside it) is skipped instead of failing the task: it is logged, counted
   * ({@link InputCounter#CORRUPT_BLOCKS}, {@link InputCounter#CORRUPT_PACKED_BYTES}) and
   * reported to the mapper as one {@link LineOrigin#corruptFolder()} record, and the job goes on
   * with the other folders. A damaged header still fails the job: without it no folder can be
   * found. So does a missing or wrong password ({@link SevenZPasswordException}), which would
   * otherwise drop every encrypted folder.
   */
  @Deprecated
  public static final String SKIP_CORRUPT = CorruptInput.SKIP_CORRUPT_7Z;

  private static final int READ_BUFFER_BYTES = 64 * 1024;

  /** Sets {@link CorruptInput#SKIP_CORRUPT}. */
  public static void setSkipCorrupt(Configuration conf, boolean skip) {
    CorruptInput.setSkipCorrupt(conf, skip);
  }

  /** {@link CorruptInput#SKIP_CORRUPT}, or its old name {@link #SKIP_CORRUPT}. */
  public static boolean getSkipCorrupt(Configuration conf) {
    return CorruptInput.getSkipCorrupt(conf);
  }

  /** Leaves {@link InputCounter#SPLITS} to the caller (a combined split of several archives). */
  public void setCountsSplit(boolean counts) {
    this.countsSplit = counts;
  }

  private final LineOrigin key = new LineOrigin();
  /** Whether this reader counts {@link InputCounter#SPLITS}; a combined split counts itself once. */
  private boolean countsSplit = true;
  private final Text value = new Text();

  private SevenZSplit split;
  private ArchiveSource source;
  private SevenZArchive archive;
  private SevenZLimits limits;
  private SevenZPasswords.Loader passwords;
  private BoundedLineReader lines;
  private TaskAttemptContext context;
  /** {@link InputCounter#LINES}, looked up once: a lookup per line costs 1% of a map. */
  private Counter linesCounter;

  private int nextFolder;
  private int endFolder;
  private SevenZFolder folder;
  private InputStream folderStream;
  private Iterator<SevenZEntry> entries;
  private SevenZEntry entry;
  /** Unpacked bytes of the current folder consumed so far (a piece starts at its reset). */
  private long folderPosition;
  /** Lines starting after this folder offset belong to the next split (pieces only). */
  private long ownedEnd = Long.MAX_VALUE;
  /** A piece not starting at its folder's start skips the partial line it starts in. */
  private boolean skipFirstLine;
  private long packedReported;
  private boolean done;
  private boolean skipCorrupt;
  /** Lines delivered from the current folder, counted as LINES_BEFORE_CORRUPTION if it fails. */
  private long folderLines;
  /** A piece whose folder was skipped ends after delivering the skip report. */
  private boolean finishAfterReport;

  @Override
  public void initialize(InputSplit genericSplit, TaskAttemptContext context) throws IOException {
    this.split = (SevenZSplit) genericSplit;
    this.context = context;
    this.linesCounter = context.getCounter(InputCounter.LINES);
    Configuration conf = context.getConfiguration();
    this.limits = SevenZInputFormat.getLimits(conf);
    this.lines = new BoundedLineReader(READ_BUFFER_BYTES, BoundedLineReader.getMaxLineBytes(conf));
    this.skipCorrupt = getSkipCorrupt(conf);
    try {
      passwords = SevenZPasswords.loader(conf);
      source = ArchiveSources.open(split.getPath(), conf); // a volume set for name.7z.001
      if (source.length() != split.getArchiveLength()) {
        throw new SevenZFormatException(source.name() + " changed after the job was planned: it had "
            + split.getArchiveLength() + " bytes and now has " + source.length() + "; rerun the job");
      }
      archive = SevenZArchive.read(source, limits, passwords);
      nextFolder = split.getFirstFolder();
      endFolder = nextFolder + split.getFolderCount();
      if (nextFolder < 0 || endFolder > archive.folders().size()) {
        throw new SevenZFormatException(source.name() + " has " + archive.folders().size()
            + " folders but the split asks for " + split + "; the archive changed, rerun the job");
      }
      if (split.isPiece()) {
        openPiece();
      }
    } catch (IOException | RuntimeException e) {
      close();
      throw e;
    }
    LOG.info("Reading {}", split);
  }

  /** Positions a piece's reader at its dictionary reset, inside the entry that holds it. */
  private void openPiece() throws IOException {
    folder = archive.folders().get(nextFolder++);
    long packedStart = split.getStart() - folder.packedOffset();
    long unpackStart = split.getUnpackStart();
    if (packedStart < 0 || packedStart >= folder.packedSize() || unpackStart < 0
        || unpackStart >= folder.unpackSize() || split.getUnpackEnd() > folder.unpackSize()
        || !Lzma2Blocks.isSplittable(folder)) {
      throw new SevenZFormatException(source.name() + ": the split " + split + " does not fit folder "
          + folder.index() + " (" + folder.methods() + "); the archive or its index changed:"
          + " run 'logcount index' again");
    }
    folderStream = SevenZFolderDecoder.openAt(source, archive, folder,
        new Lzma2Blocks.Reset(packedStart, unpackStart), limits);
    folderPosition = unpackStart;
    ownedEnd = split.getUnpackEnd();
    skipFirstLine = unpackStart > 0;
    List<SevenZEntry> remaining = new ArrayList<>();
    for (SevenZEntry e : folder.entries()) {
      if (e.offsetInFolder() + e.size() > unpackStart) {
        remaining.add(e);
      }
    }
    entries = remaining.iterator();
    if (unpackStart == 0) {
      context.getCounter(SevenZCounter.FOLDERS).increment(1);
    }
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
    try {
      return advance();
    } catch (IOException e) {
      // A missing or wrong password fails every encrypted folder: never skip it as corruption.
      if (!skipCorrupt || folder == null || SevenZPasswordException.isCauseOf(e)) {
        throw e;
      }
      return skipFolder(e);
    }
  }

  /** Turns a failure inside the current folder into one skip report; the next call moves on. */
  private boolean skipFolder(IOException cause) {
    SevenZFolder bad = folder;
    long packed = split.isPiece() ? split.getLength() : bad.packedSize();
    LOG.warn("Skipping corrupt folder {} of {} ({} packed bytes; {} lines already read from it), as {}"
        + " is set: {}", bad.index(), source.name(), packed, folderLines, CorruptInput.SKIP_CORRUPT,
        cause.getMessage());
    context.getCounter(InputCounter.CORRUPT_BLOCKS).increment(1);
    context.getCounter(InputCounter.CORRUPT_PACKED_BYTES).increment(packed);
    context.getCounter(InputCounter.LINES_BEFORE_CORRUPTION).increment(folderLines);
    try {
      closeFolder();
    } catch (IOException | RuntimeException e) {
      cause.addSuppressed(e);
    }
    folder = null;
    finishAfterReport = split.isPiece();
    key.setCorruptFolder(source.name(), bad.index());
    value.set(String.valueOf(cause.getMessage()).replace('\n', ' ').replace('\t', ' '));
    return true;
  }

  private boolean advance() throws IOException {
    while (true) {
      if (entry != null) {
        if (nextLine()) {
          if (skipFirstLine) {
            skipFirstLine = false; // owned by the previous piece, which reads past its end
            continue;
          }
          if (entry.offsetInFolder() + lines.lineOffset() > ownedEnd) {
            finish(); // the next piece owns this line and everything after it
            return false;
          }
          key.setLine(lines.lineOffset(), lines.truncated());
          linesCounter.increment(1);
          folderLines++;
          return true;
        }
        finishEntry();
      }
      if (entries != null && entries.hasNext()) {
        startEntry(entries.next());
        continue;
      }
      if (split.isPiece() || !openNextFolder()) {
        finish();
        return false;
      }
    }
  }

  private void finish() {
    done = true;
    reportPacked();
    if (split.isPiece()) {
      // Pieces read overlapping bytes; count each folder byte once, in the piece that owns it.
      context.getCounter(InputCounter.UNCOMPRESSED_BYTES).increment(ownedEnd - split.getUnpackStart());
    }
    if (countsSplit) {
      context.getCounter(InputCounter.SPLITS).increment(1);
    }
  }

  /** The next line of the current entry; decoder failures are reported with the entry's name. */
  private boolean nextLine() throws IOException {
    try {
      return lines.next(value);
    } catch (SevenZFormatException e) {
      if (e.getMessage() != null && e.getMessage().contains(entry.name())) {
        throw e;
      }
      String message = where(entry) + " at entry byte " + lines.bytesRead() + ": " + e.getMessage();
      throw e instanceof SevenZPasswordException ? new SevenZPasswordException(message, e)
          : new SevenZFormatException(message, e);
    } catch (IOException e) {
      throw new SevenZFormatException(where(entry) + " at entry byte " + lines.bytesRead()
          + ": corrupt or truncated packed data (" + e + "); check the archive with '7zz t'", e);
    }
  }

  private boolean openNextFolder() throws IOException {
    closeFolder();
    while (nextFolder < endFolder) {
      SevenZFolder candidate = archive.folders().get(nextFolder++);
      List<SevenZEntry> folderEntries = candidate.entries();
      if (folderEntries.isEmpty()) {
        continue;
      }
      folder = candidate;
      folderLines = 0;
      folderStream = SevenZFolderDecoder.open(source, archive, folder, limits, passwords);
      folderPosition = 0;
      entries = folderEntries.iterator();
      context.getCounter(SevenZCounter.FOLDERS).increment(1);
      return true;
    }
    return false;
  }

  private void startEntry(SevenZEntry next) throws IOException {
    long gap = next.offsetInFolder() - folderPosition;
    long into = 0;
    if (gap < 0) {
      into = -gap; // a piece starting inside this entry
      if (!split.isPiece() || into >= next.size()) {
        throw new SevenZFormatException(where(next) + ": entry overlaps the previous one in its folder");
      }
      gap = 0;
    }
    skipFully(folderStream, gap, next);
    folderPosition += gap;
    entry = next;
    key.setSource(source.name(), next.name());
    lines.startEntry(folderStream, next.size() - into, into);
    if (!split.isPiece() || (next.offsetInFolder() >= split.getUnpackStart()
        && next.offsetInFolder() < ownedEnd)) {
      context.getCounter(SevenZCounter.ENTRIES).increment(1);
    }
  }

  private void finishEntry() throws IOException {
    SevenZEntry finished = entry;
    entry = null;
    long read = lines.bytesRead();
    folderPosition += read;
    // A CRC covers the whole entry: only a reader that saw all of it can check it.
    boolean whole = read == finished.size();
    if (whole && finished.hasCrc() && lines.crc() != finished.crc() && folder.isEncrypted()
        && !archive.passwordVerified()) {
      throw new SevenZPasswordException(SevenZCoders.Encrypted.wrongPassword(source.name(),
          "folder " + folder.index()) + ": entry '" + finished.name() + "' fails its CRC check; "
          + SevenZCoders.Encrypted.WRONG_PASSWORD_FIX);
    }
    if (whole && finished.hasCrc() && lines.crc() != finished.crc()) {
      throw new SevenZFormatException(String.format(
          "%s: CRC mismatch (header %08x, data %08x): the archive is corrupt; "
              + "check it with '7zz t' and copy it again from its source",
          where(finished), finished.crc(), lines.crc()));
    }
    if (!split.isPiece()) {
      context.getCounter(InputCounter.UNCOMPRESSED_BYTES).increment(finished.size());
    }
    reportPacked();
  }

  private String where(SevenZEntry e) {
    return source.name() + " entry '" + e.name() + "' (folder " + folder.index() + ", " + folder.methods() + ")";
  }

  private void skipFully(InputStream in, long n, SevenZEntry next) throws IOException {
    long left = n;
    byte[] scratch = left > 0 ? new byte[(int) Math.min(left, READ_BUFFER_BYTES)] : null;
    while (left > 0) {
      int r = in.read(scratch, 0, (int) Math.min(left, scratch.length));
      if (r < 0) {
        throw new EOFException(where(next) + ": folder data ends before the entry starts");
      }
      left -= r;
    }
  }

  private void reportPacked() {
    if (source == null) {
      return;
    }
    long read = source.rangeBytesRead();
    context.getCounter(InputCounter.PACKED_BYTES).increment(read - packedReported);
    // Hadoop fills "File Input Format Counters: Bytes Read" only for a FileSplit, which
    // SevenZSplit is not (see there): the packed bytes are what this reader read of the file.
    context.getCounter(FileInputFormatCounter.BYTES_READ).increment(read - packedReported);
    packedReported = read;
  }

  @Override
  public LineOrigin getCurrentKey() {
    return key;
  }

  @Override
  public Text getCurrentValue() {
    return value;
  }

  /** Share of the split's packed bytes read so far. */
  @Override
  public float getProgress() {
    if (done) {
      return 1f;
    }
    if (source == null || split == null || split.getLength() == 0) {
      return 0f;
    }
    return Math.min(1f, source.rangeBytesRead() / (float) split.getLength());
  }

  private void closeFolder() throws IOException {
    InputStream stream = folderStream;
    folderStream = null;
    entries = null;
    entry = null;
    if (stream != null) {
      stream.close();
    }
  }

  /** Closes the folder decoder and the archive; safe to call twice. */
  @Override
  public void close() throws IOException {
    try {
      closeFolder();
    } finally {
      if (passwords != null) {
        passwords.close();
      }
      if (source != null) {
        source.close();
      }
    }
  }
}
