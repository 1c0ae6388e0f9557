package io.logcount.sevenz.header;

/** Property ids of the 7z header (7zFormat.txt, "Property IDs"). */
public final class SevenZNid {
  public static final int END = 0x00;
  static final int HEADER = 0x01;
  static final int ARCHIVE_PROPERTIES = 0x02;
  static final int ADDITIONAL_STREAMS_INFO = 0x03;
  static final int MAIN_STREAMS_INFO = 0x04;
  static final int FILES_INFO = 0x05;
  public static final int PACK_INFO = 0x06;
  public static final int UNPACK_INFO = 0x07;
  static final int SUBSTREAMS_INFO = 0x08;
  public static final int SIZE = 0x09;
  public static final int CRC = 0x0A;
  public static final int FOLDER = 0x0B;
  public static final int CODERS_UNPACK_SIZE = 0x0C;
  static final int NUM_UNPACK_STREAM = 0x0D;
  static final int EMPTY_STREAM = 0x0E;
  static final int EMPTY_FILE = 0x0F;
  static final int ANTI = 0x10;
  static final int NAME = 0x11;
  static final int WIN_ATTRIBUTES = 0x15;
  public static final int ENCODED_HEADER = 0x17;
  static final int DUMMY = 0x19;

  private SevenZNid() {
  }
}
