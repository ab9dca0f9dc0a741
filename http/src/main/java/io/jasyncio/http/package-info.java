/**
 * An aiohttp-style HTTP/1.1 client and server on the event loop.
 *
 * <p><b>Server.</b> An {@link io.jasyncio.http.Application} maps routes to {@link
 * io.jasyncio.http.Handler}s (wrapped by {@link io.jasyncio.http.Middleware}s, with {@link
 * io.jasyncio.http.AppHook}s at start-up and clean-up); {@link io.jasyncio.http.WebServer} serves
 * it. A handler gets a {@link io.jasyncio.http.Request} and returns a {@link
 * io.jasyncio.http.Response} or a {@link io.jasyncio.http.StreamResponse}, or throws an {@link
 * io.jasyncio.http.HttpException}; {@link io.jasyncio.http.ServerOptions} holds the limits.
 *
 * {@snippet class=io.jasyncio.http.HttpSnippetsTest region=packageServer}
 *
 * <p><b>Client.</b> A {@link io.jasyncio.http.ClientSession} (connection pool, cookies, redirects)
 * sends {@link io.jasyncio.http.ClientRequest}s and returns {@link
 * io.jasyncio.http.ClientResponse}s, within a {@link io.jasyncio.http.ClientTimeout}; failures are
 * {@link io.jasyncio.http.ClientError}s ({@link io.jasyncio.http.ClientConnectionError}, {@link
 * io.jasyncio.http.ClientResponseError}, {@link io.jasyncio.http.TooManyRedirects}, {@link
 * io.jasyncio.http.ClientPayloadError}), timeouts {@link io.jasyncio.TimeoutError}.
 *
 * {@snippet class=io.jasyncio.http.HttpSnippetsTest region=packageClient}
 *
 * <p>{@link io.jasyncio.http.Headers} is the case-insensitive, multi-valued header map of both
 * sides. Underneath sits one strict, incremental parser of requests and responses that refuses
 * ambiguous framing (no request smuggling), bounded by the limits of the design notes (request
 * line 8190 bytes, one header 8190 bytes, 128 headers, 64 KiB of headers), and fuzzed with
 * Jazzer. The module is built on the public {@code io.jasyncio.transports} layer only. Design,
 * limits, the reject list and measurements: {@code docs/http.md}.
 *
 * <h2>Threads</h2>
 *
 * Every object of this package is loop-bound: use it from the loop that made it (a session binds
 * to the loop of its first request), and call the suspending methods from a coroutine. Each
 * server request is handled in a task of its own. {@code Headers}, {@code ClientRequest} and
 * {@code ServerOptions} are plain objects; {@code Response} is immutable.
 */
package io.jasyncio.http;
