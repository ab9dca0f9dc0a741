/**
 * Child processes driven from the event loop, as asyncio.subprocess: {@link
 * io.jasyncio.subprocess.Subprocess} starts them, {@link io.jasyncio.subprocess.AsyncProcess}
 * exposes their pipes as streams and waits for them.
 *
 * <p>Java's pipes cannot be selected: small daemon threads pump them and hand the bytes to the
 * loop, with back-pressure. Every object here is loop-bound. See {@code docs/io.md}.
 */
package io.jasyncio.subprocess;
