package io.logcount.mapout;

import java.io.IOException;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.mapred.MapOutputCollector;
import org.apache.hadoop.mapred.MapTask;
import org.apache.hadoop.mapreduce.MRJobConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The map output collector to name in {@code mapreduce.job.map.output.collector.class}: for map
 * outputs with {@link org.apache.hadoop.io.Text} keys in their natural order it is
 * {@link TextKeyCollector} (raw bytes, radix sort); for any other job it hands every call to
 * Hadoop's own {@link MapTask.MapOutputBuffer}. It decides once, in {@link #init}, from the job's
 * configuration ({@link CollectorSupport}), and logs which it took and why.
 *
 * <p>Jobs turn it on with {@link #ENABLED} ({@link #configure}); the class works wherever the job
 * jar is on the task's class path (local runner, YARN).
 */
public class RadixMapOutputCollector<K, V> implements MapOutputCollector<K, V> {

  /**
   * Whether logcount's jobs collect their map output with this class: {@link #configure} then
   * names it in {@code mapreduce.job.map.output.collector.class}, unless that is set already
   * (a collector chosen by hand wins). Default {@value #DEFAULT_ENABLED}.
   */
  public static final String ENABLED = "logcount.map.collector";
  /**
   * Default of {@link #ENABLED}: on. A/B at 300 MB (docs/performance.md, "Map output collector
   * (issue 16)"): unique-users and top-users 4-16 % faster on both datasets, less memory.
   */
  public static final boolean DEFAULT_ENABLED = true;

  private static final Logger LOG = LoggerFactory.getLogger(RadixMapOutputCollector.class);

  private MapOutputCollector<K, V> delegate;

  /** {@link #ENABLED}. */
  public static boolean isEnabled(Configuration conf) {
    return conf.getBoolean(ENABLED, DEFAULT_ENABLED);
  }

  /** Sets {@link #ENABLED}. */
  public static void setEnabled(Configuration conf, boolean on) {
    conf.setBoolean(ENABLED, on);
  }

  /**
   * Names this class as the job's map output collector when {@link #ENABLED} is true and no
   * collector is chosen yet: the key unset, or set only by Hadoop's {@code mapred-default.xml}
   * (which names {@code MapTask$MapOutputBuffer}, so the key is never empty in a JobConf).
   */
  public static void configure(Configuration conf) {
    if (isEnabled(conf) && !collectorChosen(conf)) {
      conf.set(MRJobConfig.MAP_OUTPUT_COLLECTOR_CLASS_ATTR, RadixMapOutputCollector.class.getName());
    }
  }

  /** Whether a site file, the job or the command line named a map output collector. */
  static boolean collectorChosen(Configuration conf) {
    if (conf.get(MRJobConfig.MAP_OUTPUT_COLLECTOR_CLASS_ATTR) == null) {
      return false;
    }
    String[] sources = conf.getPropertySources(MRJobConfig.MAP_OUTPUT_COLLECTOR_CLASS_ATTR);
    if (sources == null) {
      return true;
    }
    for (String source : sources) {
      if (!source.endsWith("-default.xml")) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void init(MapOutputCollector.Context context) throws IOException, ClassNotFoundException {
    String whyNot = CollectorSupport.whyNot(context.getJobConf());
    if (whyNot == null) {
      LOG.info("Map output collected by the radix-sorting collector");
      delegate = new TextKeyCollector<>();
    } else {
      LOG.info("Map output collected by Hadoop's MapOutputBuffer: {}", whyNot);
      delegate = new MapTask.MapOutputBuffer<>();
    }
    delegate.init(context);
  }

  /** The collector doing the work, once {@link #init} chose it (for tests). */
  MapOutputCollector<K, V> delegate() {
    return delegate;
  }

  @Override
  public void collect(K key, V value, int partition) throws IOException, InterruptedException {
    delegate.collect(key, value, partition);
  }

  @Override
  public void flush() throws IOException, InterruptedException, ClassNotFoundException {
    delegate.flush();
  }

  @Override
  public void close() throws IOException, InterruptedException {
    if (delegate != null) {
      delegate.close();
    }
  }
}
