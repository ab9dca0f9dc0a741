package io.jasyncio.multiprocessing;

import io.jasyncio.internal.process.CallCodec;
import io.jasyncio.internal.process.SharedRef;
import io.jasyncio.internal.process.Wire;
import io.jasyncio.queues.QueueEmpty;
import io.jasyncio.queues.QueueFull;
import java.io.IOException;
import java.util.concurrent.CancellationException;

/** The operations of the cross-process queues and event, wherever the object lives. */
final class SharedOps {
  private SharedOps() {}

  static double timeout(boolean block, Double timeoutOrNull) {
    if (timeoutOrNull != null && Double.isNaN(timeoutOrNull)) {
      throw new IllegalArgumentException("timeout must be a number of seconds, not NaN");
    }
    if (!block) {
      return 0;
    }
    return timeoutOrNull == null ? Double.NaN : Math.max(0, timeoutOrNull);
  }

  static Wire.Reply call(String address, long id, byte op, boolean block, double timeout, byte[] item) {
    Wire.Reply r = SharedRef.call(address, new Wire.Request(id, op, block, timeout, item));
    if (r.status() == Wire.CANCELLED) {
      throw new CancellationException("interrupted while waiting");
    }
    if (r.status() == Wire.NO_OBJECT) {
      throw new IllegalStateException("the shared object no longer exists in its process");
    }
    if (r.status() == Wire.TOO_MANY_DONE) {
      throw new IllegalStateException("taskDone() called more times than there were items");
    }
    return r;
  }

  static void put(
      String address, long id, boolean unbounded, Object item, boolean block, Double timeoutOrNull) {
    byte[] bytes = CallCodec.encodeValue(item, "queue item");
    double timeout = timeout(block, timeoutOrNull);
    if (unbounded && SharedRef.putUnboundedNoReply(address, id, bytes)) {
      return; // never full, never waits: ordered with this process's later requests
    }
    Wire.Reply r = call(address, id, Wire.OP_PUT, block, timeout, bytes);
    if (r.status() == Wire.FULL) {
      throw new QueueFull("the queue is full");
    }
  }

  @SuppressWarnings("unchecked")
  static <T> T get(String address, long id, boolean block, Double timeoutOrNull) {
    Wire.Reply r = call(address, id, Wire.OP_GET, block, timeout(block, timeoutOrNull), null);
    if (r.status() == Wire.EMPTY) {
      throw new QueueEmpty("the queue is empty");
    }
    try {
      return (T) CallCodec.decodeValue(r.item());
    } catch (IOException | ClassNotFoundException e) {
      throw new IllegalArgumentException("a queue item cannot be read: " + e.getMessage(), e);
    }
  }

  static int qsize(String address, long id) {
    return (int) call(address, id, Wire.OP_QSIZE, false, 0, null).number();
  }

  static void taskDone(String address, long id) {
    if (!SharedRef.taskDoneNoReply(address, id)) {
      call(address, id, Wire.OP_TASK_DONE, false, 0, null); // one too many throws
    }
  }

  static boolean join(String address, long id, Double timeoutOrNull) {
    return call(address, id, Wire.OP_JOIN, true, timeout(true, timeoutOrNull), null).number() == 1;
  }

  static boolean flag(String address, long id, byte op, Double timeoutOrNull) {
    return call(address, id, op, true, timeout(true, timeoutOrNull), null).number() == 1;
  }
}
