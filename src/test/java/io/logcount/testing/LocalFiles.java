package io.logcount.testing;

import org.apache.hadoop.conf.Configuration;

/** The local file system as the reader tests use it: no site files, no cached instance. */
public final class LocalFiles {

  private LocalFiles() {
  }

  /** A configuration of the local file system only, uncached (tests change its settings). */
  public static Configuration conf() {
    Configuration conf = new Configuration(false);
    conf.set("fs.defaultFS", "file:///");
    conf.set("fs.file.impl.disable.cache", "true");
    return conf;
  }
}
