/**
 * jasyncio http: an aiohttp-style HTTP/1.1 client and server on the event loop, with the
 * project's own strict, incremental parser. Built on the public {@code io.jasyncio.transports}
 * layer of {@code io.jasyncio}; JSON bodies use Jackson.
 */
module io.jasyncio.http {
  requires transitive io.jasyncio;
  requires transitive com.fasterxml.jackson.databind;

  exports io.jasyncio.http;
}
