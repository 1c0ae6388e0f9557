/**
 * Decodes one folder: the chain of coders its coder graph names, over its packed bytes
 * ({@link io.logcount.sevenz.decode.SevenZFolderDecoder}), with errors that name the archive,
 * the folder and the methods; and the LZMA2 block scans that find where a folder can be cut
 * ({@link io.logcount.sevenz.decode.Lzma2Blocks}).
 */
package io.logcount.sevenz.decode;
