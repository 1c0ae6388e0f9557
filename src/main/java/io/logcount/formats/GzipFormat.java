package io.logcount.formats;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.io.compress.CodecPool;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.Decompressor;
import org.apache.hadoop.io.compress.GzipCodec;
import org.apache.hadoop.util.ReflectionUtils;

/** gzip, several members too: one split per file (a deflate stream has no sync points). */
final class GzipFormat extends StreamFormat {

  GzipFormat() {
    super("gzip", ".gz", 4);
  }

  @Override
  public boolean hasMagic(byte[] head, int n) {
    return startsWith(head, n, 0, 0x1f, 0x8b);
  }

  @Override
  public boolean isNamedLike(String lowerCaseName) {
    return super.isNamedLike(lowerCaseName) || lowerCaseName.endsWith(".tgz");
  }

  /**
   * Hadoop's gzip reader (built-in Java, no libhadoop) reads concatenated members;
   * {@code java.util.zip.GZIPInputStream} stops early at some member boundaries (it asks
   * {@code available()}), silently.
   */
  @Override
  protected InputStream decoder(FSDataInputStream file, Configuration conf, long memoryLimitBytes)
      throws IOException {
    CompressionCodec codec = ReflectionUtils.newInstance(GzipCodec.class, conf);
    Decompressor d = CodecPool.getDecompressor(codec);
    InputStream in;
    try {
      in = codec.createInputStream(file, d);
    } catch (IOException | RuntimeException e) {
      CodecPool.returnDecompressor(d);
      throw e;
    }
    return new FilterInputStream(in) {
      @Override
      public void close() throws IOException {
        try {
          super.close();
        } finally {
          CodecPool.returnDecompressor(d);
        }
      }
    };
  }

  @Override
  public String checkCommand() {
    return "gzip -t";
  }
}
