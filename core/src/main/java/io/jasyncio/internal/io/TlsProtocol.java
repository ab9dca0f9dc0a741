package io.jasyncio.internal.io;

import io.jasyncio.Future;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * TLS between a raw transport and an application protocol, through an {@link SSLEngine}
 * (asyncio's {@code SSLProtocol}). Towards the raw socket transport it is a {@link Protocol}:
 * it unwraps what arrives and wraps what the application writes. Towards the application it is
 * a {@link Transport} ({@link #appTransport()}), made known by {@code connectionMade} once the
 * handshake is done.
 *
 * <p>Closing sends {@code close_notify}, then closes the socket after the buffered data; a {@code
 * close_notify} from the peer is EOF for the application (a half-close is not possible over
 * TLS). A failed handshake fails {@link #handshake()} with the {@link SSLException}.
 *
 * <p>Loop-bound: everything runs on the loop thread, the engine's delegated tasks included
 * (they are CPU work, not blocking I/O).
 */
public final class TlsProtocol implements Protocol {
  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

  private final SSLEngine engine;
  private final SSLContext context;
  private final Protocol app;
  private final Future<Void> handshake;
  private final AppTransport appTransport = new AppTransport();
  private final ArrayDeque<byte[]> pendingWrites = new ArrayDeque<>();
  private long pendingBytes;
  private Transport raw;
  private ByteBuffer netIn;
  private ByteBuffer appIn;
  private ByteBuffer netOut;
  private boolean handshakeDone;
  private boolean appConnected;
  private boolean closing;
  private boolean lost;
  private boolean closedByUser;
  private boolean closeNotifySent;
  private Throwable fatal;

  public TlsProtocol(io.jasyncio.EventLoop loop, SSLEngine engine, SSLContext context,
      Protocol app) {
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
  public Future<Void> handshake() {
    return handshake;
  }

  /** The transport the application writes to. */
  public Transport appTransport() {
    return appTransport;
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
    if (lost || fatal != null) {
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
      ByteBuffer slice = data.slice(data.position(), n);
      netIn.put(slice);
      data.position(data.position() + n);
      try {
        process();
      } catch (SSLException e) {
        fail(e);
        return;
      }
    }
  }

  /** Runs the engine as far as it can go with the data at hand. */
  private void process() throws SSLException {
    while (fatal == null) {
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
    if (handshakeDone
        || !(hs == HandshakeStatus.NOT_HANDSHAKING || hs == HandshakeStatus.FINISHED)) {
      return;
    }
    handshakeDone = true;
    if (!handshake.done()) {
      handshake.setResult(null);
    }
    appConnected = true;
    app.connectionMade(appTransport);
    byte[] w;
    while ((w = pendingWrites.poll()) != null) {
      pendingBytes -= w.length;
      if (!lost && fatal == null) {
        wrapAll(ByteBuffer.wrap(w));
      }
    }
    if (closing && !lost) {
      sendCloseNotifyAndClose();
    }
  }

  private void deliver() {
    if (appIn.position() == 0) {
      return;
    }
    appIn.flip();
    if (appConnected && !lost) {
      app.dataReceived(appIn);
    }
    appIn.clear();
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
      if (netOut.hasRemaining() && raw != null && !lost && !raw.isClosing()) {
        raw.write(netOut.array(), netOut.arrayOffset() + netOut.position(), netOut.remaining());
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
    if (appConnected) {
      app.eofReceived(); // over TLS the connection closes: the answer does not matter
    } else if (!handshake.done()) {
      failHandshake(new SSLHandshakeException("the peer closed during the handshake"));
    }
    sendCloseNotifyAndClose();
  }

  private void sendCloseNotifyAndClose() {
    if (lost || closeNotifySent) {
      return;
    }
    closeNotifySent = true;
    closing = true;
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
    if (fatal != null) {
      return;
    }
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
        if (netOut.hasRemaining() && !lost && !raw.isClosing()) {
          raw.write(netOut.array(), netOut.arrayOffset(), netOut.remaining());
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
    if (!handshakeDone) {
      if (!handshake.done()) {
        failHandshake(
            new SSLHandshakeException("the connection was closed during the handshake"));
      }
    } else if (appConnected) {
      app.eofReceived();
    }
    return false;
  }

  @Override
  public void connectionLost(Throwable exc) {
    lost = true;
    Throwable e = exc != null ? exc : fatal;
    if (!handshake.done()) {
      failHandshake(e != null ? e
          : new SSLHandshakeException("the connection was closed during the handshake"));
    }
    if (appConnected) {
      app.connectionLost(e);
    }
  }

  @Override
  public void pauseWriting() {
    if (appConnected) {
      app.pauseWriting();
    }
  }

  @Override
  public void resumeWriting() {
    if (appConnected) {
      app.resumeWriting();
    }
  }

  // ---- towards the application -----------------------------------------------------------------

  /** What the application's writer writes to. */
  private final class AppTransport implements Transport {
    @Override
    public void write(byte[] data, int off, int len) {
      java.util.Objects.checkFromIndexSize(off, len, data.length);
      if (closedByUser) {
        throw new IllegalStateException("write() after close()");
      }
      if (lost || fatal != null || closing || len == 0) {
        return;
      }
      if (!handshakeDone) {
        pendingWrites.add(java.util.Arrays.copyOfRange(data, off, off + len));
        pendingBytes += len;
        return;
      }
      wrapAll(ByteBuffer.wrap(data, off, len));
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
      closedByUser = true;
      if (closing || lost) {
        return;
      }
      closing = true;
      raw.pauseReading();
      if (handshakeDone) {
        sendCloseNotifyAndClose();
      } else if (fatal == null && pendingWrites.isEmpty()) {
        raw.close();
      }
    }

    @Override
    public void abort() {
      closedByUser = true;
      closing = true;
      raw.abort();
    }

    @Override
    public boolean isClosing() {
      return closing || lost || raw.isClosing();
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
    public long getWriteBufferSize() {
      return raw.getWriteBufferSize() + pendingBytes;
    }

    @Override
    public void setWriteBufferLimits(Integer high, Integer low) {
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
    public void setProtocol(Protocol protocol) {
      throw new UnsupportedOperationException("the TLS application protocol is fixed");
    }

    @Override
    public Protocol getProtocol() {
      return app;
    }

    @Override
    public String toString() {
      return "TlsTransport[" + raw + "]";
    }
  }
}
