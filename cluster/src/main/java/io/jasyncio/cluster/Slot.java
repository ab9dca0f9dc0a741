package io.jasyncio.cluster;

import com.hazelcast.cluster.Member;

/**
 * The executor's view of one member: how many calls it may hold (its threads, and as many again
 * prefetched), how many it holds, and whether it is on probation after a failed call. Guarded by
 * the executor's lock.
 */
final class Slot {
  final Member member;
  final int capacity;
  int running;

  /** Until this time (System.nanoTime) nothing is sent to the member. */
  long suspendedUntil;

  /** After a failure: one call at a time until one succeeds. */
  boolean probing;

  Slot(Member member, int capacity) {
    this.member = member;
    this.capacity = capacity;
  }

  int free(long now) {
    if (now - suspendedUntil < 0) {
      return 0;
    }
    return (probing ? 1 : capacity) - running;
  }

  String address() {
    var a = member.getSocketAddress();
    return a.getAddress().getHostAddress() + ":" + a.getPort();
  }
}
