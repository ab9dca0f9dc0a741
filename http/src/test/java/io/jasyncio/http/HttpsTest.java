package io.jasyncio.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jasyncio.Asyncio;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS: our server over TLS, our client verifying the certificate and the host name. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HttpsTest {
  @TempDir
  static Path dir;

  private static TestCerts certs;

  @BeforeAll
  static void makeCertificates() throws Exception {
    certs = TestCerts.create(dir, "localhost");
  }

  @Test
  void verifiedHttpsRoundTrip() {
    Application app = new Application().get("/", r -> Response.text("secure " + r.version()));
    Asyncio.run(() -> Servers.serve(app, ServerOptions.defaults().withTls(certs.server),
        (server, port) -> {
          try (ClientSession s = ClientSession.builder().tls(certs.client).build()) {
            assertEquals("secure HTTP/1.1", s.get("https://localhost:" + port + "/").text());
            assertEquals("secure HTTP/1.1", s.get("https://localhost:" + port + "/").text());
            assertEquals(1, s.connectionCount());
          }
          // the JDK's default trust store does not know this certificate
          try (ClientSession s = new ClientSession()) {
            assertThrows(ClientConnectionError.class, () -> s.get("https://localhost:" + port + "/"));
          }
          return null;
        }));
  }

  @Test
  void hostNameIsVerified() throws Exception {
    TestCerts wrongName = TestCerts.createFor(dir, "other", "CN=other.example",
        "SAN=dns:other.example");
    Application app = new Application().get("/", r -> Response.text("x"));
    Asyncio.run(() -> Servers.serve(app, ServerOptions.defaults().withTls(wrongName.server),
        (server, port) -> {
          try (ClientSession s = ClientSession.builder().tls(wrongName.client).build()) {
            assertThrows(ClientConnectionError.class,
                () -> s.get("https://localhost:" + port + "/"));
          }
          return null;
        }));
  }
}
