package io.jasyncio.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * A request as a handler sees it (aiohttp's {@code web.Request}): method, decoded path, query,
 * the values matched by the route's {@code {name}} segments, headers, the client's address, and
 * the body.
 *
 * <p>The body readers {@link #read}, {@link #text}, {@link #json} and {@link #post} read the whole
 * body, capped at the application's {@code clientMaxSize} (1 MiB by default): a larger body, or a
 * larger announced {@code Content-Length}, is an {@link HttpException} 413. {@link #readChunk}
 * streams the body piece by piece without a cap. A client that sent {@code Expect: 100-continue}
 * gets its {@code 100 Continue} when the handler first reads the body.
 *
 * {@snippet class=io.jasyncio.http.HttpSnippetsTest region=request}
 *
 * <p>Threads: loop-bound; used by the task that handles it.
 */
public final class Request {
  private final ServerConnection.Exchange exchange;
  private final MessageHead head;
  private final String path;
  private final String rawPath;
  private final String queryString;
  private final SocketAddress remote;
  private final int clientMaxSize;
  private Map<String, List<String>> query;
  private Map<String, String> matchInfo = Map.of();
  private byte[] body;

  Request(ServerConnection.Exchange exchange, MessageHead head, String rawPath, String path,
      String queryString, SocketAddress remote, int clientMaxSize) {
    this.exchange = exchange;
    this.head = head;
    this.rawPath = rawPath;
    this.path = path;
    this.queryString = queryString;
    this.remote = remote;
    this.clientMaxSize = clientMaxSize;
  }

  /** The method, as sent ({@code GET}, {@code POST}, ...). */
  public String method() {
    return head.method();
  }

  /** The path, percent-decoded (UTF-8). */
  public String path() {
    return path;
  }

  /** The path as sent, still percent-encoded, without the query. */
  public String rawPath() {
    return rawPath;
  }

  /** The query string as sent (without {@code ?}), or "" if none. */
  public String queryString() {
    return queryString;
  }

  /** The decoded query parameters, in order, each with all its values. */
  public Map<String, List<String>> query() {
    if (query == null) {
      query = UrlCodec.parseForm(queryString);
    }
    return query;
  }

  /** The first value of query parameter {@code name}, or null. */
  public String query(String name) {
    List<String> v = query().get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  /** The path segment matched by {@code {name}} in the route, or null. */
  public String matchInfo(String name) {
    return matchInfo.get(name);
  }

  /** Every value matched by the route's named segments. */
  public Map<String, String> matchInfo() {
    return matchInfo;
  }

  void setMatchInfo(Map<String, String> m) {
    matchInfo = Map.copyOf(m);
  }

  /** The request's headers (a copy may be kept; changing it changes nothing sent). */
  public Headers headers() {
    return head.headers();
  }

  /** "HTTP/1.0" or "HTTP/1.1". */
  public String version() {
    return head.version();
  }

  /** The client's address. */
  public SocketAddress remote() {
    return remote;
  }

  /** The announced Content-Length, or -1 (chunked or none). */
  public long contentLength() {
    return head.contentLength();
  }

  /** Suspends: the whole body (at most {@code clientMaxSize} bytes, else a 413). */
  public byte[] read() throws IOException {
    if (body != null) {
      return body.clone();
    }
    if (head.contentLength() > clientMaxSize) {
      throw new HttpException(413, "request body larger than " + clientMaxSize + " bytes");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(
        (int) Math.max(0, Math.min(head.contentLength(), clientMaxSize)));
    while (true) {
      byte[] piece = exchange.readBody(64 * 1024);
      if (piece.length == 0) {
        break;
      }
      if (out.size() + piece.length > clientMaxSize) {
        throw new HttpException(413, "request body larger than " + clientMaxSize + " bytes");
      }
      out.write(piece, 0, piece.length);
    }
    body = out.toByteArray();
    return body.clone();
  }

  /** Suspends: the body as text, in the charset of Content-Type (else UTF-8); capped. */
  public String text() throws IOException {
    return new String(read(), charset(headers().get("Content-Type")));
  }

  /** Suspends: the body parsed as JSON; capped. A malformed body is a 400. */
  public JsonNode json() throws IOException {
    byte[] b = read();
    try {
      return Response.JSON.readTree(b);
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new HttpException(400, "malformed JSON body");
    }
  }

  /** Suspends: the body read as JSON into {@code type}; capped. A malformed body is a 400. */
  public <T> T json(Class<T> type) throws IOException {
    byte[] b = read();
    try {
      return Response.JSON.readValue(b, type);
    } catch (com.fasterxml.jackson.core.JacksonException e) {
      throw new HttpException(400, "malformed JSON body for " + type.getSimpleName());
    }
  }

  /** Suspends: the url-encoded form of the body ({@code application/x-www-form-urlencoded}). */
  public Map<String, List<String>> post() throws IOException {
    return UrlCodec.parseForm(new String(read(), StandardCharsets.UTF_8));
  }

  /**
   * Suspends: the next piece of the body, at most {@code maxBytes} long; an empty array at the
   * end of the body. Not capped by {@code clientMaxSize}.
   */
  public byte[] readChunk(int maxBytes) throws IOException {
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
    }
    return exchange.readBody(maxBytes);
  }

  ServerConnection.Exchange exchange() {
    return exchange;
  }

  MessageHead head() {
    return head;
  }

  static Charset charset(String contentType) {
    if (contentType != null) {
      for (String part : contentType.split(";")) {
        String p = part.strip();
        if (p.regionMatches(true, 0, "charset=", 0, 8)) {
          String name = p.substring(8).replace("\"", "").strip();
          try {
            return Charset.forName(name);
          } catch (IllegalArgumentException e) {
            return StandardCharsets.UTF_8;
          }
        }
      }
    }
    return StandardCharsets.UTF_8;
  }

  @Override
  public String toString() {
    return "Request[" + method() + " " + rawPath + (queryString.isEmpty() ? "" : "?" + queryString)
        + " " + version() + "]";
  }
}
