/**
 * Non-blocking TCP, Unix-domain and TLS streams on the event loop's selector, as asyncio.streams: StreamReader, StreamWriter, Server, datagram endpoints.
 */
package io.jasyncio.streams;
