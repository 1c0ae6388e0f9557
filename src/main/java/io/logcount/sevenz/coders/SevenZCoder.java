package io.logcount.sevenz.coders;

import java.util.Locale;

/**
 * One coder of a folder as the header describes it (7zFormat.txt, "Folder"): method id,
 * stream counts and properties. Which decoder it maps to is {@link SevenZCoders}' business.
 */
public final class SevenZCoder {
  private final byte[] methodId;
  private final int numInStreams;
  private final int numOutStreams;
  private final byte[] properties;

  public SevenZCoder(byte[] methodId, int numInStreams, int numOutStreams, byte[] properties) {
    this.methodId = methodId;
    this.numInStreams = numInStreams;
    this.numOutStreams = numOutStreams;
    this.properties = properties;
  }

  /** The id bytes as one big-endian number: {@code 03 01 01} is 0x030101 (Methods.txt). */
  public long methodIdValue() {
    long v = 0;
    for (byte b : methodId) {
      v = (v << 8) | (b & 0xFF);
    }
    return v;
  }

  /** The id as Methods.txt writes it, e.g. "030101". */
  String methodIdHex() {
    StringBuilder sb = new StringBuilder();
    for (byte b : methodId) {
      sb.append(String.format(Locale.ROOT, "%02X", b & 0xFF));
    }
    return sb.toString();
  }

  public int numInStreams() {
    return numInStreams;
  }

  public int numOutStreams() {
    return numOutStreams;
  }

  /** The coder's properties; not copied, callers must not modify them. */
  public byte[] properties() {
    return properties;
  }

  public boolean isSimple() {
    return numInStreams == 1 && numOutStreams == 1;
  }
}
