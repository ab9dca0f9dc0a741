/**
 * The kernel's I/O glue, under {@code io.jasyncio.transports}: the loop's I/O view ({@link
 * io.jasyncio.internal.io.IoLoop}), a channel's selector registration whose handler can change
 * hands ({@link io.jasyncio.internal.io.Registration}), the write-side water marks shared by the
 * socket and pipe transports ({@link io.jasyncio.internal.io.WriteFlow}), name resolution off the
 * loop, and the "called from a coroutine" check of the I/O packages. It imports no public package
 * but the root one: the transports themselves live, package-private, in {@code transports}.
 *
 * <p>Not part of the public API (not exported). Everything here runs on the loop thread; see
 * {@code docs/io.md} for who touches what.
 */
package io.jasyncio.internal.io;
