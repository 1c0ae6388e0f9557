package io.logcount.sevenz;

import java.io.IOException;
import java.util.Collections;
import java.util.List;

/**
 * The parsed header of one 7z archive: its folders (independently decodable runs of packed
 * data) and its entries (files, empty files, directories), both in header order. Immutable;
 * it holds no open resources. Read one with {@link #read}, then decode folders with
 * {@link SevenZFolderDecoder}.
 *
 * <p>The header is parsed here rather than through commons-compress' {@code SevenZFile},
 * whose folder layout is package-private and which re-decodes a solid folder for each entry:
 * splitting an archive by folder needs the layout.
 */
public final class SevenZArchive {
  private final String name;
  private final long length;
  private final List<SevenZFolder> folders;
  private final List<SevenZEntry> entries;
  private final boolean passwordVerified;

  SevenZArchive(String name, long length, List<SevenZFolder> folders, List<SevenZEntry> entries) {
    this(name, length, folders, entries, false);
  }

  SevenZArchive(String name, long length, List<SevenZFolder> folders, List<SevenZEntry> entries,
      boolean passwordVerified) {
    this.name = name;
    this.length = length;
    this.folders = Collections.unmodifiableList(folders);
    this.entries = Collections.unmodifiableList(entries);
    this.passwordVerified = passwordVerified;
  }

  /**
   * Reads and checks the archive's header, decoding a packed ({@code kEncodedHeader}) header
   * on the way. Reads only the signature header, the header and, if packed, the header's
   * packed bytes.
   *
   * @throws SevenZFormatException if the source is not a 7z archive, is truncated or corrupt,
   *     has an encrypted header, or its header exceeds {@code limits}
   */
  public static SevenZArchive read(ArchiveSource source, SevenZLimits limits) throws IOException {
    return read(source, limits, SevenZPasswordSource.NONE);
  }

  /**
   * {@link #read(ArchiveSource, SevenZLimits)} for an archive whose header may be encrypted
   * ({@code 7zz a -p -mhe=on}): {@code passwords} is asked only if it is. A missing or wrong
   * password is a {@link SevenZFormatException} that says so. Encrypted folders are decoded
   * later, with {@link SevenZFolderDecoder}.
   */
  public static SevenZArchive read(ArchiveSource source, SevenZLimits limits,
      SevenZPasswordSource passwords) throws IOException {
    return SevenZHeaderParser.read(source, limits, passwords);
  }

  /**
   * True if the header was encrypted and decrypted to bytes that match its CRC: the password
   * is then known to be right (7-Zip encrypts header and folders with the same one), and an
   * encrypted folder that does not decode is corrupt, not a sign of a wrong password.
   */
  public boolean passwordVerified() {
    return passwordVerified;
  }

  /** The source's name, used in every message. */
  public String name() {
    return name;
  }

  /** Length of the archive in bytes. */
  public long length() {
    return length;
  }

  /** The folders in header order; {@code folders().get(i).index() == i}. */
  public List<SevenZFolder> folders() {
    return folders;
  }

  /** All entries in header order: files with data, empty files and directories. */
  public List<SevenZEntry> entries() {
    return entries;
  }

  @Override
  public String toString() {
    return "SevenZArchive[" + name + ", " + length + " bytes, " + folders.size() + " folders, "
        + entries.size() + " entries]";
  }
}
