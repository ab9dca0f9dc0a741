package io.jasyncio.http;

/**
 * A request handler (aiohttp's handler coroutine): runs as a task of its own for each request
 * and may suspend; what it returns is the response. Throwing {@link HttpException} answers with
 * that status; any other exception is a 500 whose body holds no stack trace (the exception goes
 * to the loop's exception handler).
 *
 * {@snippet class=io.jasyncio.http.HttpSnippetsTest region=handler}
 *
 * <p>Threads: called on the loop thread, in the request's task.
 */
@FunctionalInterface
public interface Handler {
  /** Answers {@code request}; may suspend. */
  Response handle(Request request) throws Exception;
}
