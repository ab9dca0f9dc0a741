package io.jasyncio.streams;

/**
 * What a server runs for each connection, as a task of its own (asyncio's {@code
 * client_connected_cb}). When it returns or fails the connection is closed (buffered data is
 * flushed first); a failure is also reported to the loop's exception handler.
 *
 * {@snippet class=io.jasyncio.streams.StreamsSnippetsTest region=clientHandler}
 *
 * <p>Runs on the server's loop thread, inside a coroutine: it may suspend.
 */
@FunctionalInterface
public interface ClientHandler {
  /** Serves one connection; may suspend. */
  void handle(StreamReader r, StreamWriter w) throws Exception;
}
