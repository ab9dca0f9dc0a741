package io.jasyncio.experiments;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local stand-in for the web: article 001's site and article 003's image search and image
 * host, on 127.0.0.1 and a free port. The tool runs it in a JVM of its own ({@link
 * LocalWebProcess}, through {@link #main}); tests may start it in their own JVM.
 *
 * <table>
 *   <caption>Endpoints</caption>
 *   <tr><th>path</th><th>answer</th><th>after</th></tr>
 *   <tr><td>{@code /page}</td><td>a 16 KB HTML home page</td><td>the page delay</td></tr>
 *   <tr><td>{@code /search?word=W&pn=P&rn=R}</td><td>{@code {"data": [{"thumbURL": URL}, ...]}}
 *       for images P-R+1 .. P (so the article's loop pn = 30, 60, ..., 30 × pages fetches images
 *       1 .. 30 × pages)</td><td>the search delay</td></tr>
 *   <tr><td>{@code /img/N.jpg}</td><td>image N, {@code image/jpeg}</td>
 *       <td>image N's delay</td></tr>
 *   <tr><td>{@code /manifest}</td><td>{@code {"count", "bytes", "images": [{"n", "size",
 *       "crc32", "delay"}]}} for checking downloads and computing the floor</td><td>none</td></tr>
 *   <tr><td>{@code /ping}</td><td>{@code pong}: for a model to load its client's classes before
 *       its clock starts</td><td>none</td></tr>
 * </table>
 *
 * <p>It is built on the JDK's {@code com.sun.net.httpserver}, so it stays independent of the
 * code it measures. A delay is a scheduled answer, not a waiting thread: the server's dispatcher
 * thread reads a request and schedules its answer on a timer; the timer's one thread writes the
 * answer when it is due (a body of at most 20 KB fits the socket's buffer, so writing does not
 * wait for the client). A thousand requests waiting at once are a thousand timer entries, and a
 * request costs two threads' hand-offs whatever the delay, which keeps the stand-in fast enough
 * on the one core it is pinned to. With a bandwidth cap, every body is sent in 4 KB slices that
 * share one token bucket (a single network link), on a virtual thread per paced answer.
 *
 * <p><b>Threads.</b> Any thread may start, query and close it; it reads requests on the
 * server's dispatcher thread and answers on its timer's thread (paced answers on virtual
 * threads).
 *
 * {@snippet class=io.jasyncio.experiments.ExperimentsSnippetsTest region=localWeb}
 */
public final class LocalWeb implements AutoCloseable {
  /** The line the child JVM prints when it listens: {@code LOCALWEB PORT n}. */
  static final String READY = "LOCALWEB PORT ";

  private static final Pattern IMAGE = Pattern.compile("/img/([1-9][0-9]{0,6})\\.jpg");
  private static final int SLICE = 4096;
  /** Connections waiting to be accepted: more than the largest model opens at once (100). */
  private static final int BACKLOG = 1024;
  /** The header of the stand-in's own warm-up requests, which are answered without delay. */
  static final String WARM_UP = "X-Localweb-Warm-Up";
  /** Requests the child serves itself before it reports ready: enough for the JIT to compile. */
  static final int WARM_UP_REQUESTS = 6000;
  private static final int WARM_UP_CONNECTIONS = 4;
  private static final byte[] PONG = "pong\n".getBytes(StandardCharsets.US_ASCII);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Scale scale;
  private final byte[][] images;
  private final double[] delays;
  private final byte[] page = Catalogue.page();
  private final Bandwidth bandwidth;
  private final HttpServer server;
  private final ScheduledExecutorService timer;
  private final ExecutorService paced;
  private final byte[] manifest;

  private LocalWeb(Scale scale, Path cacheDirOrNull) throws IOException {
    // Headers and body go out in separate writes: without TCP_NODELAY, Nagle's algorithm and the
    // client's delayed acknowledgement would add ~40 ms to every answer.
    System.setProperty("sun.net.httpserver.nodelay", "true");
    this.scale = scale;
    int n = scale.images();
    this.images = Catalogue.images(scale.seed(), n, cacheDirOrNull);
    this.delays = Catalogue.delays(scale.seed(), n, scale.imageMeanDelay());
    this.bandwidth = scale.bandwidth() > 0 ? new Bandwidth(scale.bandwidth()) : null;
    this.manifest = manifestJson();
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("localweb-answers").daemon().factory());
    this.paced = bandwidth == null ? null : Executors.newVirtualThreadPerTaskExecutor();
    this.server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), BACKLOG);
    // No executor: the dispatcher thread itself reads each request and schedules its answer.
    server.setExecutor(null);
    server.createContext("/", this::answer);
    server.start();
  }

  /** Makes the catalogue of {@code scale} and listens on 127.0.0.1 and a free port. */
  public static LocalWeb start(Scale scale) {
    return start(scale, null);
  }

  /**
   * Makes the catalogue of {@code scale} (read from {@code cacheDirOrNull} when an earlier run
   * saved it there) and listens on 127.0.0.1 and a free port.
   */
  public static LocalWeb start(Scale scale, Path cacheDirOrNull) {
    try {
      return new LocalWeb(scale, cacheDirOrNull);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the stand-in for the web on 127.0.0.1", e);
    }
  }

  /** The port it listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** {@code http://127.0.0.1:PORT}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port();
  }

  private byte[] manifestJson() {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode list = root.putArray("images");
    long total = 0;
    for (int i = 0; i < images.length; i++) {
      total += images[i].length;
      list.addObject()
          .put("n", i + 1)
          .put("size", images[i].length)
          .put("crc32", Catalogue.crc32(images[i]))
          .put("delay", delays[i]);
    }
    root.put("count", images.length);
    root.put("bytes", total);
    root.put("seed", scale.seed());
    try {
      return JSON.writeValueAsBytes(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Runs on the dispatcher thread: reads the request and schedules its answer. */
  private void answer(HttpExchange exchange) throws IOException {
    try (InputStream in = exchange.getRequestBody()) {
      in.readAllBytes();
    }
    String path = exchange.getRequestURI().getPath();
    boolean warm = exchange.getRequestHeaders().containsKey(WARM_UP);
    Matcher m = IMAGE.matcher(path);
    if (m.matches()) {
      int n = Integer.parseInt(m.group(1));
      if (n > images.length) {
        later(exchange, 0, 404, null, null);
      } else {
        later(exchange, warm ? 0 : delays[n - 1], 200, "image/jpeg", images[n - 1]);
      }
    } else if (path.equals("/page") || path.equals("/")) {
      later(exchange, warm ? 0 : scale.pageDelay(), 200, "text/html; charset=utf-8", page);
    } else if (path.equals("/search")) {
      Map<String, String> q = query(exchange.getRequestURI().getRawQuery());
      try {
        int pn = Integer.parseInt(q.getOrDefault("pn", "30"));
        int rn = Integer.parseInt(q.getOrDefault("rn", "30"));
        later(exchange, warm ? 0 : scale.searchDelay(), 200, "application/json", search(pn, rn));
      } catch (NumberFormatException e) {
        byte[] why = "pn and rn must be integers\n".getBytes(StandardCharsets.UTF_8);
        later(exchange, 0, 400, "text/plain", why);
      }
    } else if (path.equals("/manifest")) {
      later(exchange, 0, 200, "application/json", manifest);
    } else if (path.equals("/ping")) {
      later(exchange, 0, 200, "text/plain", PONG);
    } else {
      later(exchange, 0, 404, null, null);
    }
  }

  /**
   * Answers {@code exchange} after {@code seconds}: at once on this thread when there is no delay
   * and no cap, else from the timer's thread when it is due (through a virtual thread when the
   * answer is paced by the bandwidth cap). A null body is an empty answer.
   */
  private void later(HttpExchange exchange, double seconds, int status, String type, byte[] body) {
    Runnable answer =
        bandwidth == null
            ? () -> send(exchange, status, type, body)
            : () -> paced.execute(() -> send(exchange, status, type, body));
    if (seconds <= 0 && bandwidth == null) {
      answer.run();
      return;
    }
    try {
      timer.schedule(answer, Math.round(seconds * 1e9), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException closing) {
      exchange.close();
    }
  }

  /** The search page {@code pn}: images pn-rn+1 .. pn that exist. */
  byte[] search(int pn, int rn) {
    ObjectNode root = JSON.createObjectNode();
    ArrayNode data = root.putArray("data");
    for (int n = Math.max(1, pn - rn + 1); n <= Math.min(pn, images.length); n++) {
      data.addObject()
          .put("thumbURL", baseUrl() + "/img/" + n + ".jpg")
          .put("fromPageTitle", "picture " + n);
    }
    root.put("listNum", images.length);
    try {
      return JSON.writeValueAsBytes(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> q = new HashMap<>();
    if (raw == null) {
      return q;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      q.put(
          URLDecoder.decode(k, StandardCharsets.UTF_8),
          URLDecoder.decode(v, StandardCharsets.UTF_8));
    }
    return q;
  }

  private void send(HttpExchange exchange, int status, String type, byte[] body) {
    try (exchange) {
      if (body == null) {
        exchange.sendResponseHeaders(status, -1);
        return;
      }
      exchange.getResponseHeaders().add("Content-Type", type);
      exchange.sendResponseHeaders(status, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        if (bandwidth == null) {
          out.write(body);
        } else {
          for (int off = 0; off < body.length; off += SLICE) {
            int len = Math.min(SLICE, body.length - off);
            bandwidth.take(len);
            out.write(body, off, len);
          }
        }
      }
    } catch (IOException gone) {
      // the client closed its connection before the answer: nothing to answer
    }
  }

  private static void pause(double seconds) {
    if (seconds <= 0) {
      return;
    }
    try {
      Thread.sleep(Duration.ofNanos(Math.round(seconds * 1e9)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A token bucket shared by every response: the link's rate in bytes per second. */
  static final class Bandwidth {
    private final double bytesPerSecond;
    private long nextFree = System.nanoTime();

    Bandwidth(long bytesPerSecond) {
      this.bytesPerSecond = bytesPerSecond;
    }

    void take(int bytes) {
      long wait;
      synchronized (this) {
        long now = System.nanoTime();
        nextFree = Math.max(nextFree, now) + Math.round(bytes * 1e9 / bytesPerSecond);
        wait = nextFree - now;
      }
      pause(wait / 1e9);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    timer.shutdownNow();
    if (paced != null) {
      paced.shutdownNow();
    }
  }

  /**
   * Serves {@code requests} requests to itself over {@code connections} keep-alive connections,
   * every path in turn and without delays (they carry the {@value #WARM_UP} header), so that the
   * server's code is compiled before the first timed request: the web does not get faster as a
   * program uses it, and the first model measured must not pay for the stand-in's warm-up.
   */
  void warmUp(int requests, int connections) throws IOException, InterruptedException {
    List<Thread> clients = new ArrayList<>();
    List<IOException> failures = Collections.synchronizedList(new ArrayList<>());
    for (int c = 0; c < connections; c++) {
      int first = c;
      Runnable client =
          () -> {
            try {
              warmUpConnection(first, connections, requests / connections);
            } catch (IOException e) {
              failures.add(e);
            }
          };
      clients.add(Thread.ofPlatform().name("localweb-warm-up-" + c).start(client));
    }
    for (Thread t : clients) {
      t.join();
    }
    if (!failures.isEmpty()) {
      throw failures.getFirst();
    }
  }

  private void warmUpConnection(int first, int step, int requests) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port())) {
      socket.setTcpNoDelay(true);
      OutputStream out = socket.getOutputStream();
      InputStream in = new BufferedInputStream(socket.getInputStream());
      for (int i = 0; i < requests; i++) {
        int k = first + i * step;
        String path =
            k % 50 == 0 ? "/page"
                : k % 30 == 0 ? "/search?word=w&pn=" + (k % images.length + 1) + "&rn=30"
                : "/img/" + (k % images.length + 1) + ".jpg";
        String request =
            "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + WARM_UP + ": 1\r\n\r\n";
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        in.skipNBytes(contentLength(in));
      }
    }
  }

  /** Reads an answer's head; its Content-Length. */
  private static long contentLength(InputStream in) throws IOException {
    long length = 0;
    StringBuilder line = new StringBuilder();
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new EOFException("the stand-in closed a warm-up connection");
      }
      if (b != '\n') {
        line.append((char) b);
        continue;
      }
      String l = line.toString().trim();
      line.setLength(0);
      if (l.isEmpty()) {
        return length;
      }
      if (l.regionMatches(true, 0, "Content-Length:", 0, 15)) {
        length = Long.parseLong(l.substring(15).trim());
      }
    }
  }

  /**
   * The child JVM's entry point: {@code LocalWeb NAME REQUESTS PAGE_DELAY PAGES PER_PAGE
   * IMAGE_MEAN SEARCH_DELAY SUMS SEED BANDWIDTH [CACHE_DIR]} (a {@link Scale}'s fields in order,
   * then where the catalogue may be cached). Warms itself up ({@link #warmUp}), prints
   * {@code LOCALWEB PORT n} when it is ready, and exits when its standard input ends: it never
   * outlives the tool that started it.
   */
  public static void main(String[] args) throws IOException, InterruptedException {
    List<String> a = List.of(args);
    Scale scale = fromArgs(a.subList(0, Math.min(10, a.size())));
    LocalWeb web = start(scale, a.size() > 10 ? Path.of(a.get(10)) : null);
    web.warmUp(WARM_UP_REQUESTS, WARM_UP_CONNECTIONS);
    System.out.println(READY + web.port());
    System.out.flush();
    InputStream in = System.in;
    while (in.read() >= 0) {
      // nothing to read: the parent holds the pipe open while it lives
    }
    web.close();
    System.exit(0);
  }

  /** The command-line arguments of {@link #main} for {@code scale}. */
  static List<String> toArgs(Scale s) {
    return List.of(
        s.name(), "" + s.requests(), "" + s.pageDelay(), "" + s.pages(), "" + s.perPage(),
        "" + s.imageMeanDelay(), "" + s.searchDelay(), "" + s.sums(), "" + s.seed(),
        "" + s.bandwidth());
  }

  static Scale fromArgs(List<String> a) {
    if (a.size() != 10) {
      throw new IllegalArgumentException("LocalWeb needs the 10 fields of a Scale, not " + a);
    }
    return new Scale(
        a.get(0), Integer.parseInt(a.get(1)), Double.parseDouble(a.get(2)),
        Integer.parseInt(a.get(3)), Integer.parseInt(a.get(4)), Double.parseDouble(a.get(5)),
        Double.parseDouble(a.get(6)), Integer.parseInt(a.get(7)), Long.parseLong(a.get(8)),
        Long.parseLong(a.get(9)));
  }
}
