package io.jasyncio;

/**
 * When {@link Asyncio#wait} (and the thread-side {@code Futures.wait}) returns.
 *
 * {@snippet :
 * WaitResult<String> r = Asyncio.wait(tasks, null, ReturnWhen.FIRST_COMPLETED);
 * }
 */
public enum ReturnWhen {
  /** As soon as any future finishes or is cancelled. */
  FIRST_COMPLETED,
  /** As soon as any future fails; if none fails, when all are done. */
  FIRST_EXCEPTION,
  /** When every future is done. */
  ALL_COMPLETED
}
