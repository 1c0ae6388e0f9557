/**
 * One strategy per 7z method ({@link io.logcount.sevenz.coders.SevenZCoders}: Copy, LZMA, LZMA2
 * with our own decoder, BCJ filters, Delta, AES-256 with its key derivation), each a
 * 1-in/1-out stream with its memory need stated before it is allocated
 * ({@link io.logcount.sevenz.coders.SevenZLimits}).
 */
package io.logcount.sevenz.coders;
