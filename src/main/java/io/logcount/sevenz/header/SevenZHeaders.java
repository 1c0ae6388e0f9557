package io.logcount.sevenz.header;

import java.io.IOException;

import io.logcount.sevenz.archive.SevenZArchive;
import io.logcount.sevenz.coders.SevenZLimits;
import io.logcount.sevenz.coders.SevenZPasswordSource;
import io.logcount.sevenz.decode.SevenZFolderDecoder;
import io.logcount.sevenz.source.ArchiveSource;
import io.logcount.sevenz.source.SevenZFormatException;

/**
 * Where a {@link SevenZArchive} comes from: its header, read and checked ({@link SevenZHeaderParser}).
 */
public final class SevenZHeaders {

  private SevenZHeaders() {
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
}
