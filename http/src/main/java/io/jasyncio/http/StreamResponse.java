package io.jasyncio.http;

import java.io.IOException;

/**
 * A response whose body is written piece by piece (aiohttp's {@code web.StreamResponse}):
 * {@link #prepare} sends the status and headers, {@link #write} sends a piece and waits while
 * the client reads slowly (back-pressure: the server never buffers without bound), {@link
 * #writeEof} ends the body. The body is chunked unless a {@code Content-Length} header was set
 * (then exactly that many bytes must be written); to an HTTP/1.0 client it is delimited by
 * closing the connection. The handler returns the response once done; a response that was not
 * ended is ended for it.
 *
 * {@snippet class=io.jasyncio.http.HttpSnippetsTest region=streamResponse}
 *
 * <p>Threads: loop-bound; used by the task of the request it answers.
 */
public final class StreamResponse extends Response {
  private ServerConnection.Exchange exchange;
  private boolean ended;

  /** A response with {@code status} and a copy of {@code headers}, not yet sent. */
  public StreamResponse(int status, Headers headers) {
    super(status, headers == null ? new Headers() : headers.copy(), new byte[0]);
  }

  /**
   * Suspends: sends the status line and headers to the client of {@code request}. Calling it
   * again does nothing.
   */
  public void prepare(Request request) throws IOException {
    if (exchange != null) {
      return;
    }
    ServerConnection.Exchange ex = request.exchange();
    ex.startStream(this);
    exchange = ex;
  }

  /** Suspends: sends {@code data}, then waits while the client is slow to read it. */
  public void write(byte[] data) throws IOException {
    if (exchange == null) {
      throw new IllegalStateException("write before prepare");
    }
    if (ended) {
      throw new IllegalStateException("write after writeEof");
    }
    exchange.writeBody(data);
    exchange.drain();
  }

  /** Suspends: ends the body (the last chunk of a chunked body). Idempotent. */
  public void writeEof() throws IOException {
    if (exchange == null) {
      throw new IllegalStateException("writeEof before prepare");
    }
    if (ended) {
      return;
    }
    ended = true;
    exchange.endStream();
    exchange.drain();
  }

  /** Whether {@link #prepare} was called. */
  public boolean prepared() {
    return exchange != null;
  }

  boolean exchangeIs(ServerConnection.Exchange ex) {
    return exchange == ex;
  }

  boolean ended() {
    return ended;
  }

  /** Not available on a streamed response once prepared: its status is sent already. */
  @Override
  public Response withStatus(int status) {
    if (exchange != null) {
      throw new IllegalStateException("the status is sent already");
    }
    return new StreamResponse(status, headersShared());
  }

  /** A new unprepared stream response with this header set; not once prepared. */
  @Override
  public Response withHeader(String name, String value) {
    if (exchange != null) {
      throw new IllegalStateException("the headers are sent already");
    }
    return new StreamResponse(status(), headersShared().copy().set(name, value));
  }
}
