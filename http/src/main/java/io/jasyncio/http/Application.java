package io.jasyncio.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * A web application (aiohttp's {@code web.Application} with its router): routes, middlewares,
 * start-up and clean-up hooks, and the body size cap. Serve it with {@link WebServer}.
 *
 * <p>Routing: a path pattern is literal text with {@code {name}} segments (anything but a slash)
 * and {@code {name:regex}} segments, matched against the percent-decoded path; the values are
 * {@link Request#matchInfo(String)}. The first route added that matches wins. A path no route
 * matches is a 404; a path that matches only routes of other methods is a 405 with an {@code
 * Allow} header; GET routes answer HEAD too (the body is not sent). Routing happens inside the
 * middlewares, so they see 404 and 405 as {@link HttpException}s.
 *
 * {@snippet class=io.jasyncio.http.HttpSnippetsTest region=application}
 *
 * <p>Threads: build it before the server starts; it is read (never changed) while serving.
 */
public final class Application {
  private final List<Route> routes = new ArrayList<>();
  private final List<Middleware> middlewares = new ArrayList<>();
  private final List<AppHook> startup = new ArrayList<>();
  private final List<AppHook> cleanup = new ArrayList<>();
  private int clientMaxSize = 1024 * 1024;
  private boolean frozen;

  /** An application with no route. */
  public Application() {}

  /** Routes GET (and HEAD) requests for {@code path} to {@code h}. */
  public Application get(String path, Handler h) {
    return route("GET", path, h);
  }

  /** Routes POST requests for {@code path} to {@code h}. */
  public Application post(String path, Handler h) {
    return route("POST", path, h);
  }

  /** Routes PUT requests for {@code path} to {@code h}. */
  public Application put(String path, Handler h) {
    return route("PUT", path, h);
  }

  /** Routes DELETE requests for {@code path} to {@code h}. */
  public Application delete(String path, Handler h) {
    return route("DELETE", path, h);
  }

  /** Routes {@code method} ("*": any method) requests for {@code path} to {@code h}. */
  public Application route(String method, String path, Handler h) {
    checkOpen();
    String m = method.equals("*") ? "*" : method.toUpperCase(Locale.ROOT);
    if (!m.equals("*")) {
      Headers.checkName(m);
    }
    routes.add(new Route(m, path, java.util.Objects.requireNonNull(h, "handler")));
    return this;
  }

  /** Adds a middleware; the first added is the outermost. */
  public Application middleware(Middleware m) {
    checkOpen();
    middlewares.add(java.util.Objects.requireNonNull(m, "middleware"));
    return this;
  }

  /** Adds a hook run (in order) when the server starts, before it accepts connections. */
  public Application onStartup(AppHook h) {
    checkOpen();
    startup.add(java.util.Objects.requireNonNull(h, "hook"));
    return this;
  }

  /** Adds a hook run (in order) when the server has shut down. */
  public Application onCleanup(AppHook h) {
    checkOpen();
    cleanup.add(java.util.Objects.requireNonNull(h, "hook"));
    return this;
  }

  /** The largest body the capped readers accept (1 MiB); a larger one is a 413. */
  public Application clientMaxSize(int bytes) {
    checkOpen();
    if (bytes < 0) {
      throw new IllegalArgumentException("clientMaxSize must not be negative: " + bytes);
    }
    clientMaxSize = bytes;
    return this;
  }

  int clientMaxSize() {
    return clientMaxSize;
  }

  List<AppHook> startupHooks() {
    return startup;
  }

  List<AppHook> cleanupHooks() {
    return cleanup;
  }

  void freeze() {
    frozen = true;
  }

  private void checkOpen() {
    if (frozen) {
      throw new IllegalStateException("the application is being served: add routes before");
    }
  }

  /** Runs {@code request} through the middlewares and the router. */
  Response dispatch(Request request) throws Exception {
    Handler h = this::routeTo;
    for (int i = middlewares.size() - 1; i >= 0; i--) {
      Middleware m = middlewares.get(i);
      Handler next = h;
      h = r -> m.handle(r, next);
    }
    return h.handle(request);
  }

  private Response routeTo(Request request) throws Exception {
    String path = request.path();
    TreeSet<String> allowed = null;
    for (Route r : routes) {
      Map<String, String> m = r.match(path);
      if (m == null) {
        continue;
      }
      if (r.allows(request.method())) {
        request.setMatchInfo(m);
        return r.handler.handle(request);
      }
      if (allowed == null) {
        allowed = new TreeSet<>();
      }
      allowed.add(r.method);
      if (r.method.equals("GET")) {
        allowed.add("HEAD");
      }
    }
    if (allowed == null) {
      throw new HttpException(404);
    }
    throw new HttpException(405, null, Headers.of("Allow", String.join(", ", allowed)));
  }

  @Override
  public String toString() {
    return "Application[" + routes.size() + " routes, " + middlewares.size() + " middlewares]";
  }
}
