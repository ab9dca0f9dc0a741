package io.jasyncio.http;

import io.jasyncio.Asyncio;

/** Runs a test body beside a {@link WebServer} on a free port of 127.0.0.1. */
final class Servers {
  private Servers() {}

  @FunctionalInterface
  interface Body<T> {
    T run(WebServer server, int port) throws Exception;
  }

  /** On a new loop: starts {@code app}, runs {@code body}, shuts the server down. */
  static <T> T with(Application app, Body<T> body) {
    return Asyncio.run(() -> serve(app, ServerOptions.defaults(), body));
  }

  /** As {@link #with}, on a virtual clock. */
  static <T> T withVirtual(Application app, ServerOptions options, Body<T> body) {
    return Asyncio.runVirtual(() -> serve(app, options, body));
  }

  /** Suspends: starts {@code app}, runs {@code body}, shuts the server down. */
  static <T> T serve(Application app, ServerOptions options, Body<T> body) throws Exception {
    WebServer server = WebServer.start(app, "127.0.0.1", 0, options);
    try {
      return body.run(server, server.port());
    } finally {
      server.shutdown(1);
    }
  }
}
