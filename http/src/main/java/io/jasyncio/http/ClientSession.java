package io.jasyncio.http;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.transports.TransportAndProtocol;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLContext;

/**
 * An HTTP client with a connection pool (aiohttp's {@code ClientSession} with its {@code
 * TCPConnector}). Make one per application, send many requests through it, close it at the end.
 *
 * <p>Defaults (aiohttp's): at most 100 connections in all, no cap per host, idle connections kept
 * 15 s, {@link ClientTimeout#defaults()} (total 300 s, sockConnect 30 s), up to 10 redirects
 * followed, cookies kept in memory, TLS verified against the JDK's trust store with SNI and host
 * name checking. A request that finds every connection busy waits for one, first come first
 * served. An idempotent request (not POST) that fails on a reused connection before any byte of
 * the answer is sent once more on a new connection, as aiohttp does.
 *
 * <p>Redirects: 301 and 302 turn a POST into a GET, 303 turns anything but HEAD into a GET (the
 * body dropped), 307 and 308 keep the method and body; {@code Authorization} is not sent to
 * another origin; the redirects are in {@link ClientResponse#history()}.
 *
 * <p>Cancelling the task that sends or reads a request closes its connection (never returned
 * half-read). {@link #close()} closes every connection; requests still running fail with {@link
 * ClientConnectionError}.
 *
 * {@snippet class=io.jasyncio.http.HttpSnippetsTest region=clientSession}
 *
 * <p>Threads: loop-bound to the loop of its first request.
 */
public final class ClientSession implements AutoCloseable {
  private static final Set<String> IDEMPOTENT =
      Set.of("GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE");
  private static final String USER_AGENT = "jasyncio-http/0.1";

  private final URI baseUrl;
  private final Headers defaultHeaders;
  private final ClientTimeout timeout;
  private final int limit;
  private final int limitPerHost;
  private final double keepAliveTimeout;
  private final boolean raiseForStatus;
  private final int maxRedirects;
  private final SSLContext tls;
  private final CookieManager cookies;
  private final Dialer dialer;
  /** Whether a cookie was ever offered to the jar (until then, asking it is skipped). */
  private boolean cookiesStored;
  private EventLoop loop;
  private ConnectionPool pool;
  private boolean closed;

  /** A session with every default. */
  public ClientSession() {
    this(new Builder());
  }

  private ClientSession(Builder b) {
    this.baseUrl = b.baseUrl;
    this.defaultHeaders = b.headers.copy();
    this.timeout = b.timeout;
    this.limit = b.limit;
    this.limitPerHost = b.limitPerHost;
    this.keepAliveTimeout = b.keepAliveTimeout;
    this.raiseForStatus = b.raiseForStatus;
    this.maxRedirects = b.maxRedirects;
    this.tls = b.tls;
    this.cookies = b.cookies ? new CookieManager() : null;
    this.dialer = b.dialer;
  }

  /** A builder of sessions with other settings. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The settings of a {@link ClientSession}.
   *
   * {@snippet class=io.jasyncio.http.HttpSnippetsTest region=builder}
   */
  public static final class Builder {
    private URI baseUrl;
    private final Headers headers = new Headers();
    private ClientTimeout timeout = ClientTimeout.defaults();
    private int limit = 100;
    private int limitPerHost;
    private double keepAliveTimeout = 15;
    private boolean raiseForStatus;
    private int maxRedirects = 10;
    private SSLContext tls;
    private boolean cookies = true;
    private Dialer dialer = Dialer.TCP;

    private Builder() {}

    /** Relative request URLs are resolved against this absolute URL (ending in a slash). */
    public Builder baseUrl(String absoluteUrlEndingInSlash) {
      URI u = URI.create(absoluteUrlEndingInSlash);
      if (!u.isAbsolute() || !absoluteUrlEndingInSlash.endsWith("/")) {
        throw new IllegalArgumentException(
            "baseUrl must be absolute and end with '/': " + absoluteUrlEndingInSlash);
      }
      baseUrl = u;
      return this;
    }

    /** A header sent with every request (a request's own header of that name wins). */
    public Builder header(String name, String value) {
      headers.add(name, value);
      return this;
    }

    /** The default timeouts. */
    public Builder timeout(ClientTimeout t) {
      timeout = java.util.Objects.requireNonNull(t, "timeout");
      return this;
    }

    /** The most connections open at once (100; 0: no limit). */
    public Builder limit(int connections) {
      if (connections < 0) {
        throw new IllegalArgumentException("limit must not be negative");
      }
      limit = connections;
      return this;
    }

    /** The most connections to one host (0: no limit). */
    public Builder limitPerHost(int n) {
      if (n < 0) {
        throw new IllegalArgumentException("limitPerHost must not be negative");
      }
      limitPerHost = n;
      return this;
    }

    /** How long an idle connection is kept for reuse (15 s). */
    public Builder keepAliveTimeout(double seconds) {
      if (!(seconds > 0)) {
        throw new IllegalArgumentException("keepAliveTimeout must be positive");
      }
      keepAliveTimeout = seconds;
      return this;
    }

    /** Whether a status of 400 or more raises {@link ClientResponseError} (false). */
    public Builder raiseForStatus(boolean on) {
      raiseForStatus = on;
      return this;
    }

    /** The most redirects followed (10). */
    public Builder maxRedirects(int n) {
      if (n < 0) {
        throw new IllegalArgumentException("maxRedirects must not be negative");
      }
      maxRedirects = n;
      return this;
    }

    /** The TLS context for {@code https://} (default: the JDK's, verifying certificates). */
    public Builder tls(SSLContext context) {
      tls = context;
      return this;
    }

    /** Whether cookies are kept and sent back (true). */
    public Builder cookies(boolean on) {
      cookies = on;
      return this;
    }

    /** How connections are opened (tests: in-memory connections). */
    Builder dialer(Dialer d) {
      dialer = java.util.Objects.requireNonNull(d, "dialer");
      return this;
    }

    /** The session. */
    public ClientSession build() {
      return new ClientSession(this);
    }
  }

  /** Suspends: sends a GET of {@code url} and returns the response (its body still to read). */
  public ClientResponse get(String url) throws IOException {
    return send(ClientRequest.get(url));
  }

  /** Suspends: sends a POST of {@code body} as text to {@code url}. */
  public ClientResponse post(String url, String body) throws IOException {
    return send(ClientRequest.post(url).text(body));
  }

  /**
   * Suspends: sends {@code request}, follows redirects, and returns the response once its head
   * has arrived (its body still to read).
   */
  public ClientResponse send(ClientRequest request) throws IOException {
    bind();
    if (closed) {
      throw new ClientConnectionError("Session is closed");
    }
    RequestTimer timer = new RequestTimer(loop,
        request.timeout != null ? request.timeout : timeout);
    URI url = withParams(resolve(request.url), request.params);
    String method = request.method;
    byte[] body = request.body;
    String contentType = request.contentType;
    Iterator<byte[]> stream = request.stream;
    Headers headers = request.headers.copy();
    boolean follow = request.allowRedirects == null || request.allowRedirects;
    List<ClientResponse> history = new ArrayList<>();
    while (true) {
      ClientResponse r = exchange(method, url, headers, body, contentType, stream, timer);
      storeCookies(url, r.headers());
      int s = r.status();
      String location = r.headers().get("Location");
      if (follow && location != null && (s == 301 || s == 302 || s == 303 || s == 307
          || s == 308)) {
        if (history.size() >= maxRedirects) {
          r.close();
          throw new TooManyRedirects(s, r.headers(),
              "more than " + maxRedirects + " redirects, last to " + location);
        }
        URI next;
        try {
          next = url.resolve(new URI(location.strip()));
        } catch (URISyntaxException | IllegalArgumentException e) {
          r.close();
          throw new ClientError("bad redirect location: " + location, e);
        }
        if (!"http".equalsIgnoreCase(next.getScheme()) && !"https".equalsIgnoreCase(next.getScheme())) {
          r.close();
          throw new ClientError("redirect to an unsupported scheme: " + location);
        }
        discard(r);
        history.add(r);
        if ((s == 303 && !method.equals("HEAD")) || ((s == 301 || s == 302) && method.equals("POST"))) {
          method = "GET";
          body = null;
          contentType = null;
          stream = null;
          headers.remove("Content-Type").remove("Content-Length").remove("Transfer-Encoding");
        } else if (stream != null) {
          throw new ClientError("cannot repeat a streamed body for a " + s + " redirect");
        }
        if (!sameOrigin(url, next)) {
          headers.remove("Authorization");
        }
        url = next;
        continue;
      }
      r.setHistory(history);
      boolean raise = request.raiseForStatus != null ? request.raiseForStatus : raiseForStatus;
      if (raise && s >= 400) {
        r.close();
        r.raiseForStatus();
      }
      return r;
    }
  }

  /** Reads and drops a redirect's body, so that its connection can be reused. */
  private static void discard(ClientResponse r) throws IOException {
    try {
      long n = 0;
      while (n < 64 * 1024) {
        byte[] b = r.readChunk(16 * 1024);
        if (b.length == 0) {
          break;
        }
        n += b.length;
      }
    } finally {
      r.close();
    }
  }

  private static boolean sameOrigin(URI a, URI b) {
    return a.getScheme().equalsIgnoreCase(b.getScheme())
        && a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost())
        && port(a) == port(b);
  }

  private static int port(URI u) {
    if (u.getPort() >= 0) {
      return u.getPort();
    }
    return "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
  }

  private ClientResponse exchange(String method, URI url, Headers headers, byte[] body,
      String contentType, Iterator<byte[]> stream, RequestTimer timer) throws IOException {
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(java.util.Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      throw new IllegalArgumentException("not an http or https URL: " + url);
    }
    if (url.getHost() == null) {
      throw new IllegalArgumentException("URL without a host: " + url);
    }
    boolean secure = scheme.equals("https");
    String host = url.getHost();
    int port = port(url);
    String key = scheme + "://" + host + ":" + port;
    byte[] headBytes = encodeRequest(method, url, headers, body, contentType, stream != null);
    for (int attempt = 0; ; attempt++) {
      ClientConnection conn = connection(key, host, port, secure, timer);
      boolean ok = false;
      try {
        conn.startResponse(method.equals("HEAD"));
        if (body != null && body.length > 0 && body.length <= 16 * 1024) {
          byte[] all = java.util.Arrays.copyOf(headBytes, headBytes.length + body.length);
          System.arraycopy(body, 0, all, headBytes.length, body.length);
          conn.write(all);
        } else {
          conn.write(headBytes);
          if (body != null && body.length > 0) {
            conn.write(body);
          }
        }
        conn.drain(timer);
        if (stream != null) {
          writeChunked(conn, stream, timer);
        }
        MessageHead head = conn.awaitHead(timer);
        ClientResponse r = new ClientResponse(this, conn, head, url, method, timer, loop.getDebug());
        ok = true;
        return r;
      } catch (ClientConnectionError e) {
        if (attempt == 0 && conn.reused && !conn.anyResponseByte() && stream == null
            && IDEMPOTENT.contains(method) && !closed) {
          release(conn, false);
          ok = true; // released already
          continue;
        }
        throw e;
      } finally {
        if (!ok) {
          release(conn, false);
        }
      }
    }
  }

  private static void writeChunked(ClientConnection conn, Iterator<byte[]> stream,
      RequestTimer timer) throws IOException {
    while (stream.hasNext()) {
      byte[] piece = stream.next();
      if (piece == null || piece.length == 0) {
        continue;
      }
      byte[] size = (Integer.toHexString(piece.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
      byte[] frame = new byte[size.length + piece.length + 2];
      System.arraycopy(size, 0, frame, 0, size.length);
      System.arraycopy(piece, 0, frame, size.length, piece.length);
      frame[frame.length - 2] = '\r';
      frame[frame.length - 1] = '\n';
      conn.write(frame);
      conn.drain(timer);
    }
    conn.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    conn.drain(timer);
  }

  /** Suspends until a connection for {@code key} is at hand: one reused or newly opened. */
  private ClientConnection connection(String key, String host, int port, boolean secure,
      RequestTimer timer) throws IOException {
    Object grant = pool.acquire(key, timer);
    if (grant != ConnectionPool.NEW) {
      return (ClientConnection) grant;
    }
    boolean ok = false;
    try {
      SSLContext ctx = secure ? tlsContext() : null;
      String connectHost = host.startsWith("[") && host.endsWith("]")
          ? host.substring(1, host.length() - 1) : host;
      TransportAndProtocol<ClientConnection> tp = timer.run(
          () -> dialer.dial(() -> new ClientConnection(key, loop), connectHost, port, ctx,
              secure ? connectHost : null),
          RequestTimer.Phase.SOCK_CONNECT);
      ClientConnection c = tp.protocol();
      pool.added(c);
      ok = true;
      if (closed) {
        c.close();
        throw new ClientConnectionError("Session is closed");
      }
      return c;
    } catch (IOException e) {
      if (e instanceof ClientError) {
        throw e;
      }
      throw new ClientConnectionError("Cannot connect to host " + host + ":" + port + ": " + e, e);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new ClientConnectionError("Cannot connect to host " + host + ":" + port + ": " + e, e);
    } finally {
      if (!ok && !pool.closed()) {
        pool.releaseSlot(key);
      }
    }
  }

  private SSLContext tlsContext() throws IOException {
    if (tls != null) {
      return tls;
    }
    try {
      return SSLContext.getDefault();
    } catch (NoSuchAlgorithmException e) {
      throw new ClientConnectionError("no default TLS context", e);
    }
  }

  void release(ClientConnection c, boolean reusable) {
    if (pool != null) {
      pool.release(c, reusable);
    }
  }

  private byte[] encodeRequest(String method, URI url, Headers headers, byte[] body,
      String contentType, boolean chunked) {
    String text = url.toString();
    URI ascii = isAscii(text) ? url : URI.create(url.toASCIIString());
    String path = ascii.getRawPath() == null || ascii.getRawPath().isEmpty() ? "/" : ascii.getRawPath();
    String target = ascii.getRawQuery() == null ? path : path + "?" + ascii.getRawQuery();
    for (int i = 0; i < target.length(); i++) {
      char c = target.charAt(i);
      if (c <= 0x20 || c >= 0x7f) {
        throw new IllegalArgumentException("request target holds a space or control character");
      }
    }
    StringBuilder b = new StringBuilder(256);
    b.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
    Headers all = new Headers();
    int defaultPort = "https".equalsIgnoreCase(ascii.getScheme()) ? 443 : 80;
    String hostHeader = ascii.getPort() >= 0 && ascii.getPort() != defaultPort
        ? ascii.getHost() + ":" + ascii.getPort() : ascii.getHost();
    all.add("Host", hostHeader);
    for (var e : defaultHeaders) {
      if (!headers.contains(e.getKey())) {
        all.add(e.getKey(), e.getValue());
      }
    }
    for (var e : headers) {
      if (e.getKey().equalsIgnoreCase("Host")) {
        all.set("Host", e.getValue());
      } else {
        all.add(e.getKey(), e.getValue());
      }
    }
    if (!all.contains("User-Agent")) {
      all.add("User-Agent", USER_AGENT);
    }
    if (!all.contains("Accept")) {
      all.add("Accept", "*/*");
    }
    if (!all.contains("Accept-Encoding")) {
      all.add("Accept-Encoding", "gzip, deflate");
    }
    if (cookies != null && cookiesStored && !all.contains("Cookie")) {
      try {
        Map<String, List<String>> c = cookies.get(url, Map.of());
        List<String> values = c.get("Cookie");
        if (values != null && !values.isEmpty()) {
          all.add("Cookie", String.join("; ", values));
        }
      } catch (IOException | IllegalArgumentException e) {
        // no cookie for a URL the jar cannot handle
      }
    }
    if (contentType != null && !all.contains("Content-Type")) {
      all.add("Content-Type", contentType);
    }
    all.remove("Content-Length").remove("Transfer-Encoding");
    if (chunked) {
      all.add("Transfer-Encoding", "chunked");
    } else if (body != null) {
      all.add("Content-Length", Integer.toString(body.length));
    } else if (method.equals("POST") || method.equals("PUT") || method.equals("PATCH")) {
      all.add("Content-Length", "0");
    }
    for (int i = 0; i < all.size(); i++) {
      b.append(all.nameAt(i)).append(": ").append(all.valueAt(i)).append("\r\n");
    }
    b.append("\r\n");
    return b.toString().getBytes(StandardCharsets.ISO_8859_1);
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  private void storeCookies(URI url, Headers h) {
    if (cookies == null) {
      return;
    }
    List<String> set = h.getAll("Set-Cookie");
    if (set.isEmpty()) {
      return;
    }
    cookiesStored = true;
    try {
      cookies.put(url, Map.of("Set-Cookie", set));
    } catch (IOException | IllegalArgumentException e) {
      // a cookie the jar refuses is dropped, as browsers do
    }
  }

  private URI resolve(String url) {
    URI u;
    try {
      u = new URI(url);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("bad URL: " + url, e);
    }
    if (!u.isAbsolute()) {
      if (baseUrl == null) {
        throw new IllegalArgumentException("a relative URL needs the session's baseUrl: " + url);
      }
      u = baseUrl.resolve(url.startsWith("/") ? url.substring(1) : url);
    }
    return u;
  }

  private static URI withParams(URI u, List<String[]> params) {
    if (params.isEmpty()) {
      return u;
    }
    StringBuilder q = new StringBuilder(u.getRawQuery() == null ? "" : u.getRawQuery());
    for (String[] p : params) {
      if (!q.isEmpty()) {
        q.append('&');
      }
      q.append(URLEncoder.encode(p[0], StandardCharsets.UTF_8)).append('=')
          .append(URLEncoder.encode(p[1], StandardCharsets.UTF_8));
    }
    String s = u.toString();
    int cut = s.indexOf('?');
    int frag = s.indexOf('#');
    String base = cut >= 0 ? s.substring(0, cut) : frag >= 0 ? s.substring(0, frag) : s;
    return URI.create(base + "?" + q);
  }

  private void bind() {
    EventLoop current = Asyncio.getRunningLoop();
    if (loop == null) {
      loop = current;
      pool = new ConnectionPool(loop, limit, limitPerHost, keepAliveTimeout);
    } else if (loop != current) {
      throw new IllegalStateException("this session belongs to another event loop");
    }
  }

  /** Open connections now (busy and idle). */
  public int connectionCount() {
    return pool == null ? 0 : pool.openCount();
  }

  /** Idle connections kept for reuse now. */
  public int idleConnectionCount() {
    return pool == null ? 0 : pool.idleCount();
  }

  /** Whether {@link #close()} was called. */
  public boolean isClosed() {
    return closed;
  }

  /**
   * Closes every connection; requests still running fail with {@link ClientConnectionError}.
   * Idempotent.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (pool != null) {
      pool.close();
    }
  }

  @Override
  public String toString() {
    return "ClientSession[" + (closed ? "closed" : connectionCount() + " connections") + "]";
  }
}
