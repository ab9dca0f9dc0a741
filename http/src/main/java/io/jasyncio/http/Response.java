package io.jasyncio.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;

/**
 * A complete response (aiohttp's {@code web.Response}): status, headers and body, immutable.
 * {@link #withStatus} and {@link #withHeader} return new copies. The server adds {@code
 * Content-Length}, {@code Date}, {@code Server} and {@code Connection} itself; to a HEAD request
 * it sends the headers only.
 *
 * {@snippet class=io.jasyncio.http.HttpSnippetsTest region=response}
 *
 * <p>Threads: immutable, so safe to share.
 */
public class Response {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] EMPTY = new byte[0];

  private final int status;
  private final Headers headers;
  private final byte[] body;

  Response(int status, Headers headers, byte[] body) {
    if (status < 100 || status > 999) {
      throw new IllegalArgumentException("not an HTTP status: " + status);
    }
    this.status = status;
    this.headers = headers;
    this.body = body;
  }

  /** 200 with {@code body} as UTF-8 text ({@code text/plain; charset=utf-8}). */
  public static Response text(String body) {
    return new Response(200, Headers.of("Content-Type", "text/plain; charset=utf-8"),
        body.getBytes(StandardCharsets.UTF_8));
  }

  /** 200 with {@code value} written as JSON by Jackson ({@code application/json}). */
  public static Response json(Object value) {
    try {
      return new Response(200, Headers.of("Content-Type", "application/json"),
          JSON.writeValueAsBytes(value));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write as JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** 200 with {@code body} (copied) of type {@code contentType} (null: no Content-Type). */
  public static Response bytes(byte[] body, String contentType) {
    Headers h = new Headers(2);
    if (contentType != null) {
      h.add("Content-Type", contentType);
    }
    return new Response(200, h, body.clone());
  }

  /** {@code status} with no body. */
  public static Response empty(int status) {
    return new Response(status, new Headers(2), EMPTY);
  }

  /** A copy with another status. */
  public Response withStatus(int status) {
    return new Response(status, headers, body);
  }

  /** A copy where {@code name} has this one value (any earlier value of it is replaced). */
  public Response withHeader(String name, String value) {
    return new Response(status, headers.copy().set(name, value), body);
  }

  /** The status. */
  public int status() {
    return status;
  }

  /** A copy of the headers. */
  public Headers headers() {
    return headers.copy();
  }

  /** A copy of the body. */
  public byte[] body() {
    return body.clone();
  }

  Headers headersShared() {
    return headers;
  }

  byte[] bodyShared() {
    return body;
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + status + " " + Statuses.reason(status) + ", "
        + body.length + " bytes]";
  }
}
