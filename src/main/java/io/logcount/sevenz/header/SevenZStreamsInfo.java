package io.logcount.sevenz.header;

import java.util.Collections;
import java.util.List;

import io.logcount.sevenz.archive.SevenZFolderCoding;

/**
 * What one "Streams Info" block of a 7z header says (7zFormat.txt): where the packed streams
 * are, how each folder is coded, and how each folder's output splits into substreams (one per
 * file with data). Substream arrays are flat, in folder order.
 */
final class SevenZStreamsInfo {
  /** No streams: a header without MainStreamsInfo. */
  static final SevenZStreamsInfo EMPTY = new SevenZStreamsInfo(0, new long[0],
      new java.util.ArrayList<SevenZFolderCoding>(), new int[0], new long[0], new boolean[0],
      new long[0]);

  /** Offset of the first packed stream, counted from the end of the 32-byte signature header. */
  final long packPos;
  final long[] packSizes;
  final List<SevenZFolderCoding> folders;
  final int[] numSubstreams;
  final long[] substreamSizes;
  final boolean[] substreamHasCrc;
  final long[] substreamCrcs;

  SevenZStreamsInfo(long packPos, long[] packSizes, List<SevenZFolderCoding> folders,
      int[] numSubstreams, long[] substreamSizes, boolean[] substreamHasCrc,
      long[] substreamCrcs) {
    this.packPos = packPos;
    this.packSizes = packSizes;
    this.folders = Collections.unmodifiableList(folders);
    this.numSubstreams = numSubstreams;
    this.substreamSizes = substreamSizes;
    this.substreamHasCrc = substreamHasCrc;
    this.substreamCrcs = substreamCrcs;
  }
}
