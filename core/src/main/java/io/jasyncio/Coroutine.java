package io.jasyncio;

/**
 * The body of a coroutine: plain Java code that may call suspending methods. Run it as a task
 * with {@link Asyncio#createTask}, or as the main coroutine with {@link Asyncio#run}.
 *
 * {@snippet class=io.jasyncio.AsyncioSnippetsTest region=coroutine}
 *
 * @param <T> the coroutine's result
 */
@FunctionalInterface
public interface Coroutine<T> {
  /** Runs the body; any exception it throws becomes the task's exception, unchanged. */
  T run() throws Exception;
}
