package io.jasyncio.cluster;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One dispatched unit: a callable, a runnable, or a function with a chunk of arguments, and the
 * futures of its results (one per argument). The fields after {@code futures} are guarded by the
 * executor's lock.
 */
final class Call {
  static final int PENDING = 0;
  static final int SENT = 1;
  static final int DONE = 2;

  /** The user's task, kept for {@code shutdownNow()}'s list of calls that never started. */
  final Object task;

  final byte[] payload;
  final List<CompletableFuture<Object>> futures;

  /** PENDING: in the executor's queue; SENT: on a member ({@link #slot}); DONE: settled. */
  int state = PENDING;

  /** The member running it while SENT. */
  Slot slot;

  /** How many times it was sent; a result from an earlier attempt is ignored. */
  int attempts;

  Call(Object task, byte[] payload, List<CompletableFuture<Object>> futures) {
    this.task = task;
    this.payload = payload;
    this.futures = futures;
  }

  Work work() {
    return new Work(payload, futures.size());
  }
}
