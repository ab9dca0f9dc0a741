package io.jasyncio.transports;

import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.internal.util.LoopBinding;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * TLS between a raw transport and an application protocol, through an {@link SSLEngine}
 * (asyncio's {@code SSLProtocol}). Towards the raw socket transport it is a {@link Protocol}: it
 * unwraps what arrives and wraps what the application writes. Towards the application it is a
 * {@link Transport} ({@link #appTransport()}), made known by {@code connectionMade} once the
 * handshake is done.
 *
 * <p>Closing sends {@code close_notify}, then closes the socket after the buffered data; a {@code
 * close_notify} from the peer is EOF for the application (a half-close is not possible over TLS).
 * A failed handshake fails {@link #handshake()} with the {@link SSLException}.
 *
 * <h2>States</h2>
 *
 * As asyncio's {@code SSLProtocolState} and {@code AppProtocolState}:
 *
 * <pre>
 * state      | entered by                                | app writes
 * -----------+-------------------------------------------+---------------------------
 * HANDSHAKE  | constructor                               | kept until the handshake ends
 * WRAPPED    | the handshake finished                    | wrapped and sent
 * SHUTDOWN   | close_notify sent (our close or the peer's)| ignored
 * FAILED     | an SSLException (alert sent, raw closing) | ignored
 * LOST       | the raw transport's connectionLost        | ignored
 *
 * app state  | entered by                       | app callbacks allowed next
 * -----------+----------------------------------+---------------------------
 * INIT       | constructor                      | connectionMade (at WRAPPED)
 * CONNECTED  | connectionMade called            | data, eofReceived, connectionLost
 * EOF        | eofReceived called               | connectionLost
 * LOST       | connectionLost called            | none
 * </pre>
 *
 * {@code closeRequested}: the application called close() (during the handshake it takes effect
 * once the handshake is done, after the writes it kept).
 *
 * <p>Loop-bound: everything runs on the loop thread, the engine's delegated tasks included (they
 * are CPU work, not blocking I/O).
 */
final class TlsProtocol implements Protocol {
  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

  enum State {
    HANDSHAKE,
    WRAPPED,
    SHUTDOWN,
    FAILED,
    LOST
  }

  enum AppState {
    INIT,
    CONNECTED,
    EOF,
    LOST
  }

  private final EventLoop loop;
  private final SSLEngine engine;
  private final SSLContext context;
  private BaseProtocol app;
  private final Future<Void> handshake;
  private final AppTransport appTransport = new AppTransport();
  private final ArrayDeque<byte[]> pendingWrites = new ArrayDeque<>();
  private long pendingBytes;
  private Transport raw;
  private ByteBuffer netIn;
  private ByteBuffer appIn;
  private ByteBuffer netOut;
  private State state = State.HANDSHAKE;
  private AppState appState = AppState.INIT;
  private boolean closeRequested;
  private final IgnoredWrites ignoredWrites = new IgnoredWrites();
  private Throwable fatal;

  TlsProtocol(EventLoop loop, SSLEngine engine, SSLContext context, BaseProtocol app) {
    Protocols.check(app);
    this.loop = loop;
    this.engine = engine;
    this.context = context;
    this.app = app;
    this.handshake = loop.createFuture();
    int packet = engine.getSession().getPacketBufferSize();
    int appSize = engine.getSession().getApplicationBufferSize();
    this.netIn = ByteBuffer.allocate(packet * 2);
    this.appIn = ByteBuffer.allocate(appSize + 64);
    this.netOut = ByteBuffer.allocate(packet);
  }

  /** Completes when the handshake is done; fails with the handshake's {@link SSLException}. */
  Future<Void> handshake() {
    return handshake;
  }

  /** The transport the application writes to. */
  Transport appTransport() {
    return appTransport;
  }

  State state() {
    return state;
  }

  AppState appState() {
    return appState;
  }

  private boolean ended() {
    return state == State.FAILED || state == State.LOST;
  }

  // ---- towards the raw transport ---------------------------------------------------------------

  @Override
  public void connectionMade(Transport transport) {
    this.raw = transport;
    try {
      engine.beginHandshake();
      process();
    } catch (SSLException e) {
      fail(e);
    }
  }

  @Override
  public void dataReceived(ByteBuffer data) {
    if (ended()) {
      return;
    }
    while (data.hasRemaining()) {
      if (!netIn.hasRemaining()) {
        ByteBuffer bigger = ByteBuffer.allocate(netIn.capacity() * 2);
        netIn.flip();
        bigger.put(netIn);
        netIn = bigger;
      }
      int n = Math.min(netIn.remaining(), data.remaining());
      netIn.put(netIn.position(), data, data.position(), n);
      netIn.position(netIn.position() + n);
      data.position(data.position() + n);
      try {
        process();
      } catch (SSLException e) {
        fail(e);
        return;
      }
      if (ended()) {
        return;
      }
    }
  }

  /** Runs the engine as far as it can go with the data at hand. */
  private void process() throws SSLException {
    while (!ended()) {
      HandshakeStatus hs = engine.getHandshakeStatus();
      if (hs == HandshakeStatus.NEED_TASK) {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
          task.run();
        }
        continue;
      }
      if (hs == HandshakeStatus.NEED_WRAP) {
        if (!wrapAndSend(EMPTY)) {
          break;
        }
        continue;
      }
      maybeHandshakeDone(hs);
      if (netIn.position() == 0 && hs != HandshakeStatus.NEED_UNWRAP_AGAIN) {
        break;
      }
      netIn.flip();
      SSLEngineResult r;
      try {
        r = engine.unwrap(netIn, appIn);
      } finally {
        netIn.compact();
      }
      switch (r.getStatus()) {
        case BUFFER_UNDERFLOW -> {
          maybeHandshakeDone(engine.getHandshakeStatus());
          return;
        }
        case BUFFER_OVERFLOW -> {
          ByteBuffer bigger = ByteBuffer.allocate(
              appIn.capacity() + engine.getSession().getApplicationBufferSize());
          appIn.flip();
          bigger.put(appIn);
          appIn = bigger;
        }
        case CLOSED -> {
          deliver();
          closeNotifyReceived();
          return;
        }
        case OK -> {
          if (r.getHandshakeStatus() == HandshakeStatus.FINISHED) {
            maybeHandshakeDone(HandshakeStatus.FINISHED);
          }
          deliver();
        }
      }
    }
  }

  /** Fails the handshake future; marked retrieved, as a server never awaits it. */
  private void failHandshake(Throwable e) {
    handshake.setException(e);
    handshake.exception();
  }

  private void maybeHandshakeDone(HandshakeStatus hs) {
    if (appState != AppState.INIT || ended()
        || !(hs == HandshakeStatus.NOT_HANDSHAKING || hs == HandshakeStatus.FINISHED)) {
      return;
    }
    if (state == State.HANDSHAKE) {
      state = State.WRAPPED;
    }
    if (!handshake.done()) {
      handshake.setResult(null);
    }
    appState = AppState.CONNECTED;
    app.connectionMade(appTransport);
    byte[] w;
    while ((w = pendingWrites.poll()) != null) {
      pendingBytes -= w.length;
      if (!ended()) {
        wrapAll(ByteBuffer.wrap(w));
      }
    }
    if (closeRequested && !ended()) {
      sendCloseNotifyAndClose();
    }
  }

  private void deliver() {
    if (appIn.position() == 0) {
      return;
    }
    appIn.flip();
    try {
      if (appState == AppState.CONNECTED && !ended()) {
        Protocols.deliver(app, appIn);
      }
    } finally {
      appIn.clear();
    }
  }

  /** Wraps from {@code src} once and hands the record to the raw transport; false if closed. */
  private boolean wrapAndSend(ByteBuffer src) throws SSLException {
    while (true) {
      netOut.clear();
      SSLEngineResult r = engine.wrap(src, netOut);
      if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
        netOut = ByteBuffer.allocate(netOut.capacity() * 2);
        continue;
      }
      netOut.flip();
      if (netOut.hasRemaining() && raw != null && state != State.LOST && !raw.isClosing()) {
        raw.write(netOut);
      }
      if (r.getHandshakeStatus() == HandshakeStatus.FINISHED) {
        maybeHandshakeDone(HandshakeStatus.FINISHED);
      }
      return r.getStatus() != SSLEngineResult.Status.CLOSED;
    }
  }

  private void wrapAll(ByteBuffer src) {
    try {
      while (src.hasRemaining()) {
        if (!wrapAndSend(src)) {
          break;
        }
      }
    } catch (SSLException e) {
      fail(e);
    }
  }

  private void closeNotifyReceived() {
    if (appState == AppState.CONNECTED) {
      appState = AppState.EOF;
      Protocols.eofReceived(app); // over TLS the connection closes: the answer does not matter
    } else if (!handshake.done()) {
      failHandshake(new SSLHandshakeException("the peer closed during the handshake"));
    }
    sendCloseNotifyAndClose();
  }

  private void sendCloseNotifyAndClose() {
    if (ended() || state == State.SHUTDOWN) {
      return;
    }
    state = State.SHUTDOWN;
    engine.closeOutbound();
    try {
      while (!engine.isOutboundDone()) {
        if (!wrapAndSend(EMPTY)) {
          break;
        }
      }
    } catch (SSLException e) {
      // The socket closes anyway.
    }
    raw.close();
  }

  private void fail(SSLException e) {
    if (ended()) {
      return;
    }
    state = State.FAILED;
    fatal = e;
    if (!handshake.done()) {
      failHandshake(e);
    }
    // Let the engine emit its alert, then close.
    try {
      engine.closeOutbound();
      while (!engine.isOutboundDone() && engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
        netOut.clear();
        SSLEngineResult r = engine.wrap(EMPTY, netOut);
        netOut.flip();
        if (netOut.hasRemaining() && !raw.isClosing()) {
          raw.write(netOut);
        }
        if (r.getStatus() != SSLEngineResult.Status.OK) {
          break;
        }
      }
    } catch (SSLException | RuntimeException ignored) {
      // the alert is a courtesy
    }
    raw.close();
  }

  @Override
  public boolean eofReceived() {
    if (appState == AppState.INIT) {
      if (!handshake.done()) {
        failHandshake(
            new SSLHandshakeException("the connection was closed during the handshake"));
      }
    } else if (appState == AppState.CONNECTED) {
      appState = AppState.EOF;
      Protocols.eofReceived(app);
    }
    return false;
  }

  @Override
  public void connectionLost(Throwable exc) {
    state = State.LOST;
    Throwable e = exc != null ? exc : fatal;
    if (!handshake.done()) {
      failHandshake(e != null ? e
          : new SSLHandshakeException("the connection was closed during the handshake"));
    }
    if (appState == AppState.CONNECTED || appState == AppState.EOF) {
      appState = AppState.LOST;
      app.connectionLost(e);
    }
  }

  @Override
  public void pauseWriting() {
    if (appState == AppState.CONNECTED || appState == AppState.EOF) {
      app.pauseWriting();
    }
  }

  @Override
  public void resumeWriting() {
    if (appState == AppState.CONNECTED || appState == AppState.EOF) {
      app.resumeWriting();
    }
  }

  @Override
  public String toString() {
    return "TlsProtocol[" + state + ", app " + appState + "]";
  }

  // ---- towards the application -----------------------------------------------------------------

  /** What the application writes to. */
  private final class AppTransport implements Transport {

    @Override
    public void write(ByteBuffer data) {
      LoopBinding.checkThread(loop, this, "write");
      Objects.requireNonNull(data, "data");
      int len = data.remaining();
      if (len == 0) {
        return;
      }
      if (closeRequested || state != State.HANDSHAKE && state != State.WRAPPED) {
        ignoredWrites.drop(data, loop, this);
        return;
      }
      if (appState == AppState.INIT) {
        byte[] copy = new byte[len];
        data.get(copy);
        pendingWrites.add(copy);
        pendingBytes += len;
        return;
      }
      wrapAll(data);
    }


    @Override
    public void writeEof() {
      throw new UnsupportedOperationException("TLS cannot half-close: use close()");
    }

    @Override
    public boolean canWriteEof() {
      return false;
    }

    @Override
    public void close() {
      if (closeRequested || ended() || state == State.SHUTDOWN) {
        closeRequested = true;
        return;
      }
      closeRequested = true;
      raw.pauseReading();
      if (appState != AppState.INIT) {
        sendCloseNotifyAndClose();
      } else if (pendingWrites.isEmpty()) {
        raw.close();
      }
    }

    @Override
    public void abort() {
      closeRequested = true;
      raw.abort();
    }

    @Override
    public boolean isClosing() {
      return closeRequested || state != State.HANDSHAKE && state != State.WRAPPED
          || raw.isClosing();
    }

    @Override
    public void pauseReading() {
      raw.pauseReading();
    }

    @Override
    public void resumeReading() {
      raw.resumeReading();
    }

    @Override
    public boolean isReading() {
      return raw.isReading();
    }

    @Override
    public int getWriteBufferSize() {
      return (int) (raw.getWriteBufferSize() + pendingBytes);
    }

    @Override
    public void setWriteBufferLimits(int high, int low) {
      raw.setWriteBufferLimits(high, low);
    }

    @Override
    public int[] getWriteBufferLimits() {
      return raw.getWriteBufferLimits();
    }

    @Override
    public Object getExtraInfo(String name) {
      return switch (name) {
        case "sslcontext" -> context;
        case "sslsession", "ssl_object" -> engine.getSession();
        case "peercert" -> {
          try {
            yield engine.getSession().getPeerCertificates();
          } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
            yield null;
          }
        }
        default -> raw.getExtraInfo(name);
      };
    }

    @Override
    public void setProtocol(BaseProtocol protocol) {
      Protocols.check(protocol);
      app = protocol;
    }

    @Override
    public BaseProtocol getProtocol() {
      return app;
    }

    @Override
    public String toString() {
      return "TlsTransport[" + state + ", " + raw + "]";
    }
  }
}
