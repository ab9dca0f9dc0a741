package io.jasyncio.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/** Self-signed certificates made with the JDK's keytool, and SSL contexts built on them. */
final class TestCerts {
  private static final char[] PASSWORD = "changeit".toCharArray();

  final SSLContext server;
  final SSLContext client;

  private TestCerts(SSLContext server, SSLContext client) {
    this.server = server;
    this.client = client;
  }

  /** A certificate for {@code CN=localhost} (SAN localhost, 127.0.0.1); the client trusts it. */
  static TestCerts create(Path dir, String alias) throws Exception {
    return createFor(dir, alias, "CN=localhost", "SAN=dns:localhost,ip:127.0.0.1");
  }

  /** A certificate with the given subject and subject alternative names. */
  static TestCerts createFor(Path dir, String alias, String dname, String san) throws Exception {
    KeyStore ks = generate(dir, alias, dname, san);
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, PASSWORD);
    SSLContext server = SSLContext.getInstance("TLS");
    server.init(kmf.getKeyManagers(), null, null);
    return new TestCerts(server, trusting(ks.getCertificate(alias)));
  }

  /** A client context that trusts only {@code cert}. */
  static SSLContext trusting(Certificate cert) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("trusted", cert);
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext client = SSLContext.getInstance("TLS");
    client.init(null, tmf.getTrustManagers(), null);
    return client;
  }

  static KeyStore generate(Path dir, String alias, String dname, String san) throws Exception {
    Path file = dir.resolve(alias + ".p12");
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    Process p = new ProcessBuilder(List.of(keytool, "-genkeypair", "-alias", alias,
        "-keyalg", "EC", "-groupname", "secp256r1", "-dname", dname,
        "-ext", san, "-validity", "2",
        "-keystore", file.toString(), "-storetype", "PKCS12",
        "-storepass", "changeit", "-keypass", "changeit"))
        .redirectErrorStream(true)
        .start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IOException("keytool failed: " + out);
    }
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(file)) {
      ks.load(in, PASSWORD);
    }
    return ks;
  }
}
