package io.jasyncio.http;

import io.jasyncio.Asyncio;
import io.jasyncio.Coroutine;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.TimeoutError;

/**
 * The deadlines of one client request: {@code total} from its start to the end of its body,
 * {@code connect} from its start until it holds a connection, {@code sockConnect} for opening one,
 * {@code sockRead} for each wait for bytes. Every wait goes through here, so the limit that
 * expires first is the one named in the {@link TimeoutError}.
 */
final class RequestTimer {
  enum Phase { POOL, SOCK_CONNECT, READ }

  private final EventLoop loop;
  private final ClientTimeout timeout;
  private final double totalDeadline;
  private final double connectDeadline;

  RequestTimer(EventLoop loop, ClientTimeout timeout) {
    this.loop = loop;
    this.timeout = timeout;
    double now = loop.time();
    this.totalDeadline = timeout.total() != null ? now + timeout.total() : Double.NaN;
    this.connectDeadline = timeout.connect() != null ? now + timeout.connect() : Double.NaN;
  }

  /** Suspends: the result of {@code f}, within the limits of {@code phase}. */
  <T> T await(Future<T> f, Phase phase) {
    Limit l = limit(phase);
    if (l == null) {
      return Asyncio.await(f);
    }
    try {
      return Asyncio.waitFor(f, Math.max(l.seconds, 0));
    } catch (TimeoutError e) {
      throw l.error();
    }
  }

  /**
   * Suspends: runs {@code c} within the limits of {@code phase}, in the calling task (a timeout
   * block, not a task of its own: one task less per connection opened).
   */
  <T> T run(Coroutine<T> c, Phase phase) throws Exception {
    Limit l = limit(phase);
    if (l == null) {
      return c.run();
    }
    try {
      return Asyncio.timeout(Math.max(l.seconds, 0), c);
    } catch (TimeoutError e) {
      throw l.error();
    }
  }

  private record Limit(double seconds, String name, double configured) {
    TimeoutError error() {
      return new TimeoutError("Timeout on " + name + " (" + configured + " s)");
    }
  }

  private Limit limit(Phase phase) {
    Limit best = null;
    double now = loop.time();
    if (!Double.isNaN(totalDeadline)) {
      best = new Limit(totalDeadline - now, "total", timeout.total());
    }
    if (phase != Phase.READ && !Double.isNaN(connectDeadline)) {
      best = min(best, new Limit(connectDeadline - now, "connect", timeout.connect()));
    }
    if (phase == Phase.SOCK_CONNECT && timeout.sockConnect() != null) {
      best = min(best, new Limit(timeout.sockConnect(), "sock_connect", timeout.sockConnect()));
    }
    if (phase == Phase.READ && timeout.sockRead() != null) {
      best = min(best, new Limit(timeout.sockRead(), "sock_read", timeout.sockRead()));
    }
    return best;
  }

  private static Limit min(Limit a, Limit b) {
    return a == null || b.seconds < a.seconds ? b : a;
  }
}
