package io.jasyncio.multiprocessing;

import io.jasyncio.internal.util.ThreadSide;
import io.jasyncio.internal.process.Broker;
import io.jasyncio.internal.process.SharedObjects;
import io.jasyncio.internal.process.Wire;
import java.io.Serializable;

/**
 * Python's {@code multiprocessing.Event}: a flag shared by this process and its children. It lives
 * in the process that created it; captured by a {@link Process} target or passed inside a task's
 * arguments it arrives as a handle to the same flag.
 *
 * <p><b>Threads.</b> Thread-safe; {@link #await} blocks the calling thread (interrupted: {@link
 * java.util.concurrent.CancellationException}, interrupt status kept).
 *
 * {@snippet class=io.jasyncio.multiprocessing.MultiprocessingSnippetsTest region=processEvent}
 */
public final class ProcessEvent implements Serializable {
  private static final long serialVersionUID = 1L;

  private final String address;
  private final long id;

  /** A new event, not set. */
  public ProcessEvent() {
    this.address = Broker.get().address();
    this.id = SharedObjects.newEvent();
  }

  /** Sets the flag and wakes every process waiting for it. */
  public void set() {
    SharedOps.flag(address, id, Wire.OP_SET, 0.0);
  }

  /** Clears the flag. */
  public void clear() {
    SharedOps.flag(address, id, Wire.OP_CLEAR, 0.0);
  }

  /** Whether the flag is set. */
  public boolean isSet() {
    return SharedOps.flag(address, id, Wire.OP_IS_SET, 0.0);
  }

  /**
   * Python's {@code wait(timeout)}: blocks until the flag is set or {@code timeoutOrNull} seconds
   * passed (null: as long as needed); returns the flag.
   */
  public boolean await(Double timeoutOrNull) {
    if (timeoutOrNull == null || timeoutOrNull > 0) {
      ThreadSide.checkMayBlock(
          "ProcessEvent.await()", "in a coroutine, Asyncio.toThread(() -> event.await(t)) instead");
    }
    return SharedOps.flag(address, id, Wire.OP_WAIT, timeoutOrNull);
  }

  @Override
  public String toString() {
    return "ProcessEvent[" + id + "]";
  }
}
