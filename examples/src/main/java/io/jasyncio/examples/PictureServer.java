package io.jasyncio.examples;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

/**
 * A local picture server for the download programs: {@code GET /pictures/N.png} answers N
 * kilobytes of made-up picture, anything else 404. It listens on 127.0.0.1 only, on a free port,
 * with the JDK's {@code com.sun.net.httpserver} (module jdk.httpserver); close it to stop it.
 *
 * <p><b>Threads.</b> Any thread may create, query and close it; it answers on its own threads.
 *
 * {@snippet class=io.jasyncio.examples.ExamplesSnippetsTest region=pictureServer}
 */
public final class PictureServer implements AutoCloseable {
  private static final Pattern PICTURE = Pattern.compile("/pictures/([1-9][0-9]?)\\.png");

  private final HttpServer server;
  private final ExecutorService threads;

  private PictureServer(HttpServer server, ExecutorService threads) {
    this.server = server;
    this.threads = threads;
  }

  /** Starts a server on 127.0.0.1 and a free port. */
  public static PictureServer start() {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
      server.setExecutor(threads);
      server.createContext("/", PictureServer::answer);
      server.start();
      return new PictureServer(server, threads);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the picture server on 127.0.0.1", e);
    }
  }

  private static void answer(HttpExchange exchange) throws IOException {
    try (exchange) {
      Matcher m = PICTURE.matcher(exchange.getRequestURI().getPath());
      if (!m.matches()) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      byte[] picture = picture(Integer.parseInt(m.group(1)));
      exchange.getResponseHeaders().add("Content-Type", "image/png");
      exchange.sendResponseHeaders(200, picture.length);
      try (OutputStream body = exchange.getResponseBody()) {
        body.write(picture);
      }
    }
  }

  /** The bytes of picture {@code n}: n kilobytes. */
  static byte[] picture(int n) {
    byte[] b = new byte[n * 1024];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) (i * 31 + n);
    }
    return b;
  }

  /** The base address, {@code http://127.0.0.1:PORT}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The addresses of pictures 1 to {@code n}. */
  public List<String> pictureUrls(int n) {
    return IntStream.rangeClosed(1, n)
        .mapToObj(i -> baseUrl() + "/pictures/" + i + ".png")
        .toList();
  }

  @Override
  public void close() {
    server.stop(0);
    threads.close();
  }
}
