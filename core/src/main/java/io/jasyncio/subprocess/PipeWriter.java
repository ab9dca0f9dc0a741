package io.jasyncio.subprocess;

import io.jasyncio.internal.io.IoLoop;
import io.jasyncio.internal.io.Protocol;
import io.jasyncio.internal.io.Transport;
import io.jasyncio.internal.io.WriteFlow;
import io.jasyncio.streams.BrokenPipeException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A transport over a child's input pipe. {@link #write} copies the bytes into a queue (counted
 * against the water marks on the loop side); a pump thread, started at the first write, writes
 * them to the pipe and reports each chunk written back to the loop, which shrinks the buffer and
 * resumes a paused writer. Closing queues an end marker: the pipe is closed after the data.
 *
 * <p>Threads: every {@link Transport} method runs on the loop thread; {@link #pump} on a pump
 * thread; they share only the blocking queue and the {@code aborted} flag.
 */
final class PipeWriter implements Transport {
  private static final byte[] END = new byte[0];

  private final IoLoop loop;
  private final OutputStream out;
  private final long pid;
  private final LinkedBlockingQueue<byte[]> outbox = new LinkedBlockingQueue<>();
  private volatile boolean aborted;
  private Protocol protocol;

  private final WriteFlow flow = new WriteFlow();
  private boolean pumping;
  private boolean closing;
  private boolean closedByUser;
  private boolean lost;

  PipeWriter(IoLoop loop, OutputStream out, long pid, Protocol protocol) {
    this.loop = loop;
    this.out = out;
    this.pid = pid;
    this.protocol = protocol;
  }

  private void ensurePump() {
    if (pumping) {
      return;
    }
    pumping = true;
    loop.beginExternal();
    try {
      Pumps.POOL.execute(this::pump);
    } catch (RuntimeException e) {
      loop.endExternal();
      throw e;
    }
  }

  private void pump() {
    Throwable error = null;
    try {
      while (true) {
        byte[] chunk = outbox.take();
        if (chunk == END) {
          break;
        }
        if (aborted) {
          continue;
        }
        out.write(chunk);
        out.flush();
        int n = chunk.length;
        post(() -> written(n));
      }
    } catch (IOException e) {
      error = new BrokenPipeException("Broken pipe: the child process closed its input", e);
    } catch (InterruptedException e) {
      error = e;
    } finally {
      try {
        out.close();
      } catch (IOException e) {
        if (error == null && !aborted) {
          error = new BrokenPipeException("Broken pipe: closing the child's input failed", e);
        }
      }
    }
    Throwable exc = error;
    post(() -> pumpEnded(exc));
  }

  private void post(Runnable r) {
    try {
      loop.callSoonThreadsafe(r);
    } catch (IllegalStateException loopClosed) {
      // Nobody listens any more.
    }
  }

  private void written(int n) {
    if (lost) {
      return;
    }
    flow.removed(n);
    flow.resumeIfDrained(protocol);
  }

  private void pumpEnded(Throwable exc) {
    loop.endExternal();
    connectionLost(exc);
  }

  private void connectionLost(Throwable exc) {
    if (lost) {
      return;
    }
    lost = true;
    closing = true;
    flow.clear();
    protocol.connectionLost(exc);
  }

  void start() {
    protocol.connectionMade(this);
  }

  @Override
  public void write(byte[] data, int off, int len) {
    Objects.checkFromIndexSize(off, len, data.length);
    if (closedByUser) {
      throw new IllegalStateException("write() after close()");
    }
    if (lost || len == 0) {
      return; // a broken pipe was reported to the protocol; drain() raises it
    }
    ensurePump();
    outbox.add(Arrays.copyOfRange(data, off, off + len));
    flow.added(len, protocol);
  }

  /** For a pipe, the end of the data is the end of the pipe: the same as {@link #close()}. */
  @Override
  public void writeEof() {
    close();
  }

  @Override
  public boolean canWriteEof() {
    return true;
  }

  @Override
  public void close() {
    closedByUser = true;
    if (closing) {
      return;
    }
    closing = true;
    if (lost) {
      return;
    }
    if (!pumping) {
      try {
        out.close();
      } catch (IOException e) {
        // nothing was written: nothing is lost
      }
      loop.callSoon(() -> connectionLost(null));
      return;
    }
    outbox.add(END);
  }

  @Override
  public void abort() {
    aborted = true;
    close();
  }

  @Override
  public boolean isClosing() {
    return closing;
  }

  @Override
  public void pauseReading() {
    throw new UnsupportedOperationException("a child's input pipe is not read");
  }

  @Override
  public void resumeReading() {
    throw new UnsupportedOperationException("a child's input pipe is not read");
  }

  @Override
  public boolean isReading() {
    return false;
  }

  @Override
  public long getWriteBufferSize() {
    return flow.buffered();
  }

  @Override
  public void setWriteBufferLimits(Integer high, Integer low) {
    flow.setLimits(high, low, protocol);
  }

  @Override
  public int[] getWriteBufferLimits() {
    return flow.limits();
  }

  @Override
  public Object getExtraInfo(String name) {
    return switch (name) {
      case "pipe" -> out;
      case "pid" -> pid;
      default -> null;
    };
  }

  @Override
  public void setProtocol(Protocol protocol) {
    this.protocol = Objects.requireNonNull(protocol, "protocol");
  }

  @Override
  public Protocol getProtocol() {
    return protocol;
  }

  @Override
  public String toString() {
    return "PipeWriter[pid=" + pid + ", " + (lost ? "closed" : closing ? "closing" : "open")
        + ", buffered=" + flow.buffered() + "]";
  }
}
