/**
 * Transports and protocols, asyncio's low-level I/O API: the layer under {@code streams}, {@code
 * subprocess} and HTTP. {@link io.jasyncio.transports.Transports} connects and serves; a {@link
 * io.jasyncio.transports.Transport} writes with flow control; a {@link
 * io.jasyncio.transports.Protocol} (or a {@link io.jasyncio.transports.BufferedProtocol}, which
 * owns its read buffer) receives the connection's events. TLS goes through the same calls.
 *
 * <p>The public types are interfaces, a record and two final classes; the socket transport and
 * the TLS layer are package-private here (asyncio's {@code selector_events} and {@code sslproto}).
 * Everything here builds on the root package and the selector glue of the kernel, never on the
 * packages above it ({@code streams}, {@code subprocess}).
 *
 * <p><b>Threads.</b> Everything is loop-bound: transports are called, and protocol callbacks run,
 * on the loop thread only; a callback must not block. Design and failure modes: {@code
 * docs/io.md}.
 */
package io.jasyncio.transports;
