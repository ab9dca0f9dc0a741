package io.jasyncio.bench.http;

import io.jasyncio.Asyncio;
import io.jasyncio.Task;
import io.jasyncio.http.ClientRequest;
import io.jasyncio.http.ClientResponse;
import io.jasyncio.http.ClientSession;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * jasyncio's client against a real server, for the interop check ({@code ./jasyncio
 * http-interop}): {@code --peer aiohttp} (bench/http/interop_aiohttp_server.py) or {@code --peer
 * nginx} (static files and {@code return} locations, configured by bench/http/interop.sh). Both
 * serve {@code /hello.txt} ({@code Hello, World!} and a newline), {@code /big.bin} (1 MiB, byte i
 * = (31 i + 7) mod 251), {@code /gzip.txt} (compressed on the fly, so chunked), {@code /port} (the
 * client's port), {@code /redirect} (302 to /hello.txt) and {@code /post}; aiohttp also {@code
 * /echo}, {@code /json}, {@code /set-cookie} and {@code /cookie}.
 *
 * <p>Prints {@code PASS name} or {@code FAIL name: what differed} for each check and exits with
 * status 1 when one failed.
 *
 * {@snippet lang=sh :
 * java --add-exports java.base/jdk.internal.vm=ALL-UNNAMED -cp "$CP" io.jasyncio.bench.http.InteropClient \
 *     --peer nginx --base http://127.0.0.1:8080
 * }
 */
public final class InteropClient {
  static final String USAGE = "InteropClient --peer aiohttp|nginx --base http://HOST:PORT";
  static final String HELLO = "Hello, World!\n";
  static final int BIG = 1 << 20;

  private final String peer;
  private final String base;
  private final String tag;
  private int failed;
  private int passed;

  private InteropClient(String peer, String base) {
    this.peer = peer;
    this.base = base;
    this.tag = "jasyncio client (" + System.getProperty("jasyncio.engine", "default engine") + ") -> " + peer;
  }

  /** The content of /big.bin. */
  static byte[] big() {
    byte[] b = new byte[BIG];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) ((31L * i + 7) % 251);
    }
    return b;
  }

  /** The content of /gzip.txt. */
  static String gzipText() {
    return "jasyncio gzip line\n".repeat(2000);
  }

  @FunctionalInterface
  private interface Check {
    /** Returns null when the check passed, else what differed. Suspends. */
    String run(ClientSession s) throws Exception;
  }

  private void check(ClientSession s, String name, Check c) {
    String problem;
    try {
      problem = c.run(s);
    } catch (Exception e) {
      problem = "threw " + e;
    }
    if (problem == null) {
      passed++;
      System.out.println("PASS " + tag + ": " + name);
    } else {
      failed++;
      System.out.println("FAIL " + tag + ": " + name + ": " + problem);
    }
  }

  private static String expect(Object expected, Object actual, String what) {
    return Objects.equals(expected, actual) ? null
        : what + ": expected " + show(expected) + ", got " + show(actual);
  }

  private static String show(Object o) {
    String s = String.valueOf(o);
    return s.length() > 80 ? "'" + s.substring(0, 80) + "...' (" + s.length() + " chars)" : "'" + s + "'";
  }

  private static String first(String... problems) {
    for (String p : problems) {
      if (p != null) {
        return p;
      }
    }
    return null;
  }

  private String port(ClientSession s) throws Exception {
    try (ClientResponse r = s.get(base + "/port")) {
      return r.text().trim();
    }
  }

  private void run() {
    byte[] big = big();
    try (ClientSession s = ClientSession.builder().limit(10).build()) {
      check(s, "GET /hello.txt (Content-Length body)", x -> {
        try (ClientResponse r = x.get(base + "/hello.txt")) {
          return first(expect(200, r.status(), "status"), expect(HELLO, r.text(), "body"));
        }
      });
      check(s, "GET /big.bin (1 MiB, read whole)", x -> {
        try (ClientResponse r = x.get(base + "/big.bin")) {
          byte[] got = r.read();
          return first(expect(200, r.status(), "status"), expect(BIG, got.length, "length"),
              Arrays.equals(big, got) ? null : "content differs");
        }
      });
      check(s, "GET /big.bin streamed with readChunk(16384)", x -> {
        try (ClientResponse r = x.get(base + "/big.bin")) {
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          for (byte[] piece = r.readChunk(16384); piece.length > 0; piece = r.readChunk(16384)) {
            if (piece.length > 16384) {
              return "a piece of " + piece.length + " bytes";
            }
            out.write(piece);
          }
          return Arrays.equals(big, out.toByteArray()) ? null : "content differs (" + out.size() + " bytes)";
        }
      });
      check(s, "GET /gzip.txt (gzip, chunked, decoded transparently)", x -> {
        try (ClientResponse r = x.get(base + "/gzip.txt")) {
          String text = r.text();
          return first(expect(200, r.status(), "status"), expect(gzipText(), text, "decoded body"));
        }
      });
      check(s, "keep-alive: two GETs on one connection", x -> {
        String a = port(x);
        String b = port(x);
        return expect(a, b, "client port of the second request");
      });
      check(s, "HEAD /big.bin: headers only, connection reused after it", x -> {
        String before = port(x);
        try (ClientResponse r = x.send(ClientRequest.head(base + "/big.bin"))) {
          String p = first(expect(200, r.status(), "status"),
              expect(String.valueOf(BIG), r.headers().get("Content-Length"), "Content-Length"),
              expect(0, r.read().length, "body length"));
          if (p != null) {
            return p;
          }
        }
        return expect(before, port(x), "client port after HEAD");
      });
      check(s, "GET /redirect (302 to /hello.txt)", x -> {
        try (ClientResponse r = x.get(base + "/redirect")) {
          return first(expect(200, r.status(), "status"), expect(HELLO, r.text(), "body"),
              expect(1, r.history().size(), "history size"),
              expect(302, r.history().isEmpty() ? -1 : r.history().getFirst().status(), "history status"),
              expect("/hello.txt", r.url().getPath(), "final path"));
        }
      });
      check(s, "GET /missing is 404 and the connection stays usable", x -> {
        String before = port(x);
        try (ClientResponse r = x.get(base + "/missing")) {
          r.read();
          String p = expect(404, r.status(), "status");
          if (p != null) {
            return p;
          }
        }
        return expect(before, port(x), "client port after the 404");
      });
      check(s, "POST with Content-Length", x -> {
        try (ClientResponse r = x.send(ClientRequest.post(base + "/post").text("hello world"))) {
          return first(expect(200, r.status(), "status"), expect("POST 11", r.text().trim(), "answer"));
        }
      });
      check(s, "POST chunked (body of unknown length)", x -> {
        Iterator<byte[]> pieces = List.of("hello ".getBytes(StandardCharsets.US_ASCII),
            "chunked ".getBytes(StandardCharsets.US_ASCII), "world".getBytes(StandardCharsets.US_ASCII)).iterator();
        String before = port(x);
        try (ClientResponse r = x.send(ClientRequest.post(base + "/post").stream(pieces, "text/plain"))) {
          String answer = r.text().trim();
          // aiohttp's /post counts the bytes it read; nginx's $content_length says nothing useful
          // of a chunked body: there, a 200 and a connection still in step show the framing was read.
          String p = first(expect(200, r.status(), "status"),
              peer.equals("nginx") ? null : expect("POST 19", answer, "answer"));
          if (p != null) {
            return p;
          }
        }
        return expect(before, port(x), "client port after the chunked POST");
      });
      check(s, "50 concurrent GETs through limit(10)", x -> {
        List<Task<String>> tasks = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
          tasks.add(Asyncio.createTask(() -> {
            try (ClientResponse r = x.get(base + "/hello.txt")) {
              return r.text();
            }
          }));
        }
        Asyncio.wait(tasks);
        for (Task<String> t : tasks) {
          String p = expect(HELLO, t.result(), "a body");
          if (p != null) {
            return p;
          }
        }
        return null;
      });
      if (peer.equals("aiohttp")) {
        check(s, "POST 1 MiB to /echo (Content-Length) and read it back", x -> {
          try (ClientResponse r = x.send(ClientRequest.post(base + "/echo").body(big, "application/octet-stream"))) {
            byte[] got = r.read();
            return first(expect(200, r.status(), "status"), Arrays.equals(big, got) ? null
                : "echo differs (" + got.length + " bytes)");
          }
        });
        check(s, "GET /json", x -> {
          try (ClientResponse r = x.get(base + "/json")) {
            return expect(42, r.json().path("answer").asInt(), "answer");
          }
        });
        check(s, "cookies: set by /set-cookie, sent back to /cookie", x -> {
          try (ClientResponse r = x.get(base + "/set-cookie")) {
            r.read();
          }
          try (ClientResponse r = x.get(base + "/cookie")) {
            return expect("flavour=oat", r.text().trim(), "Cookie header seen by the server");
          }
        });
      }
    }
  }

  public static void main(String[] argv) {
    Options o = Options.parse(argv, USAGE);
    String peer = o.string("peer", "");
    String base = o.string("base", "");
    if (!peer.equals("aiohttp") && !peer.equals("nginx") || base.isEmpty()) {
      throw new IllegalArgumentException("usage: " + USAGE);
    }
    InteropClient c = new InteropClient(peer, base.replaceAll("/+$", ""));
    Asyncio.run(() -> {
      c.run();
      return null;
    });
    System.out.println(c.tag + ": " + c.passed + " passed, " + c.failed + " failed");
    System.exit(c.failed == 0 ? 0 : 1);
  }
}
