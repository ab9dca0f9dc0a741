package io.jasyncio.internal.io;

import java.io.IOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;

/**
 * A channel's registration with the loop's selector whose handler can change hands (connecting
 * code first, then the transport): NIO forbids registering a channel again with the same
 * selector until the cancelled key was flushed by a select.
 */
public final class Registration implements IoLoop.Handler {
  private final SelectionKey key;
  private IoLoop.Handler target;

  private Registration(IoLoop loop, SelectableChannel channel, int ops, IoLoop.Handler target)
      throws IOException {
    this.target = target;
    this.key = loop.registerChannel(channel, ops, this);
  }

  /** Registers {@code channel} for {@code ops}, delivering readiness to {@code target}. */
  public static Registration register(
      IoLoop loop, SelectableChannel channel, int ops, IoLoop.Handler target) throws IOException {
    return new Registration(loop, channel, ops, target);
  }

  /** From now on readiness goes to {@code newTarget}. */
  public void retarget(IoLoop.Handler newTarget) {
    this.target = newTarget;
  }

  @Override
  public void ready(SelectionKey k) {
    target.ready(k);
  }

  public SelectionKey key() {
    return key;
  }

  /** Sets the interest set; ignored once the key is cancelled. */
  public void interest(int ops) {
    try {
      if (key.isValid() && key.interestOps() != ops) {
        key.interestOps(ops);
      }
    } catch (CancelledKeyException e) {
      // Closed meanwhile: nothing to watch.
    }
  }

  public void addInterest(int op) {
    if (key.isValid()) {
      interest(key.interestOps() | op);
    }
  }

  public void removeInterest(int op) {
    if (key.isValid()) {
      interest(key.interestOps() & ~op);
    }
  }

  public void cancel() {
    key.cancel();
  }
}
