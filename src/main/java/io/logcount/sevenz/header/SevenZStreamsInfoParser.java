package io.logcount.sevenz.header;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.logcount.sevenz.archive.SevenZFolderCoding;
import io.logcount.sevenz.coders.SevenZCoder;
import io.logcount.sevenz.source.SevenZFormatException;

/**
 * Parses one "Streams Info" block (7zFormat.txt: "Streams Info", "PackInfo", "Coders Info",
 * "Folder", "SubStreams Info") from a header buffer positioned just after its opening id.
 *
 * <p>Every count is checked against the bytes left before anything is sized from it, and every
 * index against the table it points into, so damaged headers fail with a
 * {@link SevenZFormatException} rather than a runtime exception or a huge allocation.
 */
final class SevenZStreamsInfoParser {
  /** 7-Zip's own bound on coders per folder and on streams per folder. */
  static final int MAX_CODERS = 64;
  static final int MAX_FOLDER_STREAMS = 64;

  private final SevenZHeaderBuffer buf;
  private final long archiveLength;
  private int[] numSubstreams;
  private long[] substreamSizes;
  private boolean[] substreamHasCrc;
  private long[] substreamCrcs;

  private SevenZStreamsInfoParser(SevenZHeaderBuffer buf, long archiveLength) {
    this.buf = buf;
    this.archiveLength = archiveLength;
  }

  /** Parses up to and including the block's kEnd. */
  static SevenZStreamsInfo parse(SevenZHeaderBuffer buf, long archiveLength)
      throws SevenZFormatException {
    return new SevenZStreamsInfoParser(buf, archiveLength).streamsInfo();
  }

  private SevenZStreamsInfo streamsInfo() throws SevenZFormatException {
    long packPos = 0;
    long[] packSizes = new long[0];
    List<SevenZFolderCoding> folders = new ArrayList<>();
    int id = buf.readByte();
    if (id == SevenZNid.PACK_INFO) {
      packPos = buf.readSize("PackPos", archiveLength);
      packSizes = packInfo();
      id = buf.readByte();
    }
    if (id == SevenZNid.UNPACK_INFO) {
      folders = unpackInfo();
      id = buf.readByte();
    }
    boolean hasSubStreamsInfo = id == SevenZNid.SUBSTREAMS_INFO;
    subStreamsInfo(folders, hasSubStreamsInfo);
    if (hasSubStreamsInfo) {
      id = buf.readByte();
    }
    if (id != SevenZNid.END) {
      throw buf.corrupt(String.format("unexpected property id 0x%02x in Streams Info", id));
    }
    return new SevenZStreamsInfo(packPos, packSizes, folders, numSubstreams, substreamSizes,
        substreamHasCrc, substreamCrcs);
  }

  /** PackInfo after PackPos: NumPackStreams, [kSize sizes], [kCRC digests], kEnd. */
  private long[] packInfo() throws SevenZFormatException {
    int n = buf.readCount("NumPackStreams", 1, Integer.MAX_VALUE - 8);
    long[] sizes = null;
    for (int id = buf.readByte(); id != SevenZNid.END; id = buf.readByte()) {
      if (id == SevenZNid.SIZE) {
        sizes = new long[n];
        for (int i = 0; i < n; i++) {
          sizes[i] = buf.readSize("PackSize", archiveLength);
        }
      } else if (id == SevenZNid.CRC) {
        digests(n, new boolean[n], new long[n]); // packed-stream CRCs: not needed to decode
      } else {
        throw buf.corrupt(String.format("unexpected property id 0x%02x in PackInfo", id));
      }
    }
    if (sizes == null && n > 0) {
      throw buf.corrupt("PackInfo lists " + n + " packed streams but no sizes");
    }
    return sizes == null ? new long[0] : sizes;
  }

  /** Coders Info: kFolder, folders, kCodersUnPackSize, sizes, [kCRC digests], kEnd. */
  private List<SevenZFolderCoding> unpackInfo() throws SevenZFormatException {
    buf.expect(SevenZNid.FOLDER, "Coders Info");
    // A folder takes at least 2 bytes: NumCoders and one coder's flag byte.
    int n = buf.readCount("NumFolders", 2, Integer.MAX_VALUE - 8);
    if (buf.readByte() != 0) {
      throw buf.corrupt("folders stored in an external data stream are not supported");
    }
    List<SevenZFolderCoding> folders = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      folders.add(folder());
    }
    buf.expect(SevenZNid.CODERS_UNPACK_SIZE, "Coders Info");
    for (SevenZFolderCoding f : folders) {
      for (int out = 0; out < f.numOutStreams(); out++) {
        f.setUnpackSize(out, buf.readSize("UnPackSize", Long.MAX_VALUE));
      }
    }
    int id = buf.readByte();
    if (id == SevenZNid.CRC) {
      boolean[] defined = new boolean[n];
      long[] crcs = new long[n];
      digests(n, defined, crcs);
      for (int i = 0; i < n; i++) {
        if (defined[i]) {
          folders.get(i).setCrc(crcs[i]);
        }
      }
      id = buf.readByte();
    }
    if (id != SevenZNid.END) {
      throw buf.corrupt(String.format("unexpected property id 0x%02x in Coders Info", id));
    }
    return folders;
  }

  /** One Folder: coders, bind pairs, packed stream indices. */
  private SevenZFolderCoding folder() throws SevenZFormatException {
    int numCoders = buf.readCount("NumCoders", 1, MAX_CODERS);
    if (numCoders == 0) {
      throw buf.corrupt("a folder has no coders");
    }
    SevenZCoder[] coders = new SevenZCoder[numCoders];
    int totalIn = 0;
    int totalOut = 0;
    for (int i = 0; i < numCoders; i++) {
      coders[i] = coder();
      totalIn += coders[i].numInStreams();
      totalOut += coders[i].numOutStreams();
    }
    if (totalIn > MAX_FOLDER_STREAMS || totalOut > MAX_FOLDER_STREAMS) {
      throw buf.corrupt("a folder has " + totalIn + " in and " + totalOut
          + " out streams (at most " + MAX_FOLDER_STREAMS + " each)");
    }
    // NumBindPairs = NumOutStreamsTotal - 1; NumPackedStreams = NumInStreamsTotal - NumBindPairs
    int numBindPairs = totalOut - 1;
    int numPacked = totalIn - numBindPairs;
    if (numPacked < 1) {
      throw buf.corrupt("a folder has " + totalIn + " in streams for " + numBindPairs
          + " bind pairs: no packed input");
    }
    int[] bindIn = new int[numBindPairs];
    int[] bindOut = new int[numBindPairs];
    boolean[] inBound = new boolean[totalIn];
    boolean[] outBound = new boolean[totalOut];
    for (int k = 0; k < numBindPairs; k++) {
      bindIn[k] = buf.readIndex("bind pair InIndex", totalIn);
      bindOut[k] = buf.readIndex("bind pair OutIndex", totalOut);
      if (inBound[bindIn[k]] || outBound[bindOut[k]]) {
        throw buf.corrupt("two bind pairs share stream " + bindIn[k] + "/" + bindOut[k]);
      }
      inBound[bindIn[k]] = true;
      outBound[bindOut[k]] = true;
    }
    int[] packed = new int[numPacked];
    if (numPacked == 1) {
      packed[0] = firstFalse(inBound);
    } else {
      for (int k = 0; k < numPacked; k++) {
        packed[k] = buf.readIndex("packed stream index", totalIn);
        if (inBound[packed[k]]) {
          throw buf.corrupt("in stream " + packed[k] + " is both packed and bound");
        }
        inBound[packed[k]] = true;
      }
    }
    return new SevenZFolderCoding(coders, bindIn, bindOut, packed, firstFalse(outBound),
        totalOut);
  }

  private static int firstFalse(boolean[] bits) {
    for (int i = 0; i < bits.length; i++) {
      if (!bits[i]) {
        return i;
      }
    }
    throw new IllegalStateException("counts guarantee an unbound stream");
  }

  /** One coder: flag byte (id size, complex, attributes), id, [stream counts], [properties]. */
  private SevenZCoder coder() throws SevenZFormatException {
    int flags = buf.readByte();
    if ((flags & 0xC0) != 0) {
      throw buf.corrupt(String.format("coder flags 0x%02x use reserved bits 6-7"
          + " (alternative methods)", flags));
    }
    int idSize = flags & 0x0F;
    if (idSize > 8) {
      throw buf.corrupt("a method id of " + idSize + " bytes (at most 8)");
    }
    byte[] id = buf.readBytes(idSize);
    int numIn = 1;
    int numOut = 1;
    if ((flags & 0x10) != 0) {
      numIn = buf.readCount("coder NumInStreams", 0, MAX_FOLDER_STREAMS);
      numOut = buf.readCount("coder NumOutStreams", 0, MAX_FOLDER_STREAMS);
      if (numIn == 0 || numOut == 0) {
        throw buf.corrupt("a coder with " + numIn + " in and " + numOut + " out streams");
      }
    }
    byte[] props = new byte[0];
    if ((flags & 0x20) != 0) {
      props = buf.readBytes(buf.readCount("coder PropertiesSize", 1, Integer.MAX_VALUE - 8));
    }
    return new SevenZCoder(id, numIn, numOut, props);
  }

  /**
   * SubStreams Info after its id, through its kEnd: [kNumUnPackStream counts], [kSize sizes],
   * [kCRC digests]. Without the block ({@code present} false), every folder is one substream.
   */
  private void subStreamsInfo(List<SevenZFolderCoding> folders, boolean present)
      throws SevenZFormatException {
    int id = present ? buf.readByte() : SevenZNid.END;
    numSubstreams = new int[folders.size()];
    Arrays.fill(numSubstreams, 1);
    if (id == SevenZNid.NUM_UNPACK_STREAM) {
      numUnpackStreams();
      id = buf.readByte();
    }
    long total = 0;
    for (int n : numSubstreams) {
      total += n;
    }
    if (total > Integer.MAX_VALUE - 8) {
      throw buf.corrupt("the folders list " + total + " substreams");
    }
    substreamSizes = new long[(int) total];
    substreamHasCrc = new boolean[(int) total];
    substreamCrcs = new long[(int) total];
    boolean hasSizes = id == SevenZNid.SIZE;
    substreamSizes(folders, hasSizes);
    if (hasSizes) {
      id = buf.readByte();
    }
    if (id == SevenZNid.CRC) {
      substreamDigests(folders, true);
      id = buf.readByte();
    } else {
      substreamDigests(folders, false);
    }
    if (id != SevenZNid.END) {
      throw buf.corrupt(String.format("unexpected property id 0x%02x in SubStreams Info", id));
    }
  }

  /** NumUnPackStreamsInFolders[NumFolders]. */
  private void numUnpackStreams() throws SevenZFormatException {
    long extra = 0;
    for (int i = 0; i < numSubstreams.length; i++) {
      numSubstreams[i] = buf.readCount("NumUnPackStream", 0, Integer.MAX_VALUE - 8);
      // Every substream but a folder's last needs a size (>= 1 byte) in kSize below.
      extra += Math.max(0, numSubstreams[i] - 1);
      if (extra > buf.remaining()) {
        throw buf.corrupt("folders list " + extra + " more substreams than the header can size");
      }
    }
  }

  /** The kSize part of SubStreams Info: a folder's last substream takes what is left. */
  private void substreamSizes(List<SevenZFolderCoding> folders, boolean present)
      throws SevenZFormatException {
    int next = 0;
    for (int i = 0; i < numSubstreams.length; i++) {
      int n = numSubstreams[i];
      if (n == 0) {
        continue;
      }
      if (n > 1 && !present) {
        throw buf.corrupt("folder " + i + " has " + n + " substreams but no kSize list");
      }
      long folderSize = folders.get(i).unpackSize();
      long sum = 0;
      for (int j = 0; j < n - 1; j++) {
        long size = buf.readSize("substream size", folderSize - sum);
        substreamSizes[next++] = size;
        sum += size;
      }
      substreamSizes[next++] = folderSize - sum;
    }
  }

  /**
   * The kCRC part of SubStreams Info, if {@code present}. A folder with exactly one substream
   * and a folder CRC has no digest here: its CRC is the folder's.
   */
  private void substreamDigests(List<SevenZFolderCoding> folders, boolean present)
      throws SevenZFormatException {
    int unknown = 0;
    for (int i = 0; i < numSubstreams.length; i++) {
      if (numSubstreams[i] != 1 || !folders.get(i).hasCrc()) {
        unknown += numSubstreams[i];
      }
    }
    boolean[] defined = new boolean[unknown];
    long[] digests = new long[unknown];
    if (present) {
      digests(unknown, defined, digests);
    }
    int next = 0;
    int nextDigest = 0;
    for (int i = 0; i < numSubstreams.length; i++) {
      SevenZFolderCoding f = folders.get(i);
      if (numSubstreams[i] == 1 && f.hasCrc()) {
        substreamHasCrc[next] = true;
        substreamCrcs[next++] = f.crc();
        continue;
      }
      for (int j = 0; j < numSubstreams[i]; j++) {
        substreamHasCrc[next] = defined[nextDigest];
        substreamCrcs[next++] = digests[nextDigest++];
      }
    }
  }

  /** Digests(n) (7zFormat.txt "Digests"): AllAreDefined or bits, then the defined CRCs. */
  private void digests(int n, boolean[] defined, long[] crcs) throws SevenZFormatException {
    boolean[] bits = buf.readAllOrBits(n);
    for (int i = 0; i < n; i++) {
      defined[i] = bits[i];
      if (bits[i]) {
        crcs[i] = buf.readUInt32();
      }
    }
  }
}
