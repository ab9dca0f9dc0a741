package io.jasyncio.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One request's arguments for {@link ClientSession#send}: method, URL, query parameters,
 * headers, body, and per-request settings. A builder: each method returns this.
 *
 * <p>Bodies: {@link #body} (bytes), {@link #text} (UTF-8), {@link #json} (Jackson), {@link #form}
 * (url-encoded) are sent with a {@code Content-Length}; {@link #stream} sends pieces as they come
 * with {@code Transfer-Encoding: chunked}. The method and header names must be tokens and no
 * header value may hold CR, LF or NUL ({@link IllegalArgumentException}).
 *
 * {@snippet class=io.jasyncio.http.HttpSnippetsTest region=clientRequest}
 *
 * <p>Threads: a plain mutable object; build it in one task.
 */
public final class ClientRequest {
  final String method;
  final String url;
  final List<String[]> params = new ArrayList<>();
  final Headers headers = new Headers();
  byte[] body;
  String contentType;
  Iterator<byte[]> stream;
  ClientTimeout timeout;
  Boolean allowRedirects;
  Boolean raiseForStatus;

  private ClientRequest(String method, String url) {
    String m = method.toUpperCase(Locale.ROOT);
    Headers.checkName(m);
    this.method = m;
    this.url = java.util.Objects.requireNonNull(url, "url");
  }

  /** A GET of {@code url}. */
  public static ClientRequest get(String url) {
    return new ClientRequest("GET", url);
  }

  /** A POST to {@code url}. */
  public static ClientRequest post(String url) {
    return new ClientRequest("POST", url);
  }

  /** A PUT to {@code url}. */
  public static ClientRequest put(String url) {
    return new ClientRequest("PUT", url);
  }

  /** A DELETE of {@code url}. */
  public static ClientRequest delete(String url) {
    return new ClientRequest("DELETE", url);
  }

  /** A HEAD of {@code url}. */
  public static ClientRequest head(String url) {
    return new ClientRequest("HEAD", url);
  }

  /** A request with any method (a token). */
  public static ClientRequest of(String method, String url) {
    return new ClientRequest(method, url);
  }

  /** Adds a query parameter (encoded when sent). */
  public ClientRequest param(String name, String value) {
    params.add(new String[] {name, value});
    return this;
  }

  /** Adds a header. */
  public ClientRequest header(String name, String value) {
    headers.add(name, value);
    return this;
  }

  /** The body (copied) with its Content-Type (null: none). */
  public ClientRequest body(byte[] data, String contentType) {
    clearBody();
    this.body = data.clone();
    this.contentType = contentType;
    return this;
  }

  /** A UTF-8 text body ({@code text/plain; charset=utf-8}). */
  public ClientRequest text(String body) {
    return body(body.getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8");
  }

  /** A JSON body written by Jackson ({@code application/json}). */
  public ClientRequest json(Object value) {
    try {
      return body(Response.JSON.writeValueAsBytes(value), "application/json");
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("cannot write as JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** A url-encoded form body ({@code application/x-www-form-urlencoded}). */
  public ClientRequest form(Map<String, String> fields) {
    return body(UrlCodec.encodeForm(fields).getBytes(StandardCharsets.US_ASCII),
        "application/x-www-form-urlencoded");
  }

  /**
   * A body of unknown length, sent chunked piece by piece as {@code pieces} yields them (each
   * piece is sent once; a request with such a body is never retried nor redirected with it).
   */
  public ClientRequest stream(Iterator<byte[]> pieces, String contentType) {
    clearBody();
    this.stream = java.util.Objects.requireNonNull(pieces, "pieces");
    this.contentType = contentType;
    return this;
  }

  private void clearBody() {
    body = null;
    stream = null;
    contentType = null;
  }

  /** Timeouts for this request instead of the session's. */
  public ClientRequest timeout(ClientTimeout t) {
    this.timeout = t;
    return this;
  }

  /** Whether redirects are followed (default true). */
  public ClientRequest allowRedirects(boolean on) {
    this.allowRedirects = on;
    return this;
  }

  /** Whether a status of 400 or more raises {@link ClientResponseError} (session default). */
  public ClientRequest raiseForStatus(boolean on) {
    this.raiseForStatus = on;
    return this;
  }

  @Override
  public String toString() {
    return "ClientRequest[" + method + " " + url + "]";
  }
}
