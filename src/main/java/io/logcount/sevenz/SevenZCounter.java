package io.logcount.sevenz;

/** What the 7z record readers read; the job summary's input figures come from these. */
public enum SevenZCounter {
  /** Splits read to the end (failed attempts are not counted by the framework). */
  SPLITS,
  /** 7z folders (solid blocks) decoded. */
  FOLDERS,
  /** Archive entries with data read (directories and empty files have none). */
  ENTRIES,
  /** Packed (compressed) bytes read from the archives' folders. */
  PACKED_BYTES,
  /** Uncompressed bytes of the entries read. */
  UNCOMPRESSED_BYTES,
  /** Lines delivered to the mappers, blank and malformed ones included. */
  LINES,
  /** Folders (or folder pieces) skipped as corrupt under {@code logcount.sevenz.skip-corrupt}. */
  CORRUPT_FOLDERS,
  /** Packed bytes of the skipped corrupt folders (or pieces). */
  CORRUPT_PACKED_BYTES,
  /**
   * Lines read from a folder before its damage was detected (they were passed on: a stream
   * decoder finds damage where it is, and the reader never holds a folder back).
   */
  LINES_BEFORE_CORRUPTION
}
