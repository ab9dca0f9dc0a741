package io.jasyncio.subprocess;

import io.jasyncio.internal.io.IoLoop;
import io.jasyncio.streams.StreamReader;
import io.jasyncio.transports.ReadTransport;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Feeds a child's output pipe to a {@link StreamReader}. A pump thread reads the pipe (blocking)
 * and hands each chunk to the loop with {@code callSoonThreadsafe}; it reads the next chunk only
 * once the loop has taken the previous one and the reader is not paused (its buffer is not above
 * twice its limit): at most one chunk is in flight, so a slow reader holds the child back instead
 * of filling memory.
 *
 * <p>Threads: {@link #pauseReading}, {@link #resumeReading}, {@link #close} and the deliveries
 * run on the loop thread; {@link #pump} on a pump thread; they meet on this object's monitor.
 */
final class PipeReader implements ReadTransport {
  private static final int CHUNK = 64 * 1024;

  private final IoLoop loop;
  private final InputStream in;
  private final StreamReader reader;
  private final Runnable onEof;

  // Guarded by this.
  private boolean paused;
  private boolean inFlight;
  private boolean closed;

  /** Loop side: EOF or an error was delivered. */
  private boolean finished;

  PipeReader(IoLoop loop, InputStream in, StreamReader reader, Runnable onEof) {
    this.loop = loop;
    this.in = in;
    this.reader = reader;
    this.onEof = onEof;
    reader.setTransport(this);
  }

  /** Starts the pump; on the loop thread. */
  void start() {
    loop.beginExternal();
    try {
      Pumps.POOL.execute(this::pump);
    } catch (RuntimeException e) {
      loop.endExternal();
      closeQuietly();
      throw e;
    }
  }

  private void pump() {
    byte[] buf = new byte[CHUNK];
    try {
      while (true) {
        synchronized (this) {
          while ((paused || inFlight) && !closed) {
            wait();
          }
          if (closed) {
            post(() -> finish(null));
            return;
          }
        }
        int n = in.read(buf);
        if (n < 0) {
          post(() -> finish(null));
          return;
        }
        if (n == 0) {
          continue;
        }
        byte[] chunk = Arrays.copyOf(buf, n);
        synchronized (this) {
          inFlight = true;
        }
        if (!post(() -> deliver(chunk))) {
          return;
        }
      }
    } catch (IOException e) {
      boolean wasClosed;
      synchronized (this) {
        wasClosed = closed;
      }
      post(() -> finish(wasClosed ? null : e));
    } catch (InterruptedException e) {
      post(() -> finish(e));
    } finally {
      closeQuietly();
    }
  }

  /** Hands {@code r} to the loop; false if the loop is closed (nobody is listening). */
  private boolean post(Runnable r) {
    return loop.trySoonThreadsafe(r);
  }

  private void deliver(byte[] chunk) {
    if (!finished && !reader.atEof()) {
      try {
        reader.feedData(chunk);
      } catch (IllegalStateException eofFedByHand) {
        // The reader was ended by its owner: the rest of the output has nowhere to go.
      }
    }
    synchronized (this) {
      inFlight = false;
      notifyAll();
    }
  }

  private void finish(Throwable error) {
    if (finished) {
      return;
    }
    finished = true;
    loop.endExternal();
    if (error == null) {
      reader.feedEof();
    } else {
      reader.setException(error);
    }
    onEof.run();
  }

  @Override
  public synchronized boolean isReading() {
    return !paused && !closed;
  }

  @Override
  public synchronized void pauseReading() {
    paused = true;
  }

  @Override
  public synchronized void resumeReading() {
    paused = false;
    notifyAll();
  }

  /** Stops the pump after its current read; the reader then sees EOF. */
  synchronized void close() {
    closed = true;
    notifyAll();
  }

  boolean finished() {
    return finished;
  }

  private void closeQuietly() {
    try {
      in.close();
    } catch (IOException e) {
      // the descriptor is released anyway
    }
  }
}
