package io.logcount.sevenz.decode;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;

import io.logcount.sevenz.archive.SevenZArchive;
import io.logcount.sevenz.archive.SevenZFolder;
import io.logcount.sevenz.archive.SevenZFolderCoding;
import io.logcount.sevenz.coders.SevenZCoder;
import io.logcount.sevenz.coders.SevenZCoders;
import io.logcount.sevenz.coders.SevenZLimits;
import io.logcount.sevenz.coders.SevenZPassword;
import io.logcount.sevenz.coders.SevenZPasswordSource;
import io.logcount.sevenz.source.ArchiveSource;
import io.logcount.sevenz.source.SevenZFormatException;

/**
 * Decodes one folder: reads its packed bytes through {@link ArchiveSource#openRange} and
 * chains one decoder per coder, from the coder that reads the packed stream to the one that
 * writes the folder's output (7zFormat.txt "Folder": bind pairs connect them).
 *
 * <p>Memory stays bounded: the decoders' own state (the dictionary, checked against the limit
 * before anything is allocated) plus fixed buffers; neither a folder nor an entry is ever held
 * in memory.
 */
public final class SevenZFolderDecoder {
  /** Buffer in front of the packed bytes: the LZMA decoders read them one at a time. */
  static final int INPUT_BUFFER_BYTES = 64 << 10;

  private SevenZFolderDecoder() {
  }

  /**
   * The folder's unpacked bytes, exactly {@link SevenZFolder#unpackSize()} of them, streamed
   * in bounded memory. Checks what {@link #check} checks before allocating anything. Read
   * errors (corrupt or truncated packed data, decoder failures) surface as
   * {@link SevenZFormatException}s naming the archive, folder and methods. Closing the stream
   * does not close {@code source}. An encrypted folder fails: use the overload with a password.
   *
   * @throws SevenZFormatException if the folder cannot be decoded (see {@link #check}) or its
   *     first packed bytes are already corrupt
   */
  public static InputStream open(ArchiveSource source, SevenZArchive archive, SevenZFolder folder,
      SevenZLimits limits) throws IOException {
    return open(source, archive, folder, limits, SevenZPasswordSource.NONE);
  }

  /**
   * {@link #open(ArchiveSource, SevenZArchive, SevenZFolder, SevenZLimits)} for a folder that may
   * be encrypted ({@link SevenZFolder#isEncrypted()}): {@code passwords} is asked only then. A
   * missing password, and any decoding failure of an encrypted folder (which is what a wrong
   * password causes), is a {@link SevenZFormatException} that says so.
   */
  public static InputStream open(ArchiveSource source, SevenZArchive archive, SevenZFolder folder,
      SevenZLimits limits, SevenZPasswordSource passwords) throws IOException {
    checkBelongs(archive, folder);
    return open(source, SevenZFolder.where(archive.name(), folder.index()),
        "folder " + folder.index(), folder, limits, passwords, archive.passwordVerified());
  }

  /**
   * Checks, without reading any packed data, that {@link #open} can decode the folder: every
   * method is supported (not PPMd, BCJ2 or unknown), the coders form one chain, and
   * {@link SevenZFolder#decoderMemoryBytes()} is within {@code limits}. Lets a job refuse an
   * archive when it plans its splits rather than in a failed task. An encrypted folder passes:
   * whether its password is at hand and right shows only when it is opened.
   */
  public static void check(SevenZArchive archive, SevenZFolder folder, SevenZLimits limits)
      throws SevenZFormatException {
    checkBelongs(archive, folder);
    check(SevenZFolder.where(archive.name(), folder.index()), folder, limits);
  }

  private static void checkBelongs(SevenZArchive archive, SevenZFolder folder) {
    int i = folder.index();
    if (i >= archive.folders().size() || archive.folders().get(i) != folder) {
      throw new IllegalArgumentException(folder + " is not a folder of " + archive);
    }
  }

  static void check(String where, SevenZFolder folder, SevenZLimits limits)
      throws SevenZFormatException {
    SevenZFolderCoding coding = folder.coding();
    for (int i = 0; i < coding.numCoders(); i++) {
      SevenZCoders.forCoder(coding.coder(i)).checkSupported(where);
    }
    if (coding.decodingChain() == null) {
      throw new SevenZFormatException("unsupported coder graph in " + where + " ("
          + folder.methods() + "): only chains of one-input coders are decoded;"
          + " recompress with -m0=LZMA2");
    }
    if (folder.decoderMemoryBytes() > limits.maxMemoryBytes()) {
      throw new SevenZFormatException("not enough memory to decode " + where + " ("
          + folder.methods() + "): its decoder needs "
          + SevenZLimits.describeBytes(folder.decoderMemoryBytes()) + ", more than the limit of "
          + limits.describeLimit() + "; "
          + limits.raiseHint() + " or recompress with a smaller dictionary"
          + " (e.g. 7zz a -m0=LZMA2:d=16m)");
    }
  }

  /**
   * {@link #open} for any folder, including a packed header's: {@code where} names it in
   * messages ("7z archive X, folder N"), {@code part} in password messages ("folder N", "its
   * header").
   */
  public static InputStream open(ArchiveSource source, String where, String part, SevenZFolder folder,
      SevenZLimits limits, SevenZPasswordSource passwords) throws IOException {
    return open(source, where, part, folder, limits, passwords, false);
  }

  /**
   * @param passwordVerified the password decrypted the header (see
   *     {@link SevenZArchive#passwordVerified()}): failures are then corruption, not a wrong
   *     password
   */
  private static InputStream open(ArchiveSource source, String where, String part,
      SevenZFolder folder, SevenZLimits limits, SevenZPasswordSource passwords,
      boolean passwordVerified) throws IOException {
    check(where, folder, limits);
    SevenZFolderCoding coding = folder.coding();
    SevenZPassword password = null;
    String wrongPassword = null;
    if (folder.isEncrypted()) {
      password = passwords.password();
      if (password == null) {
        throw SevenZCoders.Encrypted.missingPassword(source.name(), part);
      }
      wrongPassword = passwordVerified ? null
          : SevenZCoders.Encrypted.wrongPassword(source.name(), part);
    }
    InputStream in = new BufferedInputStream(
        source.openRange(folder.packedOffset(), folder.packedSize()), INPUT_BUFFER_BYTES);
    try {
      for (int c : coding.decodingChain()) {
        SevenZCoder coder = coding.coder(c);
        SevenZCoders.Method method = SevenZCoders.forCoder(coder);
        in = method.decode(in, coder.properties(), coding.coderUnpackSize(c), where,
            method.needsPassword() ? password : null);
      }
    } catch (IOException | RuntimeException e) {
      closeQuietly(in, e);
      throw SevenZFolderInputStream.decodeError(where, folder.methods(), wrongPassword, e);
    }
    return new SevenZFolderInputStream(in, folder.unpackSize(), where, folder.methods(),
        wrongPassword);
  }

  /**
   * The bytes of a splittable LZMA2 folder ({@link Lzma2Blocks#isSplittable}) from one of its
   * dictionary resets to the folder's end: a fresh LZMA2 decoder started at the reset's chunk
   * produces exactly the folder's output from {@code reset.unpackedOffset()} on. Encrypted
   * folders are never splittable, so this needs no password.
   */
  public static InputStream openAt(ArchiveSource source, SevenZArchive archive, SevenZFolder folder,
      Lzma2Blocks.Reset reset, SevenZLimits limits) throws IOException {
    checkBelongs(archive, folder);
    String where = SevenZFolder.where(archive.name(), folder.index());
    check(where, folder, limits);
    if (!Lzma2Blocks.isSplittable(folder)) {
      throw new IllegalArgumentException(where + " (" + folder.methods() + ") cannot start mid-stream");
    }
    if (reset.packedOffset() == 0) {
      return open(source, where, "folder " + folder.index(), folder, limits,
          SevenZPasswordSource.NONE);
    }
    SevenZCoder coder = folder.coding().coder(0);
    long remaining = folder.unpackSize() - reset.unpackedOffset();
    InputStream in = new BufferedInputStream(source.openRange(folder.packedOffset() + reset.packedOffset(),
        folder.packedSize() - reset.packedOffset()), INPUT_BUFFER_BYTES);
    try {
      // The folder's full size, not the remainder, sizes the dictionary as for open().
      in = SevenZCoders.forCoder(coder).decode(in, coder.properties(), folder.unpackSize(), where);
    } catch (IOException | RuntimeException e) {
      closeQuietly(in, e);
      throw SevenZFolderInputStream.decodeError(where, folder.methods(), e);
    }
    return new SevenZFolderInputStream(in, remaining, where, folder.methods());
  }

  private static void closeQuietly(InputStream in, Exception pending) {
    try {
      in.close();
    } catch (IOException | RuntimeException e) {
      pending.addSuppressed(e);
    }
  }
}
