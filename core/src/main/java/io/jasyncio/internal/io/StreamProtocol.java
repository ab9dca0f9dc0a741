package io.jasyncio.internal.io;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.streams.BrokenPipeException;
import io.jasyncio.streams.ConnectionResetException;
import io.jasyncio.streams.StreamReader;
import io.jasyncio.streams.StreamWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.function.BiConsumer;

/**
 * The protocol between a transport and a {@link StreamReader}/{@link StreamWriter} pair:
 * asyncio's {@code StreamReaderProtocol} with its {@code FlowControlMixin}. It feeds received
 * bytes to the reader, parks {@code drain()} callers while the transport's buffer is above its
 * high-water mark, and completes the "closed" future when the connection ends.
 *
 * <p>Loop-bound: every method runs on the loop thread.
 */
public class StreamProtocol implements Protocol {
  private final EventLoop loop;
  private final StreamReader reader;
  private final BiConsumer<StreamReader, StreamWriter> onConnected;
  private final Future<Void> closed;
  private final ArrayDeque<Future<Void>> drainWaiters = new ArrayDeque<>();
  private Transport transport;
  private StreamWriter writer;
  private boolean paused;
  private boolean connectionLost;
  private Throwable lostException;
  private boolean overSsl;

  /**
   * A protocol feeding {@code reader} (null for a write-only pipe); {@code onConnected}, when not
   * null, gets the reader and a new writer as soon as the connection is made (servers).
   */
  public StreamProtocol(
      EventLoop loop, StreamReader reader, BiConsumer<StreamReader, StreamWriter> onConnected) {
    this.loop = loop;
    this.reader = reader;
    this.onConnected = onConnected;
    this.closed = loop.createFuture();
  }

  @Override
  public void connectionMade(Transport t) {
    this.transport = t;
    this.overSsl = t.getExtraInfo("sslcontext") != null;
    if (reader != null) {
      StreamsBridge.get().setTransport(reader, t);
    }
    if (onConnected != null) {
      writer = StreamsBridge.get().newWriter(t, this, reader);
      onConnected.accept(reader, writer);
    }
  }

  @Override
  public void dataReceived(ByteBuffer data) {
    if (reader != null) {
      reader.feedData(data);
    }
  }

  @Override
  public boolean eofReceived() {
    if (reader != null) {
      reader.feedEof();
    }
    // Over TLS a half-close is not possible: the transport closes.
    return !overSsl;
  }

  @Override
  public void connectionLost(Throwable exc) {
    if (reader != null) {
      if (exc == null) {
        reader.feedEof();
      } else {
        reader.setException(exc);
      }
    }
    if (exc == null) {
      closed.setResult(null);
    } else {
      closed.setException(exc);
      closed.exception(); // retrieved: waitClosed() raises it, but nobody has to call it
    }
    connectionLost = true;
    lostException = exc;
    Future<Void> w;
    while ((w = drainWaiters.poll()) != null) {
      if (!w.done()) {
        if (exc == null) {
          w.setResult(null);
        } else {
          w.setException(lostCopy());
        }
      }
    }
  }

  @Override
  public void pauseWriting() {
    paused = true;
  }

  @Override
  public void resumeWriting() {
    paused = false;
    Future<Void> w;
    while ((w = drainWaiters.poll()) != null) {
      if (!w.done()) {
        w.setResult(null);
      }
    }
  }

  private IOException lostCopy() {
    Throwable e = lostException;
    if (e instanceof BrokenPipeException) {
      return new BrokenPipeException("Broken pipe", e);
    }
    return new ConnectionResetException("Connection lost", e);
  }

  /** Suspends while the transport's buffer is above its high-water mark (see drain()). */
  public void drainHelper() throws IOException {
    if (connectionLost) {
      throw lostCopy();
    }
    if (!paused) {
      return;
    }
    Future<Void> w = loop.createFuture();
    drainWaiters.add(w);
    try {
      Asyncio.await(w);
    } finally {
      drainWaiters.remove(w);
    }
  }

  /** Completes when the connection is closed (with its exception if it failed). */
  public Future<Void> closedFuture() {
    return closed;
  }

  public boolean isConnectionLost() {
    return connectionLost;
  }

  public Transport transport() {
    return transport;
  }

  public StreamWriter writer() {
    return writer;
  }
}
