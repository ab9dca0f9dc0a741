package io.jasyncio;

import java.util.Map;

/**
 * Receives what went wrong in a callback or a task nobody awaited, as asyncio's exception handler.
 * The context has at least {@code "message"}; often {@code "exception"}, {@code "handle"}, {@code
 * "future"} or {@code "task"}. The handler runs on the loop thread; if it throws, that is logged
 * and the loop goes on.
 *
 * {@snippet class=io.jasyncio.AsyncioSnippetsTest region=exceptionHandler}
 */
@FunctionalInterface
public interface ExceptionHandler {
  void handle(EventLoop loop, Map<String, Object> context);
}
