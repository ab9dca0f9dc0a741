package io.jasyncio;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What {@link Asyncio#wait} returns: the futures that are done and the ones still pending.
 *
 * {@snippet class=io.jasyncio.AsyncioSnippetsTest region=waitResult}
 */
public record WaitResult<T>(Set<Future<T>> done, Set<Future<T>> pending) {
  /** Copies both sets, unmodifiable, keeping their iteration order (so output is reproducible). */
  public WaitResult {
    done = Collections.unmodifiableSet(new LinkedHashSet<>(done));
    pending = Collections.unmodifiableSet(new LinkedHashSet<>(pending));
  }
}
