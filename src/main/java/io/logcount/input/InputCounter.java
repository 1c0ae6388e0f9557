package io.logcount.input;

/**
 * What the record readers of every input format read; the job summary's input figures come
 * from these. A format adds its own counters for what only it has (7z: folders and entries); this
 * package names none of them, since every format sits above it.
 */
public enum InputCounter {
  /** Splits read to the end (failed attempts are not counted by the framework). */
  SPLITS,
  /** Plain or compressed files (not 7z archives: the 7z format counts its own, {@code sevenz.SevenZCounter}) read from their first byte. */
  FILES,
  /** Packed (compressed) bytes read from the input files; plain text counts its bytes. */
  PACKED_BYTES,
  /** Uncompressed bytes of the entries read. */
  UNCOMPRESSED_BYTES,
  /** Lines delivered to the mappers, blank and malformed ones included. */
  LINES,
  /**
   * Compressed blocks skipped as corrupt under skip-corrupt: a 7z folder or folder piece, or
   * the rest of a compressed stream or block of another format.
   */
  CORRUPT_BLOCKS,
  /** Packed bytes of the skipped corrupt blocks. */
  CORRUPT_PACKED_BYTES,
  /**
   * Lines read from a block before its damage was detected (they were passed on: a stream
   * decoder finds damage where it is, and the reader never holds a block back).
   */
  LINES_BEFORE_CORRUPTION
}
