/**
 * An aiohttp-style HTTP/1.1 client and server on the event loop.
 *
 * <p>{@link io.jasyncio.http.Headers} is the case-insensitive, multi-valued header map shared by
 * both sides. Underneath sits one strict, incremental parser of requests and responses that
 * refuses ambiguous framing (no request smuggling), bounded by the limits of the project's design
 * notes (request line 8190 bytes, one header 8190 bytes, 128 headers, 64 KiB of headers), and
 * fuzzed with Jazzer. Design, limits and measurements: {@code docs/http.md}.
 *
 * <h2>Threads</h2>
 *
 * Every object of this package is loop-bound: use it from the loop (and, for the suspending
 * methods, the coroutine) that made it. {@code Headers} is a plain mutable object without
 * synchronisation.
 */
package io.jasyncio.http;
