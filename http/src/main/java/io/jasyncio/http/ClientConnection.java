package io.jasyncio.http;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.TimerHandle;
import io.jasyncio.transports.BufferedProtocol;
import io.jasyncio.transports.Transport;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * The client side of one connection: a {@link BufferedProtocol} feeding the response parser.
 * One request at a time; between requests it sits idle in its session's pool, where an EOF, an
 * error or any unexpected byte makes it stale (dropped, never reused).
 *
 * <p>Threads: every method runs on the loop thread.
 */
final class ClientConnection implements BufferedProtocol {
  private static final int BODY_HIGH_WATER = 64 * 1024;
  private static final byte[] EMPTY = new byte[0];
  static final Limits CLIENT_LIMITS = new Limits(8190, 16 * 1024, 256, 256 * 1024);

  final String key;
  private final EventLoop loop;
  private final HttpParser parser = HttpParser.responses(CLIENT_LIMITS);
  private final ReadBuffer input = new ReadBuffer();
  private Transport transport;
  private boolean lost;
  private boolean peerEof;
  private boolean processing;
  private boolean writePaused;
  private Future<Void> drainWaiter;
  /** Set by the pool: called when the connection goes stale while idle. */
  Runnable onStale;
  /** Whether this connection came out of the pool's idle list for the current request. */
  boolean reused;
  boolean idle;
  TimerHandle expiry;
  // the response being read
  private boolean awaiting;
  private boolean anyByte;
  private MessageHead head;
  private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
  private int chunkOffset;
  private long buffered;
  private boolean bodyDone;
  private IOException error;
  private Future<Void> waiter;

  ClientConnection(String key, EventLoop loop) {
    this.key = key;
    this.loop = loop;
  }

  // ---------- protocol callbacks

  @Override
  public void connectionMade(Transport t) {
    transport = t;
  }

  @Override
  public ByteBuffer getBuffer(int sizeHint) {
    return input.free();
  }

  @Override
  public void bufferUpdated(int nbytes) {
    input.filled(nbytes);
    if (!awaiting) {
      // a byte nobody asked for: the connection can no longer be trusted
      stale();
      return;
    }
    anyByte = true;
    process();
  }

  @Override
  public boolean eofReceived() {
    peerEof = true;
    endOfInput(null);
    return false;
  }

  @Override
  public void connectionLost(Throwable excOrNull) {
    lost = true;
    endOfInput(excOrNull);
    Future<Void> d = drainWaiter;
    if (d != null && !d.done()) {
      drainWaiter = null;
      d.setResult(null);
    }
    if (idle && onStale != null) {
      onStale.run();
    }
  }

  @Override
  public void pauseWriting() {
    writePaused = true;
  }

  @Override
  public void resumeWriting() {
    writePaused = false;
    Future<Void> d = drainWaiter;
    if (d != null && !d.done()) {
      drainWaiter = null;
      d.setResult(null);
    }
  }

  private void endOfInput(Throwable cause) {
    if (!awaiting || bodyDone || error != null) {
      if (idle) {
        stale();
      }
      wake();
      return;
    }
    process();
    if (bodyDone || error != null) {
      wake();
      return;
    }
    try {
      if (parser.eof()) {
        bodyDone = true;
        awaiting = false;
      } else {
        error = new ClientConnectionError("Server disconnected", cause);
      }
    } catch (HttpParseException e) {
      error = head == null && !anyByte
          ? new ClientConnectionError("Server disconnected", cause)
          : new ClientPayloadError("Response payload is not completed: " + e.getMessage(), cause);
    }
    wake();
  }

  private void stale() {
    if (transport != null && !transport.isClosing()) {
      transport.abort();
    }
    if (idle && onStale != null) {
      onStale.run();
    }
  }

  // ---------- state

  Transport transport() {
    return transport;
  }

  /** Whether the connection may carry one more request. */
  boolean usable() {
    return transport != null && !lost && !peerEof && !transport.isClosing()
        && input.pending() == 0 && error == null;
  }

  /** Whether the response was read to its end and the connection may go back to the pool. */
  boolean reusable() {
    return usable() && bodyDone && head != null && head.keepAlive() && !awaiting;
  }

  boolean anyResponseByte() {
    return anyByte;
  }

  void close() {
    if (transport != null && !transport.isClosing()) {
      transport.abort();
    }
  }

  /** Whether a request on this connection still waits for (part of) its response. */
  boolean awaitingResponse() {
    return awaiting && error == null;
  }

  /** Fails what waits on this connection with {@code e}, then closes it. */
  void fail(IOException e) {
    if (error == null && awaiting) {
      error = e;
    }
    wake();
    close();
  }

  // ---------- one exchange

  /** Prepares for the response to the request about to be written. */
  void startResponse(boolean headRequest) {
    awaiting = true;
    anyByte = false;
    head = null;
    chunks.clear();
    chunkOffset = 0;
    buffered = 0;
    bodyDone = false;
    error = null;
    parser.expectNoBody(headRequest);
  }

  void write(byte[] data) throws IOException {
    if (lost || transport.isClosing()) {
      throw new ClientConnectionError("Server disconnected");
    }
    transport.write(data);
  }

  /** Suspends while the transport's write buffer is above its high-water mark. */
  void drain(RequestTimer timer) throws IOException {
    while (writePaused && !lost) {
      Future<Void> w = loop.createFuture();
      drainWaiter = w;
      timer.await(w, RequestTimer.Phase.READ);
    }
    if (lost) {
      throw error != null ? error : new ClientConnectionError("Server disconnected");
    }
  }

  /** Suspends until the response head (interim 1xx responses skipped). */
  MessageHead awaitHead(RequestTimer timer) throws IOException {
    while (true) {
      process();
      if (head != null) {
        return head;
      }
      if (error != null) {
        throw error;
      }
      if (lost) {
        throw new ClientConnectionError("Server disconnected");
      }
      waitForData(timer);
    }
  }

  /** Suspends: the next raw body bytes (at most {@code max}); empty at the end of the body. */
  byte[] readBody(int max, RequestTimer timer) throws IOException {
    while (buffered == 0) {
      if (bodyDone) {
        return EMPTY;
      }
      if (error != null) {
        throw error;
      }
      if (lost) {
        throw new ClientPayloadError("Response payload is not completed");
      }
      process();
      if (buffered > 0 || bodyDone || error != null) {
        continue;
      }
      waitForData(timer);
    }
    byte[] first = chunks.peekFirst();
    int n = Math.min(max, first.length - chunkOffset);
    byte[] out;
    if (chunkOffset == 0 && n == first.length) {
      out = first;
      chunks.pollFirst();
    } else {
      out = java.util.Arrays.copyOfRange(first, chunkOffset, chunkOffset + n);
      chunkOffset += n;
      if (chunkOffset == first.length) {
        chunks.pollFirst();
        chunkOffset = 0;
      }
    }
    buffered -= n;
    if (buffered < BODY_HIGH_WATER / 2) {
      process();
    }
    return out;
  }

  private void waitForData(RequestTimer timer) {
    Future<Void> w = loop.createFuture();
    waiter = w;
    try {
      timer.await(w, RequestTimer.Phase.READ);
    } finally {
      waiter = null;
    }
  }

  private void wake() {
    Future<Void> w = waiter;
    if (w != null) {
      waiter = null;
      if (!w.done()) {
        w.setResult(null);
      }
    }
  }

  private void process() {
    if (processing || !awaiting) {
      return;
    }
    processing = true;
    try {
      while (awaiting && buffered < BODY_HIGH_WATER && error == null) {
        ParseEvent e;
        try {
          e = parser.next(input.unread());
        } catch (HttpParseException ex) {
          input.discard();
          error = new ClientPayloadError("Malformed response: " + ex.getMessage());
          wake();
          break;
        }
        input.markRead();
        if (e == ParseEvent.NEED_MORE) {
          break;
        }
        switch (e) {
          case HEAD -> {
            MessageHead h = parser.head();
            if (h.status() >= 200 || h.status() == 101) {
              head = h;
              wake();
            }
          }
          case BODY -> {
            ByteBuffer b = parser.body();
            byte[] copy = new byte[b.remaining()];
            b.get(copy);
            chunks.add(copy);
            buffered += copy.length;
            wake();
          }
          case END -> {
            if (head != null) {
              bodyDone = true;
              awaiting = false;
              wake();
            }
          }
          default -> { }
        }
      }
      if (transport != null && !transport.isClosing()) {
        if (input.pending() >= ReadBuffer.MAX / 2) {
          transport.pauseReading();
        } else if (!transport.isReading() && !peerEof) {
          transport.resumeReading();
        }
      }
    } finally {
      processing = false;
    }
  }

  @Override
  public String toString() {
    return "ClientConnection[" + key + (idle ? ", idle" : "") + (lost ? ", lost" : "") + "]";
  }
}
