package io.jasyncio.http;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.Task;
import io.jasyncio.TimerHandle;
import io.jasyncio.transports.BufferedProtocol;
import io.jasyncio.transports.Transport;
import java.io.IOException;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * The server side of one connection: a {@link BufferedProtocol} that feeds the request parser
 * from its own read buffer and runs one task per request.
 *
 * <p>Requests are answered one at a time, in order: while a request is being handled, the parser
 * stops after its body, so pipelined requests wait in the read buffer (reading pauses when it
 * fills up). The body reaches the handler through a small queue; when the handler reads slowly
 * the parser stops and, the buffer filling up, reading pauses (back-pressure on the client).
 * Writing a streamed response waits while the transport is above its high-water mark.
 *
 * <p>Timers: an idle connection (no byte of a next request) is closed after {@code
 * keepAliveTimeout}; a request whose headers are not complete {@code headerTimeout} after its
 * first byte gets a 408 and the connection is closed. The client going away cancels the task of
 * the request being handled.
 *
 * <p>Threads: every method runs on the loop thread.
 */
final class ServerConnection implements BufferedProtocol {
  private static final int BODY_HIGH_WATER = 64 * 1024;
  private static final byte[] EMPTY = new byte[0];
  private static final byte[] CONTINUE =
      "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
  private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
  private static final double LINGER = 2.0;

  private final WebServer server;
  private final Application app;
  private final EventLoop loop;
  private final ServerOptions options;
  private final HttpParser parser;
  private final ReadBuffer input = new ReadBuffer();
  private Transport transport;
  private SocketAddress remote;
  private Exchange current;
  private boolean processing;
  private boolean lost;
  private boolean peerEof;
  private boolean lingering;
  private boolean shuttingDown;
  private boolean writePaused;
  private Future<Void> drainWaiter;
  private TimerHandle idleTimer;
  private double idleSince;
  private TimerHandle headerTimer;

  ServerConnection(WebServer server) {
    this.server = server;
    this.app = server.app();
    this.loop = server.loop();
    this.options = server.options();
    this.parser = HttpParser.requests(options.limits());
  }

  // ---------- protocol callbacks

  @Override
  public void connectionMade(Transport t) {
    transport = t;
    Object peer = t.getExtraInfo("peername");
    remote = peer instanceof SocketAddress a ? a : null;
    server.register(this);
    if (shuttingDown) {
      t.close();
      return;
    }
    armTimers();
  }

  @Override
  public ByteBuffer getBuffer(int sizeHint) {
    return input.free();
  }

  @Override
  public void bufferUpdated(int nbytes) {
    input.filled(nbytes);
    if (lingering) {
      input.discard();
      return;
    }
    process();
  }

  /**
   * The client closed its side: as aiohttp, the connection is closed, which cancels the request
   * being handled (a client that half-closes gets no answer).
   */
  @Override
  public boolean eofReceived() {
    peerEof = true;
    return false;
  }

  @Override
  public void connectionLost(Throwable excOrNull) {
    lost = true;
    cancelTimers();
    Exchange ex = current;
    if (ex != null) {
      ex.fail(new IOException("the client closed the connection"));
      if (ex.task != null && !ex.task.done()) {
        ex.task.cancel("the client closed the connection");
      }
    }
    wakeDrain();
    server.unregister(this);
  }

  @Override
  public void pauseWriting() {
    writePaused = true;
  }

  @Override
  public void resumeWriting() {
    writePaused = false;
    wakeDrain();
  }

  private void wakeDrain() {
    Future<Void> w = drainWaiter;
    if (w != null) {
      drainWaiter = null;
      if (!w.done()) {
        w.setResult(null);
      }
    }
  }

  // ---------- server side

  /** Graceful shutdown: an idle connection closes now, a busy one after its response. */
  void shutdown() {
    shuttingDown = true;
    if (transport != null && current == null && !lost) {
      transport.close();
    }
  }

  /**
   * Ends the connection at once, cancelling the request being handled; returns its task (to
   * await) or null.
   */
  Task<Void> abort() {
    Task<Void> t = null;
    if (current != null && current.task != null && !current.task.done()) {
      t = current.task;
      t.cancel("the server closed the connection");
    }
    if (transport != null) {
      transport.abort();
    }
    return t;
  }

  boolean busy() {
    return current != null;
  }

  // ---------- parsing

  private void process() {
    if (processing || lost || lingering) {
      return;
    }
    processing = true;
    try {
      loop:
      while (!lost && !lingering && !transport.isClosing()) {
        if (current != null && (current.bodyDone || current.buffered >= BODY_HIGH_WATER)) {
          break;
        }
        ParseEvent e;
        try {
          e = parser.next(input.unread());
        } catch (HttpParseException ex) {
          input.discard();
          parseError(ex);
          return;
        }
        input.markRead();
        switch (e) {
          case NEED_MORE -> {
            break loop;
          }
          case HEAD -> startRequest(parser.head());
          case BODY -> current.feed(parser.body());
          case END -> current.bodyEnd();
          default -> throw new IllegalStateException(e.toString());
        }
      }
      if (lost || transport.isClosing()) {
        return;
      }
      if (current == null) {
        if (peerEof) {
          // the client sent all it will send: answer nothing more
          transport.close();
          return;
        }
        armTimers();
      }
      // flow control of the socket: stop reading while the buffer holds a lot not parsed
      if (input.pending() >= ReadBuffer.MAX / 2) {
        transport.pauseReading();
      } else if (!transport.isReading() && !peerEof) {
        transport.resumeReading();
      }
    } finally {
      processing = false;
    }
  }

  /**
   * The idle timer is not moved per request: the connection notes when it went idle, and a timer
   * that fires early (the connection was busy since) re-arms itself for the rest. A keep-alive
   * request then costs no timer at all instead of one scheduled and one cancelled.
   */
  private void armTimers() {
    if (parser.idle()) {
      cancelHeaderTimer();
      idleSince = loop.time();
      if (idleTimer == null) {
        idleTimer = loop.callLater(options.keepAliveTimeout(), this::idleTimeout);
      }
    } else {
      cancelIdleTimer();
      if (headerTimer == null) {
        headerTimer = loop.callLater(options.headerTimeout(), this::headerTimeout);
      }
    }
  }

  private void idleTimeout() {
    idleTimer = null;
    if (lost || current != null || !parser.idle()) {
      return; // busy or inside a head: armTimers arms it again when the connection idles
    }
    double deadline = idleSince + options.keepAliveTimeout();
    if (loop.time() < deadline) {
      idleTimer = loop.callAt(deadline, this::idleTimeout);
      return;
    }
    transport.close();
  }

  private void headerTimeout() {
    headerTimer = null;
    if (current == null && parser.inHead() && !lost) {
      sendErrorAndClose(408, "request headers not received in time");
    }
  }

  private void cancelIdleTimer() {
    if (idleTimer != null) {
      idleTimer.cancel();
      idleTimer = null;
    }
  }

  private void cancelHeaderTimer() {
    if (headerTimer != null) {
      headerTimer.cancel();
      headerTimer = null;
    }
  }

  private void cancelTimers() {
    cancelIdleTimer();
    cancelHeaderTimer();
  }

  private void parseError(HttpParseException ex) {
    if (current != null) {
      // inside a body: the handler hears of it, the connection closes after its answer
      current.fail(new HttpException(ex.status(), ex.getMessage()));
      return;
    }
    sendErrorAndClose(ex.status(), ex.getMessage());
  }

  private void sendErrorAndClose(int status, String message) {
    cancelTimers();
    byte[] body = (status + " " + Statuses.reason(status) + ": " + message + "\n")
        .getBytes(StandardCharsets.UTF_8);
    Headers h = Headers.of("Content-Type", "text/plain; charset=utf-8");
    byte[] head = encodeHead(status, h, body.length, false, false, false);
    transport.write(concat(head, body));
    lingerClose();
  }

  /** Closes after the response, reading and dropping what the client still sends for a while. */
  private void lingerClose() {
    if (lost || transport.isClosing()) {
      return;
    }
    if (transport.canWriteEof() && !peerEof) {
      lingering = true;
      transport.writeEof();
      if (!transport.isReading()) {
        transport.resumeReading();
      }
      loop.callLater(LINGER, () -> {
        if (!lost) {
          transport.close();
        }
      });
    } else {
      transport.close();
    }
  }

  private void startRequest(MessageHead head) {
    cancelHeaderTimer(); // the idle timer stays: it finds the connection busy, or re-arms
    String target = head.target();
    String rawPath;
    String query = "";
    if (target.startsWith("/")) {
      int q = target.indexOf('?');
      rawPath = q < 0 ? target : target.substring(0, q);
      query = q < 0 ? "" : target.substring(q + 1);
    } else if (target.equals("*")) {
      rawPath = "*";
    } else {
      try {
        URI u = new URI(target);
        if (u.getRawPath() == null || u.getScheme() == null) {
          throw new java.net.URISyntaxException(target, "not absolute");
        }
        rawPath = u.getRawPath().isEmpty() ? "/" : u.getRawPath();
        query = u.getRawQuery() == null ? "" : u.getRawQuery();
      } catch (java.net.URISyntaxException e) {
        sendErrorAndClose(400, "bad request target");
        return;
      }
    }
    int hash = query.indexOf('#');
    if (hash >= 0) {
      query = query.substring(0, hash);
    }
    String path = UrlCodec.decodePath(rawPath);
    if (path == null) {
      sendErrorAndClose(400, "bad percent-encoding in the path");
      return;
    }
    Exchange ex = new Exchange(head);
    current = ex;
    Request request = new Request(ex, head, rawPath, path, query, remote, app.clientMaxSize());
    ex.task = loop.createTask(() -> ex.run(request), "http " + head.method() + " " + rawPath);
    ex.task.addDoneCallback(f -> ex.taskDone());
  }

  // ---------- writing

  /** The head alone, as a fresh array (error answers and streamed responses). */
  byte[] encodeHead(int status, Headers h, long contentLength, boolean chunked,
      boolean keepAlive, boolean http10KeepAlive) {
    ByteBuffer b = server.encoder().encode(status, h, contentLength, chunked, keepAlive,
        http10KeepAlive, null);
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** Suspends while the transport's write buffer is above its high-water mark. */
  void drain() throws IOException {
    while (writePaused && !lost) {
      Future<Void> w = loop.createFuture();
      drainWaiter = w;
      Asyncio.await(w);
    }
    if (lost) {
      throw new IOException("the client closed the connection");
    }
  }

  /** One request and its response. */
  final class Exchange {
    final MessageHead head;
    Task<Void> task;
    // the request body, as it arrives
    private ArrayDeque<byte[]> chunks; // made when the first body piece arrives
    private int chunkOffset;
    long buffered;
    boolean bodyDone;
    private Future<Void> bodyWaiter;
    private Throwable bodyError;
    private boolean continueSent;
    // the response
    private boolean headSent;
    private boolean finished;
    private boolean keepAlive;
    private boolean chunkedOut;
    private long lengthOut = -1;
    private long written;

    Exchange(MessageHead head) {
      this.head = head;
    }

    Void run(Request request) throws IOException {
      Response resp;
      try {
        resp = app.dispatch(request);
        if (resp == null) {
          throw new IllegalStateException("the handler returned no response");
        }
      } catch (HttpException e) {
        resp = e.toResponse();
      } catch (IOException | RuntimeException e) {
        if (lost) {
          return null;
        }
        resp = internalError(request, e);
      } catch (Exception e) {
        resp = internalError(request, e);
      }
      if (resp instanceof StreamResponse sr && sr.prepared()) {
        if (sr.exchangeIs(this)) {
          sr.writeEof();
        } else {
          transport.abort();
          return null;
        }
      } else if (headSent) {
        // a stream was started, then the handler failed or returned another response: the
        // client cannot be told but by closing the connection
        transport.abort();
        return null;
      } else {
        writeComplete(resp);
      }
      responseDone();
      return null;
    }

    private Response internalError(Request request, Exception e) {
      Map<String, Object> ctx = new HashMap<>();
      ctx.put("message", "Error handling request " + request);
      ctx.put("exception", e);
      ctx.put("request", request);
      loop.callExceptionHandler(ctx);
      return Response.text("500 Internal Server Error\n\nServer got itself in trouble\n")
          .withStatus(500);
    }

    private boolean decideKeepAlive(Headers responseHeaders) {
      if (!head.keepAlive() || shuttingDown || peerEof || lost) {
        return false;
      }
      if (!bodyDone) {
        return false;
      }
      String c = responseHeaders.get("Connection");
      return c == null || !c.equalsIgnoreCase("close");
    }

    private void writeComplete(Response resp) {
      Headers h = resp.headersShared();
      int status = resp.status();
      byte[] body = resp.bodyShared();
      keepAlive = decideKeepAlive(h);
      boolean noBodyStatus = status < 200 || status == 204 || status == 304;
      long cl = noBodyStatus ? -1 : body.length;
      boolean sendBody = !noBodyStatus && !head.method().equals("HEAD") && body.length > 0;
      boolean inline = sendBody && body.length <= ResponseEncoder.INLINE_BODY;
      headSent = true;
      // head and a small body in one write from the server's reusable buffer (the transport
      // copies what the socket does not take at once)
      transport.write(server.encoder().encode(status, h, cl, false, keepAlive,
          keepAlive && head.minorVersion() == 0, inline ? body : null));
      if (sendBody && !inline) {
        transport.write(body);
      }
    }

    void startStream(StreamResponse sr) throws IOException {
      if (headSent) {
        throw new IllegalStateException("a response was sent to this request already");
      }
      if (lost) {
        throw new IOException("the client closed the connection");
      }
      Headers h = sr.headersShared();
      keepAlive = decideKeepAlive(h);
      String cl = h.get("Content-Length");
      boolean noBody = head.method().equals("HEAD") || sr.status() == 204 || sr.status() == 304
          || sr.status() < 200;
      if (cl != null) {
        try {
          lengthOut = Long.parseLong(cl.strip());
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("bad Content-Length: " + cl);
        }
        if (lengthOut < 0) {
          throw new IllegalArgumentException("bad Content-Length: " + cl);
        }
      } else if (!noBody && head.minorVersion() == 1) {
        chunkedOut = true;
      } else if (!noBody) {
        keepAlive = false; // HTTP/1.0: the body ends when the connection does
      }
      headSent = true;
      transport.write(encodeHead(sr.status(), h, lengthOut, chunkedOut, keepAlive,
          keepAlive && head.minorVersion() == 0));
    }

    void writeBody(byte[] data) throws IOException {
      if (lost) {
        throw new IOException("the client closed the connection");
      }
      if (data.length == 0 || head.method().equals("HEAD")) {
        return;
      }
      if (lengthOut >= 0) {
        if (written + data.length > lengthOut) {
          throw new IllegalStateException("writing more than the Content-Length of " + lengthOut);
        }
        written += data.length;
        transport.write(data);
      } else if (chunkedOut) {
        byte[] size = (Integer.toHexString(data.length) + "\r\n")
            .getBytes(StandardCharsets.ISO_8859_1);
        byte[] frame = new byte[size.length + data.length + 2];
        System.arraycopy(size, 0, frame, 0, size.length);
        System.arraycopy(data, 0, frame, size.length, data.length);
        frame[frame.length - 2] = '\r';
        frame[frame.length - 1] = '\n';
        transport.write(frame);
      } else {
        transport.write(data);
      }
    }

    void endStream() throws IOException {
      if (lost) {
        throw new IOException("the client closed the connection");
      }
      if (chunkedOut && !head.method().equals("HEAD")) {
        transport.write(LAST_CHUNK);
      } else if (lengthOut >= 0 && written < lengthOut && !head.method().equals("HEAD")) {
        keepAlive = false;
        transport.abort();
        throw new IOException("the body ended after " + written + " of " + lengthOut + " bytes");
      }
    }

    void drain() throws IOException {
      ServerConnection.this.drain();
    }

    private void responseDone() {
      finished = true;
      if (current == this) {
        current = null;
      }
      if (lost) {
        return;
      }
      if (!keepAlive) {
        if (bodyDone) {
          transport.close();
        } else {
          lingerClose();
        }
        return;
      }
      if (shuttingDown) {
        transport.close();
        return;
      }
      process();
    }

    void taskDone() {
      if (!finished && !lost && (task.cancelled() || task.exception() != null)) {
        if (current == this) {
          current = null;
        }
        transport.abort();
      }
    }

    // ---------- the request body

    void feed(ByteBuffer piece) {
      if (finished) {
        return;
      }
      byte[] b = new byte[piece.remaining()];
      piece.get(b);
      if (chunks == null) {
        chunks = new ArrayDeque<>(4);
      }
      chunks.add(b);
      buffered += b.length;
      wake();
    }

    void bodyEnd() {
      bodyDone = true;
      wake();
    }

    void fail(Throwable t) {
      if (bodyError == null && !bodyDone) {
        bodyError = t;
      }
      wake();
    }

    private void wake() {
      Future<Void> w = bodyWaiter;
      if (w != null) {
        bodyWaiter = null;
        if (!w.done()) {
          w.setResult(null);
        }
      }
    }

    byte[] readBody(int max) throws IOException {
      if (head.expectContinue() && head.minorVersion() == 1 && !continueSent && !headSent
          && !bodyDone && !lost) {
        continueSent = true;
        transport.write(CONTINUE);
      }
      while (buffered == 0) {
        if (bodyDone) {
          return EMPTY;
        }
        if (bodyError != null) {
          if (bodyError instanceof HttpException he) {
            throw new HttpException(he.status(), he.text());
          }
          throw new IOException(bodyError.getMessage(), bodyError);
        }
        if (lost) {
          throw new IOException("the client closed the connection");
        }
        Future<Void> w = loop.createFuture();
        bodyWaiter = w;
        try {
          Asyncio.await(w);
        } finally {
          bodyWaiter = null;
        }
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
      if (!bodyDone && buffered < BODY_HIGH_WATER / 2) {
        process();
      }
      return out;
    }
  }

  @Override
  public String toString() {
    return "ServerConnection[" + remote + (current != null ? ", busy" : ", idle")
        + (lost ? ", lost" : "") + "]";
  }
}
