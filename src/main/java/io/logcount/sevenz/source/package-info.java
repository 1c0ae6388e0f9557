/**
 * An archive's bytes, read by position: a local file, any Hadoop file system, or the joined
 * volumes of a multi-volume set ({@link io.logcount.sevenz.source.ArchiveSources#open}), and
 * the format error every layer above reports ({@link io.logcount.sevenz.source.SevenZFormatException}).
 */
package io.logcount.sevenz.source;
