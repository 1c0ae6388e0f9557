package io.logcount.mapred;

import io.logcount.sevenz.SevenZInputFormat;

/**
 * {@link SevenZInputFormat} for the old API: the lines of the files inside 7z archives, key
 * {@code LineOrigin}, value the line (see {@link LogLineInputFormat} for what each tool sees).
 */
public class SevenZLogInputFormat extends LogLineInputFormat {
  @Override
  protected SevenZInputFormat newFormat() {
    return new SevenZInputFormat();
  }
}
