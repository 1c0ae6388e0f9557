package io.logcount.sevenz;


/**
 * What only the 7z record readers count; the figures every input format has are
 * {@link io.logcount.input.InputCounter}'s.
 */
public enum SevenZCounter {
  /** 7z folders (solid blocks) decoded. */
  FOLDERS,
  /** Archive entries with data read (directories and empty files have none). */
  ENTRIES
}
