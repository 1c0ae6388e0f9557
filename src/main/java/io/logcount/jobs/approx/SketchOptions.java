package io.logcount.jobs.approx;

import java.io.IOException;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;

import io.logcount.jobs.common.CommandOptions;
import io.logcount.sketch.Sketches;

/** The options both forms of approx-unique-users take, and the setting they share. */
final class SketchOptions {

  static final String LG_K_OPTION = "--lg-k";
  static final String SKETCHES_OUT_OPTION = "--sketches-out";

  private SketchOptions() {
  }

  static void declare(CommandOptions options, String lgKDefault) {
    options.setting(LG_K_OPTION, "K", Sketches.LG_K, "sketch size: 95% bounds ~ +-1.4/sqrt(2^K); "
        + Sketches.MIN_LG_K + " to " + Sketches.MAX_LG_K + " (default " + lgKDefault + ")")
        .range(Sketches.MIN_LG_K, Sketches.MAX_LG_K)
        .checkedBy(Sketches::getLgK)
        .value(SKETCHES_OUT_OPTION, "DIR", "also keep the merged sketch as DIR/<OUTPUT's name>.sketch, for\n"
            + "a later --merge (a month of daily sketches -> monthly uniques)");
  }

  /** Applies {@code --sketches-out}, qualified so tasks and later runs agree ({@code --lg-k} is bound to its key). */
  static void apply(CommandOptions.Parsed args, Configuration conf) throws IOException {
    String dir = args.get(SKETCHES_OUT_OPTION);
    if (dir != null) {
      SketchFiles.setSketchesOut(conf, new Path(dir));
    }
  }
}
