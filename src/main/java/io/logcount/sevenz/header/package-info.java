/**
 * Reads a 7z header into an {@link io.logcount.sevenz.archive.SevenZArchive}
 * ({@link io.logcount.sevenz.header.SevenZHeaders#read}): the signature header, then the
 * header's properties by their ids (7zFormat.txt), decoding a packed header through the
 * {@code decode} layer on the way. Checks every size against the archive and the memory limit
 * before anything is allocated.
 */
package io.logcount.sevenz.header;
