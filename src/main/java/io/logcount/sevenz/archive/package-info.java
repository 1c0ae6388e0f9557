/**
 * What a 7z header says, immutable: the archive, its folders (solid blocks) and their coder
 * graphs, and the entries each folder holds. No reading here: the {@code header} layer builds
 * these, the {@code decode} layer and the input format use them.
 */
package io.logcount.sevenz.archive;
