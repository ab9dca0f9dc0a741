package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.http.Application;
import io.jasyncio.http.Response;
import io.jasyncio.http.WebServer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A local stand-in for the web site the aiohttp programs of article 001 download: {@code GET /}
 * answers a 20 KB HTML page after a delay (the round trip and server time of a real site), on
 * 127.0.0.1 and a free port. It is a jasyncio {@link WebServer} on its own thread and event loop,
 * so blocking clients and coroutine clients alike can use it.
 *
 * <p><b>Threads.</b> Any thread may start, query and close it.
 *
 * {@snippet class=io.jasyncio.examples.ExamplesSnippetsTest region=pageServer}
 */
public final class PageServer implements AutoCloseable {
  static final String PAGE = "<!DOCTYPE html>\n<html><head><title>Homes in Beijing</title></head>"
      + "<body>\n" + "<p>A listing of flats and houses.</p>\n".repeat(500) + "</body></html>\n";

  private final Thread thread;
  private final int port;
  private final AtomicReference<EventLoop> loop;
  private final AtomicReference<Future<Void>> stop;

  private PageServer(Thread thread, int port, AtomicReference<EventLoop> loop,
      AtomicReference<Future<Void>> stop) {
    this.thread = thread;
    this.port = port;
    this.loop = loop;
    this.stop = stop;
  }

  /** Starts a server whose page takes {@code delaySeconds} to come. */
  public static PageServer start(double delaySeconds) {
    CompletableFuture<Integer> ready = new CompletableFuture<>();
    AtomicReference<EventLoop> loop = new AtomicReference<>();
    AtomicReference<Future<Void>> stop = new AtomicReference<>();
    Application app = new Application().get("/", request -> {
      Asyncio.sleep(delaySeconds);
      return Response.bytes(PAGE.getBytes(java.nio.charset.StandardCharsets.UTF_8),
          "text/html; charset=utf-8");
    });
    Thread t = Thread.ofPlatform().name("page-server").daemon().start(() -> {
      try {
        Asyncio.run(() -> {
          WebServer server = WebServer.start(app, "127.0.0.1", 0);
          Future<Void> s = Asyncio.getRunningLoop().createFuture();
          loop.set(Asyncio.getRunningLoop());
          stop.set(s);
          ready.complete(server.port());
          Asyncio.await(s);
          server.shutdown(1);
          return null;
        });
      } catch (RuntimeException | Error e) {
        ready.completeExceptionally(e);
      }
    });
    return new PageServer(t, ready.join(), loop, stop);
  }

  /** The page's URL. */
  public String url() {
    return "http://127.0.0.1:" + port + "/";
  }

  /** Stops the server and waits for its thread. */
  @Override
  public void close() {
    EventLoop l = loop.get();
    if (l != null && !l.isClosed()) {
      l.callSoonThreadsafe(() -> {
        Future<Void> s = stop.get();
        if (!s.done()) {
          s.setResult(null);
        }
      });
    }
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
