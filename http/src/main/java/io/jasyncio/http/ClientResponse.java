package io.jasyncio.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.util.List;

/**
 * A response received by a {@link ClientSession} (aiohttp's {@code ClientResponse}): status,
 * reason, headers and the final URL are there when {@code send} returns; the body is read with
 * {@link #read}, {@link #text}, {@link #json} or piece by piece with {@link #readChunk}, decoded
 * from gzip or deflate when the server compressed it.
 *
 * <p>Closing: reading the whole body hands the connection back to the pool; {@link #close()}
 * hands it back only when the body was read to its end, and closes it otherwise (it is never
 * reused half-read). Use try-with-resources. A response dropped unclosed is reported when the
 * loop is in debug mode. A body cut short by the server is a {@link ClientPayloadError}.
 *
 * {@snippet class=io.jasyncio.http.HttpSnippetsTest region=clientResponse}
 *
 * <p>Threads: loop-bound; read it from the task that sent the request.
 */
public final class ClientResponse implements AutoCloseable {
  private static final byte[] EMPTY = new byte[0];
  private static final java.lang.ref.Cleaner CLEANER = java.lang.ref.Cleaner.create();

  private final ClientSession session;
  private final ClientConnection conn;
  private final MessageHead head;
  private final URI url;
  private final String method;
  private final RequestTimer timer;
  private final ContentDecoder decoder;
  private final Unclosed unclosed;
  private List<ClientResponse> history = List.of();
  private byte[] pending;
  private int pendingOffset;
  private boolean eof;
  private boolean closed;
  private byte[] body;

  /** What the cleaner needs to report an unclosed response (never the response itself). */
  private static final class Unclosed implements Runnable {
    final String what;
    final ClientConnection conn;
    volatile boolean closed;

    Unclosed(String what, ClientConnection conn) {
      this.what = what;
      this.conn = conn;
    }

    @Override
    public void run() {
      if (!closed) {
        System.getLogger("io.jasyncio.http").log(System.Logger.Level.WARNING,
            "Unclosed response: " + what + " (close it, or use try-with-resources)");
      }
    }
  }

  ClientResponse(ClientSession session, ClientConnection conn, MessageHead head, URI url,
      String method, RequestTimer timer, boolean debug) {
    this.session = session;
    this.conn = conn;
    this.head = head;
    this.url = url;
    this.method = method;
    this.timer = timer;
    this.decoder = method.equals("HEAD") || head.framing() == MessageHead.Framing.NONE ? null
        : ContentDecoder.forEncoding(head.headers().get("Content-Encoding"));
    if (debug) {
      unclosed = new Unclosed(method + " " + url + " " + head.status(), conn);
      CLEANER.register(this, unclosed);
    } else {
      unclosed = null;
    }
  }

  /** The status. */
  public int status() {
    return head.status();
  }

  /** The reason phrase. */
  public String reason() {
    return head.reason();
  }

  /** The headers. */
  public Headers headers() {
    return head.headers();
  }

  /** The URL this response came from (after redirects). */
  public URI url() {
    return url;
  }

  /** The request method. */
  public String method() {
    return method;
  }

  /** Whether the status is below 400. */
  public boolean ok() {
    return head.status() < 400;
  }

  /** The redirect responses that led here, first first (their bodies were read and dropped). */
  public List<ClientResponse> history() {
    return history;
  }

  void setHistory(List<ClientResponse> h) {
    history = List.copyOf(h);
  }

  /** Suspends: the whole (decoded) body; the connection then goes back to the pool. */
  public byte[] read() throws IOException {
    if (body != null) {
      return body.clone();
    }
    if (closed && !eof) {
      throw new ClientConnectionError("Connection closed");
    }
    byte[] first = readChunk(64 * 1024);
    byte[] piece = first.length == 0 ? first : readChunk(64 * 1024);
    if (piece.length == 0) {
      body = first; // the usual case: the body came in one piece, kept without another copy
      return body.clone();
    }
    // sized from Content-Length, but never trusting it for more than 1 MiB up front
    ByteArrayOutputStream out = new ByteArrayOutputStream(
        (int) Math.max(Math.min(head.contentLength(), 1 << 20), 2L * first.length));
    out.write(first, 0, first.length);
    while (piece.length > 0) {
      out.write(piece, 0, piece.length);
      piece = readChunk(64 * 1024);
    }
    body = out.toByteArray();
    return body.clone();
  }

  /** Suspends: the body as text, in the charset of Content-Type, else UTF-8. */
  public String text() throws IOException {
    return new String(read(), Request.charset(head.headers().get("Content-Type")));
  }

  /** Suspends: the body parsed as JSON (a malformed one is a {@link ClientPayloadError}). */
  public JsonNode json() throws IOException {
    byte[] b = read();
    try {
      return Response.JSON.readTree(b);
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new ClientPayloadError("malformed JSON body: " + e.getOriginalMessage(), e);
    }
  }

  /** Suspends: the body read as JSON into {@code type}. */
  public <T> T json(Class<T> type) throws IOException {
    byte[] b = read();
    try {
      return Response.JSON.readValue(b, type);
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new ClientPayloadError("malformed JSON body: " + e.getOriginalMessage(), e);
    }
  }

  /**
   * Suspends: the next piece of the (decoded) body, at most {@code maxBytes}; an empty array at
   * its end (the connection then goes back to the pool).
   */
  public byte[] readChunk(int maxBytes) throws IOException {
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
    }
    if (pending != null) {
      return fromPending(maxBytes);
    }
    if (eof) {
      return EMPTY;
    }
    if (closed) {
      throw new ClientConnectionError("Connection closed");
    }
    boolean ok = false;
    try {
      while (true) {
        byte[] raw = conn.readBody(decoder == null ? maxBytes : 64 * 1024, timer);
        if (raw.length == 0) {
          if (decoder != null) {
            decoder.finish();
          }
          eof = true;
          ok = true;
          close();
          return EMPTY;
        }
        byte[] out = decoder == null ? raw : decoder.decode(raw);
        if (out.length == 0) {
          continue;
        }
        ok = true;
        if (out.length <= maxBytes) {
          return out;
        }
        pending = out;
        pendingOffset = 0;
        return fromPending(maxBytes);
      }
    } finally {
      if (!ok) {
        // an error, a timeout or a cancellation: the connection is closed, never reused
        close();
      }
    }
  }

  private byte[] fromPending(int max) {
    int n = Math.min(max, pending.length - pendingOffset);
    byte[] out = java.util.Arrays.copyOfRange(pending, pendingOffset, pendingOffset + n);
    pendingOffset += n;
    if (pendingOffset == pending.length) {
      pending = null;
    }
    return out;
  }

  /** A {@link ClientResponseError} when the status is 400 or more. */
  public void raiseForStatus() throws ClientResponseError {
    if (head.status() >= 400) {
      throw new ClientResponseError(head.status(), head.headers(),
          head.status() + ", message='" + head.reason() + "', url='" + url + "'");
    }
  }

  /**
   * Releases the connection: back to the pool when the body was received to its end, else
   * closed.
   * Idempotent.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (unclosed != null) {
      unclosed.closed = true;
    }
    if (!eof && decoder != null) {
      decoder.release();
    }
    // a body received to its end (read or not) leaves the connection reusable
    session.release(conn, eof || conn.reusable());
  }

  @Override
  public String toString() {
    return "ClientResponse[" + head.status() + " " + head.reason() + ", " + method + " " + url
        + (closed ? ", closed" : "") + "]";
  }
}
