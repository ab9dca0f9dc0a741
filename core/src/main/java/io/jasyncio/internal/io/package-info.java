/**
 * I/O glue between the event loop's selector and the streams and subprocess packages: the
 * loop's I/O view ({@link io.jasyncio.internal.io.IoLoop}), transports and protocols in asyncio's
 * sense, the socket transport, TLS, and the stream protocol. Not part of the public API (not
 * exported). Everything here runs on the loop thread; see {@code docs/io.md} for who touches
 * what.
 */
package io.jasyncio.internal.io;
