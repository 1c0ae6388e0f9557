package io.logcount.mapout;

import org.apache.hadoop.io.Text;
import org.apache.hadoop.io.WritableComparator;
import org.apache.hadoop.io.serializer.Serialization;
import org.apache.hadoop.io.serializer.SerializationFactory;
import org.apache.hadoop.io.serializer.WritableSerialization;
import org.apache.hadoop.mapred.JobConf;
import org.apache.hadoop.mapreduce.MRJobConfig;

/**
 * Decides whether {@link TextKeyCollector} knows a job's map output, or Hadoop's buffer must take
 * it: the collector sorts by the bytes of {@link Text} keys, so it takes only what sorts that way.
 */
final class CollectorSupport {

  private CollectorSupport() {
  }

  /** Null when {@link TextKeyCollector} can collect this job's map output, else why not (for the log). */
  static String whyNot(JobConf job) {
    if (job.getNumReduceTasks() <= 0) {
      return "no reduces";
    }
    Class<?> keyClass = job.getMapOutputKeyClass();
    if (keyClass != Text.class) {
      return "map output keys are " + keyClass.getName() + ", not " + Text.class.getName();
    }
    if (job.get(MRJobConfig.KEY_COMPARATOR) != null) {
      return "a sort comparator is set (" + MRJobConfig.KEY_COMPARATOR + ")";
    }
    if (WritableComparator.get(Text.class, job).getClass() != Text.Comparator.class) {
      return "Text's registered comparator is not " + Text.Comparator.class.getName();
    }
    if (job.get(MRJobConfig.COMBINER_GROUP_COMPARATOR_CLASS) != null) {
      return "a combiner grouping comparator is set (" + MRJobConfig.COMBINER_GROUP_COMPARATOR_CLASS + ")";
    }
    if (job.getBoolean(MRJobConfig.MR_ENCRYPTED_INTERMEDIATE_DATA, MRJobConfig.DEFAULT_MR_ENCRYPTED_INTERMEDIATE_DATA)) {
      return "intermediate data is encrypted (" + MRJobConfig.MR_ENCRYPTED_INTERMEDIATE_DATA + ")";
    }
    SerializationFactory serializations = new SerializationFactory(job);
    Serialization<?> keySerialization = serializations.getSerialization(Text.class);
    if (!(keySerialization instanceof WritableSerialization)) {
      return "Text keys are serialized by " + (keySerialization == null ? "nothing" : keySerialization.getClass().getName());
    }
    if (serializations.getSerialization(job.getMapOutputValueClass()) == null) {
      return "no serialization for the values (" + job.getMapOutputValueClass().getName() + ")";
    }
    return null;
  }
}
