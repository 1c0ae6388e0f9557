/**
 * Old-API ({@code org.apache.hadoop.mapred}) input formats for the tools that take only that
 * API (Hadoop Streaming, mrjob, Hive, Spark's {@code hadoopFile}): thin wrappers over our
 * new-API formats, never a second implementation. {@link io.logcount.mapred.MapredInputFormatWrapper}
 * is the generic wrapper, {@link io.logcount.mapred.LogLineInputFormat} the base of every log
 * format (key and value choice), {@link io.logcount.mapred.SevenZLogInputFormat} the 7z one.
 */
package io.logcount.mapred;
