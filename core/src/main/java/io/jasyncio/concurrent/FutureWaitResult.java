package io.jasyncio.concurrent;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Future;

/**
 * What {@link Futures#wait} returns: Python's {@code DoneAndNotDoneFutures}. Both sets keep the
 * order of the futures given to {@code wait} and cannot be modified; a future is in exactly one of
 * them. Cancelled futures count as done.
 *
 * <p>An immutable value; the futures in it are as thread-safe as their own implementation.
 *
 * {@snippet class=io.jasyncio.concurrent.ConcurrentSnippetsTest region=wait-result}
 *
 * @param done the futures done (finished, failed or cancelled) when {@code wait} returned
 * @param notDone the others
 * @param <T> the result type
 */
public record FutureWaitResult<T>(Set<Future<T>> done, Set<Future<T>> notDone) {
  public FutureWaitResult {
    Objects.requireNonNull(done, "done");
    Objects.requireNonNull(notDone, "notDone");
    done = Collections.unmodifiableSet(new LinkedHashSet<>(done));
    notDone = Collections.unmodifiableSet(new LinkedHashSet<>(notDone));
  }
}
