/**
 * Non-blocking streams on the event loop's selector, as asyncio.streams: {@link
 * io.jasyncio.streams.Streams} opens TCP and Unix-domain connections (TLS included) and starts
 * servers; {@link io.jasyncio.streams.StreamReader} and {@link io.jasyncio.streams.StreamWriter}
 * read and write with back-pressure; {@link io.jasyncio.streams.Datagrams} and {@link
 * io.jasyncio.streams.DatagramStream} do UDP.
 *
 * <p>Every suspending method declares {@code java.io.IOException} and must be called from a
 * coroutine. Every object here is loop-bound: use it from the loop that made it. Design, threads
 * and failure modes: {@code docs/io.md}.
 */
package io.jasyncio.streams;
