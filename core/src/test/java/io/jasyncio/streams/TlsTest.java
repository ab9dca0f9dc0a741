package io.jasyncio.streams;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.TestBase;
import io.jasyncio.transports.Server;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Tls.serverContext / clientContext from PEM files made by openssl and by keytool. */
@Timeout(120)
class TlsTest extends TestBase {
  private static final String HOST = "127.0.0.1";

  /** cert.pem and key.pem for CN=localhost (SAN localhost, 127.0.0.1), made by openssl. */
  private static void openssl(Path dir) throws Exception {
    run(dir, List.of("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
        "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", "key.pem", "-out", "cert.pem",
        "-days", "2", "-subj", "/CN=localhost",
        "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"));
  }

  private static void run(Path dir, List<String> cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), US_ASCII);
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException(cmd + " failed: " + out);
    }
  }

  /** The same two files from a key pair that keytool made, written as PEM. */
  private static void keytool(Path dir) throws Exception {
    KeyStore ks = TestCerts.generate(dir, "server");
    Base64.Encoder b64 = Base64.getMimeEncoder(64, "\n".getBytes(US_ASCII));
    Files.writeString(dir.resolve("cert.pem"), "-----BEGIN CERTIFICATE-----\n"
        + b64.encodeToString(ks.getCertificate("server").getEncoded())
        + "\n-----END CERTIFICATE-----\n");
    Files.writeString(dir.resolve("key.pem"), "-----BEGIN PRIVATE KEY-----\n"
        + b64.encodeToString(ks.getKey("server", "changeit".toCharArray()).getEncoded())
        + "\n-----END PRIVATE KEY-----\n");
  }

  private static String echoOnce(SSLContext server, SSLContext client) {
    return Asyncio.run(() -> {
      Server s = Streams.startServer((r, w) -> {
        w.write(r.readline());
        w.drain();
        w.close();
      }, HOST, 0, StreamOptions.defaults().withTls(server, null));
      try {
        Connection c = Streams.openConnection(HOST, s.port(),
            StreamOptions.defaults().withTls(client, "localhost"));
        c.writer().write("hello over TLS\n".getBytes(US_ASCII));
        String line = new String(c.reader().readline(), US_ASCII);
        c.writer().close();
        return line;
      } finally {
        s.close();
      }
    });
  }

  @Test
  void pemFilesMadeByOpenssl(@TempDir Path dir) throws Exception {
    openssl(dir);
    // @start region="tls"
    SSLContext server = Tls.serverContext(dir.resolve("cert.pem"), dir.resolve("key.pem"));
    SSLContext client = Tls.clientContext(dir.resolve("cert.pem"));   // trusts that certificate
    // StreamOptions.defaults().withTls(server, null) for Streams.startServer,
    // StreamOptions.defaults().withTls(client, "localhost") for Streams.openConnection
    // @end
    assertEquals("hello over TLS\n", echoOnce(server, client));
  }

  @Test
  void pemFilesFromAKeytoolKeyPair(@TempDir Path dir) throws Exception {
    keytool(dir);
    SSLContext server = Tls.serverContext(dir.resolve("cert.pem"), dir.resolve("key.pem"));
    assertEquals("hello over TLS\n", echoOnce(server, Tls.clientContext(dir.resolve("cert.pem"))));
  }

  @Test
  void theDefaultTrustStoreDoesNotTrustASelfSignedCertificate(@TempDir Path dir) throws Exception {
    openssl(dir);
    SSLContext server = Tls.serverContext(dir.resolve("cert.pem"), dir.resolve("key.pem"));
    assertThrows(SSLHandshakeException.class, () -> echoOnce(server, Tls.clientContext(null)));
  }

  @Test
  void filesWithoutWhatIsNeededSaySo(@TempDir Path dir) throws Exception {
    openssl(dir);
    Path cert = dir.resolve("cert.pem");
    Path key = dir.resolve("key.pem");
    GeneralSecurityException swapped =
        assertThrows(GeneralSecurityException.class, () -> Tls.serverContext(cert, cert));
    assertTrue(swapped.getMessage().contains("holds no PEM private key"), swapped.getMessage());
    Path traditional = Files.writeString(dir.resolve("rsa.pem"),
        "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
    GeneralSecurityException old =
        assertThrows(GeneralSecurityException.class, () -> Tls.serverContext(cert, traditional));
    assertTrue(old.getMessage().contains("openssl pkcs8 -topk8 -nocrypt"), old.getMessage());
    GeneralSecurityException noCert =
        assertThrows(GeneralSecurityException.class, () -> Tls.clientContext(key));
    assertTrue(noCert.getMessage().contains("holds no PEM certificate"), noCert.getMessage());
  }
}
