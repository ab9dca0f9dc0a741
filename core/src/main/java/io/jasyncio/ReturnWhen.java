package io.jasyncio;

/**
 * When {@link Asyncio#wait} (and the thread-side {@code Futures.wait}) returns.
 *
 * {@snippet class=io.jasyncio.AsyncioSnippetsTest region=returnWhen}
 */
public enum ReturnWhen {
  /** As soon as any future finishes or is cancelled. */
  FIRST_COMPLETED,
  /** As soon as any future fails; if none fails, when all are done. */
  FIRST_EXCEPTION,
  /** When every future is done. */
  ALL_COMPLETED
}
