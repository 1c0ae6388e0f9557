package io.logcount.sevenz;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapreduce.InputSplit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.logcount.input.BoundedLineReader;
import io.logcount.input.CorruptInput;
import io.logcount.input.InputCounter;
import io.logcount.input.LineOrigin;
import io.logcount.input.LineRecordReaderBase;
import io.logcount.sevenz.archive.SevenZArchive;
import io.logcount.sevenz.archive.SevenZEntry;
import io.logcount.sevenz.archive.SevenZFolder;
import io.logcount.sevenz.coders.SevenZCoders;
import io.logcount.sevenz.coders.SevenZLimits;
import io.logcount.sevenz.coders.SevenZPasswordException;
import io.logcount.sevenz.decode.Lzma2Blocks;
import io.logcount.sevenz.decode.SevenZFolderDecoder;
import io.logcount.sevenz.header.SevenZHeaders;
import io.logcount.sevenz.source.ArchiveSource;
import io.logcount.sevenz.source.ArchiveSources;
import io.logcount.sevenz.source.SevenZFormatException;

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
 * data, and overwritten when the reader closes. Records, counters, skips and progress:
 * {@link LineRecordReaderBase}; a skipped unit here is one folder.
 */
public class SevenZRecordReader extends LineRecordReaderBase {

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

  /** Sets {@link CorruptInput#SKIP_CORRUPT}. */
  public static void setSkipCorrupt(Configuration conf, boolean skip) {
    CorruptInput.setSkipCorrupt(conf, skip);
  }

  /** {@link CorruptInput#SKIP_CORRUPT}, or its old name {@link #SKIP_CORRUPT}. */
  public static boolean getSkipCorrupt(Configuration conf) {
    return CorruptInput.getSkipCorrupt(conf);
  }

  private SevenZSplit split;
  private ArchiveSource source;
  private SevenZArchive archive;
  private SevenZLimits limits;
  private SevenZPasswords.Loader passwords;

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

  @Override
  protected void open(InputSplit genericSplit, Configuration conf) throws IOException {
    this.split = (SevenZSplit) genericSplit;
    this.limits = SevenZInputFormat.getLimits(conf);
    passwords = SevenZPasswords.loader(conf);
    source = ArchiveSources.open(split.getPath(), conf); // a volume set for name.7z.001
    if (source.length() != split.getArchiveLength()) {
      throw new SevenZFormatException(source.name() + " changed after the job was planned: it had "
          + split.getArchiveLength() + " bytes and now has " + source.length() + "; rerun the job");
    }
    archive = SevenZHeaders.read(source, limits, passwords);
    nextFolder = split.getFirstFolder();
    endFolder = nextFolder + split.getFolderCount();
    if (nextFolder < 0 || endFolder > archive.folders().size()) {
      throw new SevenZFormatException(source.name() + " has " + archive.folders().size()
          + " folders but the split asks for " + split + "; the archive changed, rerun the job");
    }
    if (split.isPiece()) {
      openPiece();
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

  /** Data errors inside a folder; never a header (no folder is known yet) or a password. */
  @Override
  protected boolean skippable(IOException failure) {
    return folder != null && !SevenZPasswordException.isCauseOf(failure);
  }

  /** Skips the current folder; a piece (one folder's part) ends after the report. */
  @Override
  protected long skipDamaged(IOException cause) {
    SevenZFolder bad = folder;
    long packed = split.isPiece() ? split.getLength() : bad.packedSize();
    LOG.warn("Skipping corrupt folder {} of {} ({} packed bytes), as {} is set: {}", bad.index(),
        source.name(), packed, CorruptInput.SKIP_CORRUPT, cause.getMessage());
    try {
      closeFolder();
    } catch (IOException | RuntimeException e) {
      cause.addSuppressed(e);
    }
    folder = null;
    key.setCorruptFolder(source.name(), bad.index());
    return packed;
  }

  @Override
  protected boolean endsAfterSkip() {
    return split.isPiece();
  }

  /** Failures arrive described ({@link #nextLine}, the header and password checks name themselves). */
  @Override
  protected IOException describe(IOException e) {
    return e;
  }

  @Override
  protected String where() {
    if (entry != null) {
      return where(entry) + " at entry byte " + lines.bytesRead();
    }
    String name = source == null ? String.valueOf(split) : source.name();
    return folder == null ? name : name + " folder " + folder.index() + " (" + folder.methods() + ")";
  }

  @Override
  protected boolean readLine() throws IOException {
    while (true) {
      if (entry != null) {
        if (nextLine()) {
          if (skipFirstLine) {
            skipFirstLine = false; // owned by the previous piece, which reads past its end
            continue;
          }
          // Past the owned end: the next piece owns this line and everything after it.
          return entry.offsetInFolder() + lines.lineOffset() <= ownedEnd;
        }
        finishEntry();
      }
      if (entries != null && entries.hasNext()) {
        startEntry(entries.next());
        continue;
      }
      if (split.isPiece() || !openNextFolder()) {
        return false;
      }
    }
  }

  @Override
  protected void onFinish() {
    if (split.isPiece()) {
      // Pieces read overlapping bytes; count each folder byte once, in the piece that owns it.
      context.getCounter(InputCounter.UNCOMPRESSED_BYTES).increment(ownedEnd - split.getUnpackStart());
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
      startUnit();
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

  @Override
  protected long packedRead() {
    return source == null ? 0 : source.rangeBytesRead();
  }

  @Override
  protected long packedLength() {
    return split == null ? 0 : split.getLength();
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
