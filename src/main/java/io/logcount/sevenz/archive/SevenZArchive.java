package io.logcount.sevenz.archive;

import java.util.Collections;
import java.util.List;


/**
 * The parsed header of one 7z archive: its folders (independently decodable runs of packed
 * data) and its entries (files, empty files, directories), both in header order. Immutable;
 * it holds no open resources. Read one with {@link #read}, then decode folders with
 * {@code SevenZFolderDecoder}.
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

  public SevenZArchive(String name, long length, List<SevenZFolder> folders, List<SevenZEntry> entries) {
    this(name, length, folders, entries, false);
  }

  public SevenZArchive(String name, long length, List<SevenZFolder> folders, List<SevenZEntry> entries,
      boolean passwordVerified) {
    this.name = name;
    this.length = length;
    this.folders = Collections.unmodifiableList(folders);
    this.entries = Collections.unmodifiableList(entries);
    this.passwordVerified = passwordVerified;
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
