package io.logcount.sevenz;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.logcount.sevenz.archive.SevenZArchive;
import io.logcount.sevenz.archive.SevenZEntry;
import io.logcount.sevenz.decode.Lzma2Blocks;
import io.logcount.sevenz.source.SevenZFormatException;

/**
 * The sidecar index of one archive ({@code ARCHIVE.7z.idx}): for each splittable LZMA2 folder,
 * its dictionary resets ({@link Lzma2Blocks}), so that the job client can split inside a huge
 * solid folder without reading it. Written by {@code logcount index}, like hadoop-lzo's
 * {@code .lzo.index}.
 *
 * <p>The archive's length and modification time are recorded with it: an index that does not
 * match the archive beside it describes another archive and must not be trusted. The format is
 * text, one fact per line, so an index can be read with {@code cat}:
 * <pre>
 * logcount-7z-index 1
 * archive-length 1214860
 * archive-mtime 1764069420000
 * folder 0 resets 8
 * 0 0 0                (packed offset in folder, unpacked offset in folder, entry index in folder)
 * 151234 1048576 0
 * ...
 * </pre>
 */
public final class SevenZIndex {

  /** File name suffix of an index, after the archive's own name. */
  public static final String SUFFIX = ".idx";

  private static final String MAGIC = "logcount-7z-index 1";

  private final long archiveLength;
  private final long archiveModificationTime;
  private final Map<Integer, List<Lzma2Blocks.Reset>> resets;

  public SevenZIndex(long archiveLength, long archiveModificationTime,
      Map<Integer, List<Lzma2Blocks.Reset>> resets) {
    this.archiveLength = archiveLength;
    this.archiveModificationTime = archiveModificationTime;
    this.resets = Collections.unmodifiableMap(new TreeMap<>(resets));
  }

  /** Length of the archive the index describes. */
  public long archiveLength() {
    return archiveLength;
  }

  /** Modification time (ms) of the archive the index describes. */
  public long archiveModificationTime() {
    return archiveModificationTime;
  }

  /** The folders with recorded resets, by folder index. */
  public Map<Integer, List<Lzma2Blocks.Reset>> folders() {
    return resets;
  }

  /** The resets of one folder, first (offset 0) included; empty if the folder is not indexed. */
  public List<Lzma2Blocks.Reset> resets(int folder) {
    List<Lzma2Blocks.Reset> r = resets.get(folder);
    return r == null ? Collections.<Lzma2Blocks.Reset>emptyList() : r;
  }

  /** Writes the index as text (UTF-8); the caller makes it atomic (temp file + rename). */
  public void write(OutputStream out, SevenZArchive archive) throws IOException {
    Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
    w.write(MAGIC + "\n");
    w.write("archive-length " + archiveLength + "\n");
    w.write("archive-mtime " + archiveModificationTime + "\n");
    for (Map.Entry<Integer, List<Lzma2Blocks.Reset>> e : resets.entrySet()) {
      w.write("folder " + e.getKey() + " resets " + e.getValue().size() + "\n");
      List<SevenZEntry> entries = archive == null ? null : archive.folders().get(e.getKey()).entries();
      for (Lzma2Blocks.Reset r : e.getValue()) {
        w.write(r.packedOffset() + " " + r.unpackedOffset() + " " + entryAt(entries, r.unpackedOffset()) + "\n");
      }
    }
    w.flush();
  }

  private static int entryAt(List<SevenZEntry> entries, long unpackedOffset) {
    if (entries == null) {
      return -1;
    }
    for (int i = entries.size() - 1; i >= 0; i--) {
      if (entries.get(i).offsetInFolder() <= unpackedOffset) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Reads an index written by {@link #write}.
   *
   * @throws SevenZFormatException naming {@code name} if the text is not a valid index
   */
  public static SevenZIndex read(InputStream in, String name) throws IOException {
    BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    try {
      if (!MAGIC.equals(r.readLine())) {
        throw bad(name, "it does not start with '" + MAGIC + "'");
      }
      long length = Long.parseLong(field(r.readLine(), "archive-length", name));
      long mtime = Long.parseLong(field(r.readLine(), "archive-mtime", name));
      Map<Integer, List<Lzma2Blocks.Reset>> resets = new TreeMap<>();
      String line;
      while ((line = r.readLine()) != null) {
        String[] f = line.split(" ");
        if (f.length != 4 || !"folder".equals(f[0]) || !"resets".equals(f[2])) {
          throw bad(name, "expected 'folder N resets K', got '" + line + "'");
        }
        int folder = Integer.parseInt(f[1]);
        int count = Integer.parseInt(f[3]);
        List<Lzma2Blocks.Reset> list = new ArrayList<>();
        long lastPacked = -1;
        long lastUnpacked = -1;
        for (int i = 0; i < count; i++) {
          String row = r.readLine();
          String[] v = row == null ? new String[0] : row.split(" ");
          if (v.length != 3) {
            throw bad(name, "folder " + folder + " lists fewer than its " + count + " resets");
          }
          long packed = Long.parseLong(v[0]);
          long unpacked = Long.parseLong(v[1]);
          if (packed <= lastPacked || unpacked <= lastUnpacked) {
            throw bad(name, "folder " + folder + " resets are not in increasing order");
          }
          lastPacked = packed;
          lastUnpacked = unpacked;
          list.add(new Lzma2Blocks.Reset(packed, unpacked));
        }
        if (list.isEmpty() || list.get(0).packedOffset() != 0 || list.get(0).unpackedOffset() != 0) {
          throw bad(name, "folder " + folder + " does not start with the reset at offset 0");
        }
        resets.put(folder, list);
      }
      return new SevenZIndex(length, mtime, resets);
    } catch (NumberFormatException e) {
      throw bad(name, "a number is malformed (" + e.getMessage() + ")");
    }
  }

  private static String field(String line, String key, String name) throws SevenZFormatException {
    if (line == null || !line.startsWith(key + " ")) {
      throw bad(name, "expected '" + key + " N', got '" + line + "'");
    }
    return line.substring(key.length() + 1);
  }

  private static SevenZFormatException bad(String name, String why) {
    return new SevenZFormatException("invalid 7z index " + name + ": " + why
        + "; delete it and run 'logcount index' again");
  }
}
