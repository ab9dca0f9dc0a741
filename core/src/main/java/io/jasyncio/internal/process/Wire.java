package io.jasyncio.internal.process;

import java.nio.ByteBuffer;

/** Frame types and the binary layout of shared-object requests and replies. */
public final class Wire {
  private Wire() {}

  /** Child to parent, first frame: payload = 32-byte key, then the child's pid (long). */
  public static final byte HELLO = 1;

  /** Parent to worker: run this call; payload = the task in {@link CallCodec}'s form. */
  public static final byte CALL = 2;

  /** Worker to parent: the call returned; payload = the value in {@link CallCodec}'s form. */
  public static final byte RESULT = 3;

  /** Worker to parent: the call threw; payload = serialized exception. */
  public static final byte ERROR = 4;

  /** Worker to parent: the call threw an exception that does not serialize; payload = String[3]. */
  public static final byte UNPORTABLE = 5;

  /** Worker to parent: initializer done, ready for calls. */
  public static final byte READY = 6;

  /** Worker to parent: the initializer threw; payload as ERROR (or UNPORTABLE with id -1). */
  public static final byte INIT_FAILED = 7;

  /** Parent to a Process child: its target; payload = serialized runnable. */
  public static final byte TARGET = 8;

  /** Child to broker: a shared-object request (see {@link #request}). */
  public static final byte REQUEST = 9;

  /** Broker to child: the reply to request {@code id} (see {@link #reply}). */
  public static final byte REPLY = 10;

  /** Child to broker: give up request {@code id} if it still waits. */
  public static final byte CANCEL = 11;

  /**
   * Child to broker: a shared-object request that needs no reply (a put on an unbounded queue, a
   * task done for an item this process holds); payload as REQUEST. Handled in order with the
   * connection's other frames.
   */
  public static final byte NOTE = 12;

  /**
   * Broker to child: a task done sent as a NOTE found no unfinished item in queue {@code id}; the
   * child's next call on that queue reports it.
   */
  public static final byte LATE_TOO_MANY_DONE = 13;

  /**
   * Parent to worker: defines lambda shape {@code id} (see {@link CallCodec}); sent once per worker,
   * before the first call that uses it.
   */
  public static final byte DEFINE = 14;

  /** The key's length in bytes. */
  public static final int KEY_BYTES = 32;

  // Shared-object operations.
  public static final byte OP_PUT = 1;
  public static final byte OP_GET = 2;
  public static final byte OP_QSIZE = 3;
  public static final byte OP_TASK_DONE = 4;
  public static final byte OP_JOIN = 5;
  public static final byte OP_SET = 6;
  public static final byte OP_CLEAR = 7;
  public static final byte OP_IS_SET = 8;
  public static final byte OP_WAIT = 9;

  // Reply statuses.
  public static final byte OK = 0;
  public static final byte EMPTY = 1;
  public static final byte FULL = 2;
  public static final byte TOO_MANY_DONE = 3;
  public static final byte CANCELLED = 4;
  public static final byte NO_OBJECT = 5;
  public static final byte TIMED_OUT = 6;

  /** A request: object id, operation, block flag, timeout in seconds (NaN: none), item bytes. */
  public record Request(long object, byte op, boolean block, double timeout, byte[] item) {}

  /** A reply: status, a number (a size, a flag), item bytes (may be empty). */
  public record Reply(byte status, long number, byte[] item) {}

  public static byte[] request(Request r) {
    int n = r.item() == null ? 0 : r.item().length;
    ByteBuffer b = ByteBuffer.allocate(8 + 1 + 1 + 8 + n);
    b.putLong(r.object()).put(r.op()).put((byte) (r.block() ? 1 : 0)).putDouble(r.timeout());
    if (n > 0) {
      b.put(r.item());
    }
    return b.array();
  }

  public static Request request(byte[] payload) {
    ByteBuffer b = ByteBuffer.wrap(payload);
    long object = b.getLong();
    byte op = b.get();
    boolean block = b.get() != 0;
    double timeout = b.getDouble();
    byte[] item = new byte[b.remaining()];
    b.get(item);
    return new Request(object, op, block, timeout, item);
  }

  public static byte[] reply(Reply r) {
    int n = r.item() == null ? 0 : r.item().length;
    ByteBuffer b = ByteBuffer.allocate(1 + 8 + n);
    b.put(r.status()).putLong(r.number());
    if (n > 0) {
      b.put(r.item());
    }
    return b.array();
  }

  public static Reply reply(byte[] payload) {
    ByteBuffer b = ByteBuffer.wrap(payload);
    byte status = b.get();
    long number = b.getLong();
    byte[] item = new byte[b.remaining()];
    b.get(item);
    return new Reply(status, number, item);
  }
}
