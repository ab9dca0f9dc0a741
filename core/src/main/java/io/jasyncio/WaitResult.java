package io.jasyncio;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What {@link Asyncio#wait} returns: the futures that are done and the ones still pending.
 *
 * {@snippet :
 * WaitResult<Integer> r = Asyncio.wait(List.of(a, b), 1.0, ReturnWhen.ALL_COMPLETED);
 * for (Future<Integer> f : r.done()) System.out.println(f.result());
 * r.pending().forEach(Future::cancel);
 * }
 */
public record WaitResult<T>(Set<Future<T>> done, Set<Future<T>> pending) {
  /** Copies both sets, unmodifiable, keeping their iteration order (so output is reproducible). */
  public WaitResult {
    done = Collections.unmodifiableSet(new LinkedHashSet<>(done));
    pending = Collections.unmodifiableSet(new LinkedHashSet<>(pending));
  }
}
