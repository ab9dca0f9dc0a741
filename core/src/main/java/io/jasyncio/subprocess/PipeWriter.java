package io.jasyncio.subprocess;

import io.jasyncio.internal.io.IoLoop;
import io.jasyncio.internal.io.WriteFlow;
import io.jasyncio.streams.BrokenPipeException;
import io.jasyncio.transports.BaseProtocol;
import io.jasyncio.transports.Transport;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
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
  private BaseProtocol protocol = new BaseProtocol() {};

  private final WriteFlow flow = new WriteFlow();
  private boolean pumping;
  private boolean closing;
  private boolean eofWritten;
  private boolean lost;

  /** A transport for {@code out}; a {@code StreamWriter} over it sets its protocol. */
  PipeWriter(IoLoop loop, OutputStream out, long pid) {
    this.loop = loop;
    this.out = out;
    this.pid = pid;
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

  /** Hands {@code r} to the loop; a closed loop: nobody listens any more. */
  private void post(Runnable r) {
    loop.trySoonThreadsafe(r);
  }

  private void written(int n) {
    if (lost) {
      return;
    }
    flow.removed(n);
    if (flow.shouldResume()) {
      protocol.resumeWriting();
    }
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


  @Override
  public void write(ByteBuffer data) {
    Objects.requireNonNull(data, "data");
    if (eofWritten) {
      throw new IllegalStateException("write() after writeEof()");
    }
    int len = data.remaining();
    if (closing || lost || len == 0) {
      // Closing: dropped, as asyncio does. Lost: the protocol heard of it; drain() raises it.
      data.position(data.limit());
      return;
    }
    ensurePump();
    byte[] copy = new byte[len];
    data.get(copy);
    outbox.add(copy);
    if (flow.added(len)) {
      protocol.pauseWriting();
    }
  }

  /** For a pipe, the end of the data is the end of the pipe: the same as {@link #close()}. */
  @Override
  public void writeEof() {
    if (!closing) {
      eofWritten = true;
    }
    close();
  }

  @Override
  public boolean canWriteEof() {
    return true;
  }

  @Override
  public void close() {
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
  public int getWriteBufferSize() {
    return (int) flow.buffered();
  }

  @Override
  public void setWriteBufferLimits(int high, int low) {
    int change = flow.setLimits(high, low);
    if (change > 0) {
      protocol.pauseWriting();
    } else if (change < 0) {
      protocol.resumeWriting();
    }
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
  public void setProtocol(BaseProtocol protocol) {
    this.protocol = Objects.requireNonNull(protocol, "protocol");
  }

  @Override
  public BaseProtocol getProtocol() {
    return protocol;
  }

  @Override
  public String toString() {
    return "PipeWriter[pid=" + pid + ", " + (lost ? "closed" : closing ? "closing" : "open")
        + ", buffered=" + flow.buffered() + "]";
  }
}
