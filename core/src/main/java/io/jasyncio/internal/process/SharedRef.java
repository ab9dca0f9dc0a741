package io.jasyncio.internal.process;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Performs a shared-object request wherever the object lives: here (this process's broker holds
 * it) or in the parent (through the {@link ParentLink}). Any other process is out of reach.
 */
public final class SharedRef {
  private SharedRef() {}

  private static final Object LOCAL = new Object();
  private static final AtomicLong IDS = new AtomicLong();

  /** Whether an object of the broker at {@code address} can be reached from this process. */
  public static boolean reachable(String address) {
    ParentLink link = ParentLink.current();
    return address.equals(Broker.localAddress()) || (link != null && address.equals(link.address()));
  }

  /** Performs {@code r} on the object of the broker at {@code address}; blocks for the reply. */
  public static Wire.Reply call(String address, Wire.Request r) {
    if (address.equals(Broker.localAddress())) {
      long id = IDS.incrementAndGet();
      CompletableFuture<Wire.Reply> reply = new CompletableFuture<>();
      SharedObjects.handle(LOCAL, id, r, reply::complete);
      return await(reply, () -> SharedObjects.cancel(LOCAL, id));
    }
    ParentLink link = ParentLink.current();
    if (link != null && address.equals(link.address())) {
      return link.call(r);
    }
    throw new IllegalStateException(
        "this queue or event belongs to another process tree: it can be used in the process that"
            + " created it and in that process's children only");
  }

  /**
   * Puts {@code item} on an unbounded queue of the parent without awaiting the reply; false when
   * the queue is not the parent's (the caller then calls and waits).
   */
  public static boolean putUnboundedNoReply(String address, long object, byte[] item) {
    ParentLink link = ParentLink.current();
    if (link == null || !address.equals(link.address()) || address.equals(Broker.localAddress())) {
      return false;
    }
    link.note(new Wire.Request(object, Wire.OP_PUT, false, 0, item));
    return true;
  }

  /**
   * Marks a task done on a queue of the parent without awaiting the reply, when this process holds
   * an item of it not yet marked done; false otherwise (the caller then calls and waits).
   */
  public static boolean taskDoneNoReply(String address, long object) {
    ParentLink link = ParentLink.current();
    if (link == null || !address.equals(link.address()) || address.equals(Broker.localAddress())) {
      return false;
    }
    return link.noteTaskDone(object);
  }

  /**
   * Waits for {@code reply}. When the thread is interrupted, runs {@code cancel} once and waits on
   * for the final reply (CANCELLED, or what was already on its way); the interrupt status is set
   * again before returning.
   */
  static Wire.Reply await(CompletableFuture<Wire.Reply> reply, Runnable cancel) {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return reply.get();
        } catch (InterruptedException e) {
          if (!interrupted) {
            interrupted = true;
            cancel.run();
          }
        } catch (ExecutionException e) {
          throw new IllegalStateException(e.getCause());
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
