package io.logcount.sevenz.coders;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

import org.apache.commons.compress.compressors.bzip2.BZip2CompressorInputStream;
import org.apache.commons.compress.compressors.deflate64.Deflate64CompressorInputStream;
import org.tukaani.xz.ARM64Options;
import org.tukaani.xz.ARMOptions;
import org.tukaani.xz.ARMThumbOptions;
import org.tukaani.xz.ArrayCache;
import org.tukaani.xz.DeltaInputStream;
import org.tukaani.xz.FilterOptions;
import org.tukaani.xz.IA64Options;
import org.tukaani.xz.LZMA2InputStream;
import org.tukaani.xz.LZMAInputStream;
import org.tukaani.xz.PowerPCOptions;
import org.tukaani.xz.RISCVOptions;
import org.tukaani.xz.SPARCOptions;
import org.tukaani.xz.UnsupportedOptionsException;
import org.tukaani.xz.X86Options;

import io.logcount.sevenz.source.SevenZFormatException;

/**
 * The 7z methods this reader knows, by method id (Methods.txt): one small strategy per method
 * that names it, sizes its memory from its properties, and wraps a decoder around its input.
 * Methods that are recognised but not decoded (PPMd, BCJ2) have entries that refuse with a
 * message saying what to do. 7zAES ({@link Encrypted}) is the one method that needs more than
 * its properties: the archive's password, which the folder decoder obtains and passes in.
 *
 * <p>Every decoder here is a 1-in/1-out stream; {@code SevenZFolderDecoder} chains them.
 */
public final class SevenZCoders {

  /** One 7z method. {@code where} names the folder in messages: "7z archive X, folder N". */
  public abstract static class Method {
    private final String name;

    Method(String name) {
      this.name = name;
    }

    final String name() {
      return name;
    }

    /** Name plus the properties people tune, e.g. "LZMA2:16m", "Delta:4". Never throws. */
    public String describe(byte[] props) {
      return name;
    }

    /** Bytes the decoder allocates, from its properties alone (nothing is allocated here). */
    public long memoryBytes(byte[] props, long unpackSize, String where) throws SevenZFormatException {
      return 0;
    }

    /** Throws if this method cannot be decoded at all. */
    public void checkSupported(String where) throws SevenZFormatException {
    }

    /** Wraps the decoder around {@code in}, which yields this coder's packed input. */
    public abstract InputStream decode(InputStream in, byte[] props, long unpackSize, String where)
        throws IOException;

    /** True for a method that needs the archive's password (7zAES). */
    public boolean needsPassword() {
      return false;
    }

    /**
     * {@link #decode(InputStream, byte[], long, String)} given the archive's password, which is
     * null unless {@link #needsPassword()}.
     */
    public InputStream decode(InputStream in, byte[] props, long unpackSize, String where,
        SevenZPassword password) throws IOException {
      return decode(in, props, unpackSize, where);
    }
  }

  /**
   * The password's alias in Hadoop credential providers, named in messages; read and documented
   * by {@code SevenZPasswords}.
   */
  public static final String PASSWORD_ALIAS = "logcount.sevenz.password";

  private static final Map<Long, Method> METHODS = new HashMap<>();
  /** BZip2's decoder tables for its largest (900k) block. */
  private static final long BZIP2_MEMORY = 900_000L * 5 + (256L << 10);
  private static final byte[] ONE_ZERO_BYTE = new byte[1];

  static {
    register(new Simple("Copy", 0, in -> in), 0x00L);
    register(new Lzma2(), 0x21L);
    register(new Lzma(), 0x030101L);
    register(new Delta(), 0x03L);
    // Branch filters, under their 7z ids (03 03 ..) and the short ids Methods.txt shares with xz.
    register(bcj("BCJ", X86Options::new, X86Options::setStartOffset), 0x03030103L, 0x04L);
    register(bcj("PPC", PowerPCOptions::new, PowerPCOptions::setStartOffset), 0x03030205L, 0x05L);
    register(bcj("IA64", IA64Options::new, IA64Options::setStartOffset), 0x03030401L, 0x06L);
    register(bcj("ARM", ARMOptions::new, ARMOptions::setStartOffset), 0x03030501L, 0x07L);
    register(bcj("ARMT", ARMThumbOptions::new, ARMThumbOptions::setStartOffset), 0x03030701L,
        0x08L);
    register(bcj("SPARC", SPARCOptions::new, SPARCOptions::setStartOffset), 0x03030805L, 0x09L);
    register(bcj("ARM64", ARM64Options::new, ARM64Options::setStartOffset), 0x0AL);
    register(bcj("RISCV", RISCVOptions::new, RISCVOptions::setStartOffset), 0x0BL);
    // 7-Zip's multithreaded BZip2 encoder may write several streams back to back.
    register(new Simple("BZip2", BZIP2_MEMORY, in -> new BZip2CompressorInputStream(in, true)),
        0x040202L);
    register(new Simple("Deflate", 64L << 10, SevenZCoders::inflateRaw), 0x040108L);
    register(new Simple("Deflate64", 192L << 10, Deflate64CompressorInputStream::new),
        0x040109L);
    register(new Unsupported("PPMD", "recompress with -m0=LZMA2"), 0x030401L);
    register(new Unsupported("BCJ2", "recompress with -m0=LZMA2 -mf=off (7-Zip picks BCJ2"
        + " for executables at -mx7 and up)"), 0x0303011BL);
    register(new Encrypted(), 0x06F10701L);
  }

  private SevenZCoders() {
  }

  private static void register(Method method, long... ids) {
    for (long id : ids) {
      METHODS.put(id, method);
    }
  }

  /** The method of {@code coder}; an {@link Unsupported} one for ids not in the table. */
  public static Method forCoder(SevenZCoder coder) {
    Method m = METHODS.get(coder.methodIdValue());
    if (m == null) {
      return new Unsupported("id 0x" + coder.methodIdHex(), "recompress with -m0=LZMA2");
    }
    return m;
  }

  static SevenZFormatException badProperties(String method, String where, String detail) {
    return new SevenZFormatException("corrupt " + method + " coder properties in " + where
        + ": " + detail + "; the archive header is damaged: re-create or re-download it");
  }

  /** "64k", "16m", "1536k", or bytes: dictionary sizes as 7-Zip's switches write them. */
  static String sizeText(long bytes) {
    if (bytes > 0 && bytes % (1L << 20) == 0) {
      return (bytes >> 20) + "m";
    }
    if (bytes > 0 && bytes % 1024 == 0) {
      return (bytes >> 10) + "k";
    }
    return bytes + "b";
  }

  /**
   * The dictionary a decoder must allocate: the declared one, but never more than the data it
   * decodes (no match can reach further back than the output so far, as LZMAInputStream does
   * itself), and within the decoders' bounds.
   */
  static int effectiveDictSize(long declared, long unpackSize) {
    long d = Math.min(declared, Math.max(unpackSize, 0));
    d = Math.max(d, LZMA2InputStream.DICT_SIZE_MIN);
    return (int) Math.min(d, LZMA2InputStream.DICT_SIZE_MAX);
  }

  /** LZMA (03 01 01): props = 1 byte lc/lp/pb, 4 bytes dictionary size, little endian. */
  static final class Lzma extends Method {
    Lzma() {
      super("LZMA");
    }

    private static long declaredDict(byte[] props) {
      long d = 0;
      for (int i = 0; i < 4; i++) {
        d |= (long) (props[1 + i] & 0xFF) << (8 * i);
      }
      return d;
    }

    @Override
    public String describe(byte[] props) {
      return props.length < 5 ? "LZMA" : "LZMA:" + sizeText(declaredDict(props));
    }

    @Override
    public long memoryBytes(byte[] props, long unpackSize, String where) throws SevenZFormatException {
      if (props.length < 5) {
        throw badProperties("LZMA", where, props.length + " property bytes instead of 5");
      }
      try {
        int dict = effectiveDictSize(declaredDict(props), unpackSize);
        return LZMAInputStream.getMemoryUsage(dict, props[0]) * 1024L;
      } catch (IOException e) {
        throw badProperties("LZMA", where, e.getMessage());
      }
    }

    @Override
    public InputStream decode(InputStream in, byte[] props, long unpackSize, String where)
        throws IOException {
      memoryBytes(props, unpackSize, where);
      LZMAInputStream lzma = new LZMAInputStream(in, unpackSize, props[0],
          effectiveDictSize(declaredDict(props), unpackSize));
      // 7-Zip may or may not write an end marker after the known size: accept both.
      lzma.enableRelaxedEndCondition();
      return lzma;
    }
  }

  /** LZMA2 (21): one property byte encodes the dictionary size (40 = 4 GiB - 1). */
  static final class Lzma2 extends Method {
    Lzma2() {
      super("LZMA2");
    }

    /** The declared dictionary size, or -1 if the property byte is invalid. */
    private static long declaredDict(byte[] props) {
      if (props.length < 1 || (props[0] & 0xFF) > 40) {
        return -1;
      }
      int bits = props[0] & 0xFF;
      if (bits == 40) {
        return 0xFFFFFFFFL;
      }
      return (2L | (bits & 1)) << (bits / 2 + 11);
    }

    @Override
    public String describe(byte[] props) {
      long d = declaredDict(props);
      return d < 0 ? "LZMA2" : "LZMA2:" + sizeText(d);
    }

    @Override
    public long memoryBytes(byte[] props, long unpackSize, String where) throws SevenZFormatException {
      long d = declaredDict(props);
      if (d < 0) {
        throw badProperties("LZMA2", where, props.length == 0 ? "no dictionary property"
            : "dictionary property " + (props[0] & 0xFF) + " is above 40");
      }
      return LZMA2InputStream.getMemoryUsage(effectiveDictSize(d, unpackSize)) * 1024L;
    }

    /**
     * JVM system property: {@code true} decodes LZMA2 with XZ for Java's
     * {@code LZMA2InputStream} instead of {@link Lzma2Decoder} (same bytes; ours is the faster:
     * {@code decode} of 1 GB on one core 15.3 s against 17.7 s), for comparison or in case of
     * doubt, e.g. {@code LOGCOUNT_JAVA_OPTS=-Dlogcount.sevenz.xz-lzma2=true}.
     * A system property rather than a job setting: decoders are built far from any
     * Configuration (the header parser makes them too).
     */
    static final String XZ_LZMA2_PROPERTY = "logcount.sevenz.xz-lzma2";

    @Override
    public InputStream decode(InputStream in, byte[] props, long unpackSize, String where)
        throws IOException {
      memoryBytes(props, unpackSize, where);
      int dictSize = effectiveDictSize(declaredDict(props), unpackSize);
      if (Boolean.getBoolean(XZ_LZMA2_PROPERTY)) {
        return new LZMA2InputStream(in, dictSize);
      }
      return new Lzma2Decoder(in, dictSize);
    }
  }

  /** Delta (03): one property byte, distance - 1. */
  static final class Delta extends Method {
    Delta() {
      super("Delta");
    }

    @Override
    public String describe(byte[] props) {
      return props.length < 1 ? "Delta" : "Delta:" + ((props[0] & 0xFF) + 1);
    }

    @Override
    public long memoryBytes(byte[] props, long unpackSize, String where) throws SevenZFormatException {
      if (props.length < 1) {
        throw badProperties("Delta", where, "no distance property");
      }
      return 1024;
    }

    @Override
    public InputStream decode(InputStream in, byte[] props, long unpackSize, String where)
        throws IOException {
      memoryBytes(props, unpackSize, where);
      return new DeltaInputStream(in, (props[0] & 0xFF) + 1);
    }
  }

  /** Makes a branch converter's options for a start offset (xz's BCJOptions is not public). */
  interface BcjOptionsFactory {
    FilterOptions create(int startOffset) throws UnsupportedOptionsException;
  }

  /** Sets the start offset on one concrete options class. */
  interface StartOffsetSetter<T> {
    void set(T options, int startOffset) throws UnsupportedOptionsException;
  }

  private static <T extends FilterOptions> Bcj bcj(String name, Supplier<T> make,
      StartOffsetSetter<T> setStart) {
    return new Bcj(name, start -> {
      T options = make.get();
      setStart.set(options, start);
      return options;
    });
  }

  /** Branch converters: no properties, or a 4-byte start offset (little endian). */
  static final class Bcj extends Method {
    private final BcjOptionsFactory options;

    Bcj(String name, BcjOptionsFactory options) {
      super(name);
      this.options = options;
    }

    private FilterOptions options(byte[] props, String where) throws SevenZFormatException {
      if (props.length != 0 && props.length != 4) {
        throw badProperties(name(), where, props.length + " property bytes instead of 0 or 4");
      }
      int start = props.length == 0 ? 0 : (props[0] & 0xFF) | (props[1] & 0xFF) << 8
          | (props[2] & 0xFF) << 16 | (props[3] & 0xFF) << 24;
      try {
        return options.create(start);
      } catch (UnsupportedOptionsException e) {
        throw badProperties(name(), where, "start offset " + start + ": " + e.getMessage());
      }
    }

    @Override
    public long memoryBytes(byte[] props, long unpackSize, String where) throws SevenZFormatException {
      return options(props, where).getDecoderMemoryUsage() * 1024L;
    }

    @Override
    public InputStream decode(InputStream in, byte[] props, long unpackSize, String where)
        throws IOException {
      return options(props, where).getInputStream(in, ArrayCache.getDefaultCache());
    }
  }

  /** Wraps a decoder around a stream. */
  interface Wrapper {
    InputStream wrap(InputStream in) throws IOException;
  }

  /** A method without properties and with fixed memory: Copy, BZip2, Deflate, Deflate64. */
  static final class Simple extends Method {
    private final long memoryBytes;
    private final Wrapper wrapper;

    Simple(String name, long memoryBytes, Wrapper wrapper) {
      super(name);
      this.memoryBytes = memoryBytes;
      this.wrapper = wrapper;
    }

    @Override
    public long memoryBytes(byte[] props, long unpackSize, String where) {
      return memoryBytes;
    }

    @Override
    public InputStream decode(InputStream in, byte[] props, long unpackSize, String where)
        throws IOException {
      return wrapper.wrap(in);
    }
  }

  /** Raw deflate (no zlib wrapper); closing the stream frees the Inflater's native memory. */
  private static InputStream inflateRaw(InputStream in) {
    final Inflater inflater = new Inflater(true);
    // Inflater(nowrap=true) may need one byte past the deflate data (its javadoc).
    InputStream padded = new SequenceInputStream(in, new ByteArrayInputStream(ONE_ZERO_BYTE));
    return new FilterInputStream(new InflaterInputStream(padded, inflater, 8192)) {
      private boolean closed;

      @Override
      public void close() throws IOException {
        if (closed) {
          return;
        }
        closed = true;
        try {
          super.close();
        } finally {
          inflater.end();
        }
      }
    };
  }

  /** A method 7-Zip writes but this reader does not decode. */
  static final class Unsupported extends Method {
    private final String fix;

    Unsupported(String name, String fix) {
      super(name);
      this.fix = fix;
    }

    @Override
    public void checkSupported(String where) throws SevenZFormatException {
      throw new SevenZFormatException(
          "unsupported method " + name() + " in " + where + "; " + fix);
    }

    @Override
    public InputStream decode(InputStream in, byte[] props, long unpackSize, String where)
        throws IOException {
      checkSupported(where);
      return in;
    }
  }

  /**
   * 7zAES (06 F1 07 01): AES-256-CBC with a SHA-256 key derivation ({@link SevenZAes}). It is
   * the coder that reads the packed stream; the decompressor after it reads what it decrypts.
   */
  public static final class Encrypted extends Method {
    Encrypted() {
      super("7zAES");
    }

    @Override
    public String describe(byte[] props) {
      // As 7-Zip lists it: "7zAES:19" (the key derivation's NumCyclesPower).
      return props.length == 0 ? "7zAES" : "7zAES:" + (props[0] & 0x3F);
    }

    @Override
    public long memoryBytes(byte[] props, long unpackSize, String where) throws SevenZFormatException {
      SevenZAes.parse(props, where);
      return SevenZAes.MEMORY_BYTES;
    }

    @Override
    public boolean needsPassword() {
      return true;
    }

    @Override
    public InputStream decode(InputStream in, byte[] props, long unpackSize, String where)
        throws IOException {
      throw new IllegalStateException("7zAES needs the password: " + where);
    }

    @Override
    public InputStream decode(InputStream in, byte[] props, long unpackSize, String where,
        SevenZPassword password) throws IOException {
      return SevenZAes.decrypt(in, SevenZAes.parse(props, where), password, where);
    }

    /**
     * The error for encrypted data and no password. {@code part} is "folder N" or "its header".
     */
    public static SevenZPasswordException missingPassword(String archive, String part) {
      return new SevenZPasswordException("7z archive " + archive + " is encrypted (" + part
          + "); give the password with --password-file PATH or a Hadoop credential provider"
          + " alias " + PASSWORD_ALIAS + " (see docs/encrypted-archives.md)");
    }

    /**
     * How a failure to decode encrypted data starts: AES-CBC decrypts anything, so a wrong
     * password shows only as garbage that the next decoder, a CRC or the header parser rejects.
     */
    public static String wrongPassword(String archive, String part) {
      return "wrong password for 7z archive " + archive + " (or the archive is corrupt): " + part;
    }

    /** What to do after {@link #wrongPassword}. */
    public static final String WRONG_PASSWORD_FIX = "check the password (7zz t -p shows whether it"
        + " opens the archive)";
  }
}
