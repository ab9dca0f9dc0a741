package io.jasyncio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayDeque;
import java.util.Queue;
import java.util.function.Consumer;

/**
 * A loop's I/O multiplexer (asyncio's selector side): the {@link Selector}, the registrations of
 * channels, the wake-up of a loop blocked in select, and the closing of channels left registered
 * when the loop closes. A ready channel's registration is queued as it is with the callbacks of the
 * iteration, so an I/O event costs no allocation.
 *
 * <p>Loop thread only, except {@link #wakeup}, which any thread calls after it put work in the
 * loop's inbox: the inbox is looked at after {@link #selecting} is set and before the selector
 * blocks, so a wake-up is never lost.
 */
final class IoMultiplexer {
  private static final Logger LOG = System.getLogger("io.jasyncio");

  /** Work that I/O readiness triggers; runs on the loop thread. */
  interface IoCallback {
    void ready(SelectionKey key);
  }

  private final Selector selector;

  /** The loop's ready queue, where ready channels' registrations go. */
  private final ArrayDeque<Runnable> ready;

  /** The loop's inbox from other threads: a select never blocks while it holds work. */
  private final Queue<Runnable> inbox;

  /** What select does with each ready key; allocated once. */
  private final Consumer<SelectionKey> readyAction = this::queueReady;

  /** Whether a channel was ever registered: until then no iteration looks at the key set. */
  private boolean everRegistered;

  /** True while the loop thread may block in select: only then does a wake-up cost a syscall. */
  private volatile boolean selecting;

  IoMultiplexer(ArrayDeque<Runnable> ready, Queue<Runnable> inbox) {
    this.ready = ready;
    this.inbox = inbox;
    try {
      this.selector = Selector.open();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the event loop's selector", e);
    }
  }

  /**
   * Whether a channel is registered. A loop that never registered one skips the selector's key set,
   * whose size is a sum over a concurrent map's counters: measurable on every iteration.
   */
  boolean hasIo() {
    return everRegistered && !selector.keys().isEmpty();
  }

  /**
   * Waits for I/O (timeout in seconds; 0 = poll, negative = no limit) and queues the ready
   * channels; returns how many were ready. Returns at once when the inbox holds work.
   */
  int select(double timeout) {
    try {
      if (timeout == 0) {
        return selector.selectNow(readyAction);
      }
      selecting = true;
      try {
        if (!inbox.isEmpty()) {
          return selector.selectNow(readyAction);
        } else if (timeout < 0) {
          return selector.select(readyAction);
        } else {
          long millis = (long) Math.ceil(timeout * 1000);
          return millis == 0
              ? selector.selectNow(readyAction)
              : selector.select(readyAction, millis);
        }
      } finally {
        selecting = false;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("event loop selector failed", e);
    }
  }

  /** Wakes the loop if it is blocked in select (any thread). */
  void wakeup() {
    if (selecting) {
      selector.wakeup();
    }
  }

  /** Registers {@code channel} for {@code ops}; {@code cb} runs on the loop when it is ready. */
  SelectionKey register(SelectableChannel channel, int ops, IoCallback cb) throws IOException {
    channel.configureBlocking(false);
    everRegistered = true;
    IoRegistration registration = new IoRegistration(cb);
    SelectionKey key = channel.register(selector, ops, registration);
    registration.key = key;
    return key;
  }

  /**
   * Closes the channels still registered (connections nobody closed: closing the selector alone
   * would leave their descriptors open), then the selector.
   */
  void close() {
    for (SelectionKey key : selector.keys()) {
      try {
        key.channel().close();
      } catch (IOException e) {
        LOG.log(Level.WARNING, "closing a channel left open on the loop failed", e);
      }
    }
    try {
      selector.close();
    } catch (IOException e) {
      LOG.log(Level.WARNING, "closing the event loop's selector failed", e);
    }
  }

  /** Queues the registration of a ready channel with this iteration's callbacks. */
  private void queueReady(SelectionKey key) {
    if (key.isValid() && key.attachment() instanceof IoRegistration r) {
      ready.add(r);
    }
  }

  /**
   * A channel's registration: the key and what to do when it is ready. Allocated once per
   * registration and queued as it is, so a ready channel costs no allocation per event.
   */
  private static final class IoRegistration implements Runnable {
    private final IoCallback callback;
    private SelectionKey key;

    IoRegistration(IoCallback callback) {
      this.callback = callback;
    }

    @Override
    public void run() {
      if (key.isValid()) {
        callback.ready(key);
      }
    }

    @Override
    public String toString() {
      return "I/O callback " + callback + " for " + key.channel();
    }
  }
}
