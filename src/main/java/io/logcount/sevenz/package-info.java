/**
 * 7z archives as Hadoop input: {@link io.logcount.sevenz.SevenZInputFormat} (splits at folders
 * and at indexed LZMA2 dictionary resets), {@link io.logcount.sevenz.SevenZSplit},
 * {@link io.logcount.sevenz.SevenZRecordReader}, the sidecar index
 * ({@link io.logcount.sevenz.SevenZIndex}, {@link io.logcount.sevenz.SevenZIndexFiles}) and the
 * passwords of encrypted archives. The format itself lies in layers below, each knowing only
 * the ones under it: {@code header} (parsers) over {@code decode} (a folder's decoder chain)
 * over {@code archive} (what a header says) over {@code coders} (one class per 7z method) over
 * {@code source} (an archive's bytes).
 */
package io.logcount.sevenz;
