package io.logcount.sevenz.header;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32;

import io.logcount.sevenz.archive.SevenZArchive;
import io.logcount.sevenz.archive.SevenZEntry;
import io.logcount.sevenz.archive.SevenZFolder;
import io.logcount.sevenz.archive.SevenZFolderCoding;
import io.logcount.sevenz.coders.SevenZCoders;
import io.logcount.sevenz.coders.SevenZLimits;
import io.logcount.sevenz.coders.SevenZPasswordException;
import io.logcount.sevenz.coders.SevenZPasswordSource;
import io.logcount.sevenz.decode.SevenZFolderDecoder;
import io.logcount.sevenz.source.ArchiveSource;
import io.logcount.sevenz.source.SevenZFormatException;

/**
 * Reads a 7z archive's header into a {@link SevenZArchive}: signature header, then the header
 * at the archive's end, unpacking {@code kEncodedHeader} headers (7zFormat.txt "HeaderInfo")
 * with the folder decoder, then "Header": streams info and files info, joined into folders and
 * entries. An encrypted header ({@code 7zz a -mhe=on}) is a packed header whose folder is
 * encrypted: the password is asked for only then.
 */
final class SevenZHeaderParser {
  /** 7-Zip packs a header once; a packed header that unpacks to another is tolerated, once more. */
  private static final int MAX_PACKED_HEADERS = 4;
  private static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

  private final ArchiveSource source;
  private final SevenZLimits limits;
  private final SevenZPasswordSource passwords;
  private final String name;
  private final long length;
  /** Packed streams lie between the signature header and the header: they end here. */
  private long dataEnd;
  /**
   * The header in hand was decrypted and had no CRC to check it: if it does not parse, the
   * password was probably wrong.
   */
  private boolean decryptedUnchecked;
  /** A header was decrypted and matched its CRC: the password is right. */
  private boolean passwordVerified;

  private SevenZHeaderParser(ArchiveSource source, SevenZLimits limits,
      SevenZPasswordSource passwords, long length) {
    this.source = source;
    this.limits = limits;
    this.passwords = passwords;
    this.name = source.name();
    this.length = length;
  }

  static SevenZArchive read(ArchiveSource source, SevenZLimits limits,
      SevenZPasswordSource passwords) throws IOException {
    return new SevenZHeaderParser(source, limits, passwords, source.length()).read();
  }

  private SevenZArchive read() throws IOException {
    SevenZSignatureHeader start = SevenZSignatureHeader.read(source, length);
    if (start.nextHeaderSize == 0) {
      // 7-Zip writes an archive with no files as a bare signature header.
      return new SevenZArchive(name, length, Collections.<SevenZFolder>emptyList(),
          Collections.<SevenZEntry>emptyList());
    }
    dataEnd = start.nextHeaderOffset;
    byte[] header = rawHeader(start);
    for (int packed = 0; ; packed++) {
      SevenZHeaderBuffer buf =
          new SevenZHeaderBuffer(name, packed == 0 ? "header" : "unpacked header", header);
      try {
        long id = buf.readId();
        if (id == SevenZNid.HEADER) {
          return header(buf);
        }
        if (id != SevenZNid.ENCODED_HEADER) {
          throw buf.corrupt(String.format(Locale.ROOT,
              "the header starts with id 0x%02x, not kHeader (01) or kEncodedHeader (17)", id));
        }
        if (packed == MAX_PACKED_HEADERS) {
          throw buf.corrupt("more than " + MAX_PACKED_HEADERS + " nested packed headers");
        }
      } catch (SevenZFormatException e) {
        if (decryptedUnchecked) {
          throw new SevenZPasswordException(SevenZCoders.Encrypted.wrongPassword(name, "its header")
              + " does not parse after decryption (" + e.getMessage() + "); "
              + SevenZCoders.Encrypted.WRONG_PASSWORD_FIX, e);
        }
        throw e;
      }
      header = unpackHeader(buf);
    }
  }

  private byte[] rawHeader(SevenZSignatureHeader start) throws IOException {
    checkHeaderSize(start.nextHeaderSize, "header");
    byte[] header = new byte[(int) start.nextHeaderSize];
    try {
      source.readFully(start.nextHeaderOffset, header, 0, header.length);
    } catch (EOFException e) {
      throw SevenZSignatureHeader.truncated(name, "the archive ended inside its header", e);
    }
    CRC32 crc = new CRC32();
    crc.update(header, 0, header.length);
    if (crc.getValue() != start.nextHeaderCrc) {
      throw new SevenZFormatException("corrupt 7z archive " + name + ": the header at byte "
          + start.nextHeaderOffset + " fails its CRC check; re-create or re-download the archive");
    }
    return header;
  }

  private void checkHeaderSize(long size, String what) throws SevenZFormatException {
    if (size > limits.maxMemoryBytes() || size > MAX_ARRAY) {
      throw new SevenZFormatException("7z archive " + name + " has a " + what + " of "
          + SevenZLimits.describeBytes(size) + ", more than the limit of " + limits.describeLimit()
          + "; " + limits.raiseHint() + " or split the archive");
    }
  }

  /** HeaderInfo: Streams Info of one folder whose output is the next header. */
  private byte[] unpackHeader(SevenZHeaderBuffer buf) throws IOException {
    SevenZStreamsInfo info = SevenZStreamsInfoParser.parse(buf, dataEnd);
    if (info.folders.size() != 1) {
      throw buf.corrupt("a packed header has " + info.folders.size() + " folders instead of 1");
    }
    String where = "the packed header of 7z archive " + name;
    List<List<SevenZEntry>> noEntries = new ArrayList<>();
    noEntries.add(new ArrayList<SevenZEntry>());
    SevenZFolder folder = layoutFolders(buf, info, noEntries, where).get(0);
    checkHeaderSize(folder.unpackSize(), "packed header that unpacks to");
    byte[] header = new byte[(int) folder.unpackSize()];
    try (DataInputStream in = new DataInputStream(SevenZFolderDecoder.open(source, where, "its header", folder,
        limits, passwords))) {
      in.readFully(header);
    }
    CRC32 crc = new CRC32();
    crc.update(header, 0, header.length);
    SevenZFolderCoding coding = folder.coding();
    if (coding.hasCrc() && crc.getValue() != coding.crc()) {
      if (folder.isEncrypted()) {
        throw new SevenZPasswordException(SevenZCoders.Encrypted.wrongPassword(name, "its header")
            + " fails its CRC check after decryption; " + SevenZCoders.Encrypted.WRONG_PASSWORD_FIX);
      }
      throw new SevenZFormatException("corrupt 7z archive " + name + ": the packed header fails"
          + " its CRC check after unpacking; re-create or re-download the archive");
    }
    decryptedUnchecked = folder.isEncrypted() && !coding.hasCrc();
    passwordVerified |= folder.isEncrypted() && coding.hasCrc();
    return header;
  }

  /** Header (7zFormat.txt "Header") after kHeader, through its kEnd. */
  private SevenZArchive header(SevenZHeaderBuffer buf) throws IOException {
    long id = buf.readId();
    if (id == SevenZNid.ARCHIVE_PROPERTIES) {
      // 7zFormat.txt "ArchiveProperties": (PropertyType, UINT64 PropertySize, data)* then kEnd.
      // No type is defined, so any is skipped by its size; types are ids, hence UINT64s like
      // every id (SevenZHeaderBuffer.readId): COMPRESS-681's archive has FF 01 00 9A 78 56 34 12 3F.
      for (long type = buf.readId(); type != SevenZNid.END; type = buf.readId()) {
        buf.skip(buf.readSize("archive property size", buf.remaining()));
      }
      id = buf.readId();
    }
    if (id == SevenZNid.ADDITIONAL_STREAMS_INFO) {
      throw buf.corrupt("additional streams (external header data) are not supported");
    }
    SevenZStreamsInfo streams = SevenZStreamsInfo.EMPTY;
    if (id == SevenZNid.MAIN_STREAMS_INFO) {
      streams = SevenZStreamsInfoParser.parse(buf, dataEnd);
      id = buf.readId();
    }
    SevenZFilesInfo files = SevenZFilesInfo.none();
    if (id == SevenZNid.FILES_INFO) {
      files = SevenZFilesInfo.parse(buf, streams.substreamSizes.length, limits);
      id = buf.readId();
    }
    if (id != SevenZNid.END) {
      throw buf.corrupt(String.format(Locale.ROOT, "unexpected property id 0x%02x in Header", id));
    }
    List<List<SevenZEntry>> perFolder = new ArrayList<>(streams.folders.size());
    for (int i = 0; i < streams.folders.size(); i++) {
      perFolder.add(new ArrayList<SevenZEntry>());
    }
    List<SevenZEntry> entries = entries(buf, streams, files, perFolder);
    List<SevenZFolder> folders = layoutFolders(buf, streams, perFolder, null);
    return new SevenZArchive(name, length, folders, entries, passwordVerified);
  }

  /**
   * Joins the file list with the substreams: the k-th file with data is the k-th substream,
   * substreams running through the folders in order (7zFormat.txt "SubStreams Info").
   */
  private static List<SevenZEntry> entries(SevenZHeaderBuffer buf, SevenZStreamsInfo streams,
      SevenZFilesInfo files, List<List<SevenZEntry>> perFolder) throws SevenZFormatException {
    List<SevenZEntry> entries = new ArrayList<>(files.numFiles);
    int folder = 0;
    int inFolder = 0;
    int sub = 0;
    long offset = 0;
    for (int i = 0; i < files.numFiles; i++) {
      if (files.emptyStream[i]) {
        // 7-Zip: a file without data is a directory unless kEmptyFile marks it as a file.
        boolean dir = !files.emptyFile[i] || files.directoryAttribute[i];
        entries.add(SevenZEntry.withoutStream(i, files.names[i], dir, files.anti[i]));
        continue;
      }
      while (folder < streams.folders.size() && inFolder == streams.numSubstreams[folder]) {
        folder++;
        inFolder = 0;
        offset = 0;
      }
      if (folder == streams.folders.size()) {
        throw buf.corrupt("file " + i + " ('" + files.names[i] + "') has data but the folders"
            + " hold only " + sub + " substreams");
      }
      long size = streams.substreamSizes[sub];
      SevenZEntry e = SevenZEntry.withStream(i, files.names[i], folder, offset, size,
          streams.substreamHasCrc[sub], streams.substreamCrcs[sub]);
      entries.add(e);
      perFolder.get(folder).add(e);
      sub++;
      inFolder++;
      offset += size;
    }
    if (sub != streams.substreamSizes.length) {
      throw buf.corrupt("the folders hold " + streams.substreamSizes.length
          + " substreams but only " + sub + " files have data");
    }
    return entries;
  }

  /**
   * Places each folder's packed streams: they follow each other from 32 + PackPos, folder by
   * folder, each folder taking as many as it has packed inputs (7zFormat.txt "PackInfo").
   *
   * @param where the folder's name in messages, or null for "archive X, folder N"
   */
  private List<SevenZFolder> layoutFolders(SevenZHeaderBuffer buf, SevenZStreamsInfo streams,
      List<List<SevenZEntry>> perFolder, String where) throws SevenZFormatException {
    if (streams.folders.isEmpty()) {
      return new ArrayList<>();
    }
    if (streams.packPos > dataEnd - SevenZSignatureHeader.SIZE) {
      throw buf.corrupt("PackPos " + streams.packPos + " points past the header's start");
    }
    long offset = SevenZSignatureHeader.SIZE + streams.packPos;
    int pack = 0;
    List<SevenZFolder> folders = new ArrayList<>(streams.folders.size());
    for (int i = 0; i < streams.folders.size(); i++) {
      SevenZFolderCoding coding = streams.folders.get(i);
      if (coding.numPackedStreams() > streams.packSizes.length - pack) {
        throw buf.corrupt("folder " + i + " needs " + coding.numPackedStreams()
            + " more packed streams but PackInfo lists " + streams.packSizes.length);
      }
      long size = 0;
      for (int k = 0; k < coding.numPackedStreams(); k++) {
        size += streams.packSizes[pack++];
        if (size > dataEnd - offset) {
          throw buf.corrupt("the packed data of folder " + i + " runs past byte " + dataEnd
              + ", where the header starts: the archive is truncated or its header corrupt");
        }
      }
      String w = where != null ? where : SevenZFolder.where(name, i);
      folders.add(new SevenZFolder(i, offset, size, coding, perFolder.get(i), w));
      offset += size;
    }
    return folders;
  }

}
