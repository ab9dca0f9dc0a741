package io.jasyncio.http;

/**
 * A start-up or clean-up step of an {@link Application} (aiohttp's {@code on_startup} and {@code
 * on_cleanup} signals); it may suspend.
 *
 * {@snippet class=io.jasyncio.http.HttpSnippetsTest region=appHook}
 *
 * <p>Threads: called on the loop thread, in the task that starts or shuts down the server.
 */
@FunctionalInterface
public interface AppHook {
  /** Runs the step; may suspend. */
  void run(Application app) throws Exception;
}
