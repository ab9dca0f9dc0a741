package io.jasyncio.http;

/**
 * Code around every handler (aiohttp's middleware): it may look at the request, call {@code
 * next} (or not) and change or replace the response. The first middleware added to an {@link
 * Application} is the outermost. Middlewares also see the 404 and 405 answers, as {@link
 * HttpException}s thrown by {@code next}.
 *
 * {@snippet class=io.jasyncio.http.HttpSnippetsTest region=middleware}
 *
 * <p>Threads: called on the loop thread, in the request's task.
 */
@FunctionalInterface
public interface Middleware {
  /** Handles {@code request}, usually by calling {@code next.handle(request)}; may suspend. */
  Response handle(Request request, Handler next) throws Exception;
}
