package io.jasyncio.streams;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS contexts from PEM files, as Python programs make them: {@link #serverContext} is {@code
 * ssl.create_default_context(Purpose.CLIENT_AUTH)} followed by {@code load_cert_chain(certfile,
 * keyfile)}, and {@link #clientContext} is {@code ssl.create_default_context(cafile=...)}. Hand the
 * result to {@link StreamOptions#withTls} (or to the transports and HTTP layers).
 *
 * {@snippet class=io.jasyncio.streams.TlsTest region=tls}
 *
 * <p>The certificate file holds the server's certificate first, then its chain (PEM blocks
 * {@code BEGIN CERTIFICATE}); the key file one unencrypted PKCS#8 key ({@code BEGIN PRIVATE KEY},
 * what {@code openssl req -newkey ... -nodes} and {@code openssl genpkey} write; convert an older
 * {@code BEGIN RSA/EC PRIVATE KEY} file with {@code openssl pkcs8 -topk8 -nocrypt}).
 *
 * <p><b>Threads.</b> Any thread: the methods read files and build new objects.
 */
public final class Tls {
  private static final String[] KEY_ALGORITHMS = {"RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS"};

  private Tls() {}

  /**
   * A server context presenting the certificate chain of {@code certChainPem} with the private key
   * of {@code privateKeyPem}.
   *
   * @throws IOException if a file cannot be read
   * @throws GeneralSecurityException if a file holds no certificate, or no usable key (the message
   *     says which file and why)
   */
  public static SSLContext serverContext(Path certChainPem, Path privateKeyPem)
      throws IOException, GeneralSecurityException {
    Objects.requireNonNull(certChainPem, "certChainPem");
    Objects.requireNonNull(privateKeyPem, "privateKeyPem");
    List<Certificate> chain = certificates(certChainPem);
    PrivateKey key = privateKey(privateKeyPem);
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    char[] none = new char[0];
    ks.setKeyEntry("server", key, none, chain.toArray(new Certificate[0]));
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, none);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), null, null);
    return ctx;
  }

  /**
   * A client context that trusts the certificates of {@code caPemOrNull} (one or more CA or
   * self-signed certificates), or the JVM's default trust store when null. The client checks the
   * server's name against its certificate (the connection's {@code serverHostname}, else host).
   *
   * @throws IOException if the file cannot be read
   * @throws GeneralSecurityException if the file holds no certificate
   */
  public static SSLContext clientContext(Path caPemOrNull)
      throws IOException, GeneralSecurityException {
    SSLContext ctx = SSLContext.getInstance("TLS");
    if (caPemOrNull == null) {
      ctx.init(null, null, null);
      return ctx;
    }
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    int i = 0;
    for (Certificate c : certificates(caPemOrNull)) {
      trust.setCertificateEntry("ca-" + i++, c);
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }

  private static List<Certificate> certificates(Path pem)
      throws IOException, GeneralSecurityException {
    byte[] bytes = Files.readAllBytes(pem);
    if (!new String(bytes, StandardCharsets.US_ASCII).contains("-----BEGIN CERTIFICATE-----")) {
      throw new GeneralSecurityException(pem + " holds no PEM certificate (BEGIN CERTIFICATE)");
    }
    List<Certificate> out =
        new ArrayList<>(
            CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(bytes)));
    if (out.isEmpty()) {
      throw new GeneralSecurityException(pem + " holds no PEM certificate (BEGIN CERTIFICATE)");
    }
    return out;
  }

  private static PrivateKey privateKey(Path pem) throws IOException, GeneralSecurityException {
    String text = Files.readString(pem, StandardCharsets.US_ASCII);
    String begin = "-----BEGIN PRIVATE KEY-----";
    int start = text.indexOf(begin);
    if (start < 0) {
      String what =
          text.contains("ENCRYPTED PRIVATE KEY")
              ? "an encrypted key (make it with -nodes, or decrypt it with openssl pkcs8 -nocrypt)"
              : text.contains("RSA PRIVATE KEY") || text.contains("EC PRIVATE KEY")
                  ? "a key in the traditional format (convert it with openssl pkcs8 -topk8 -nocrypt)"
                  : "no PEM private key";
      throw new GeneralSecurityException(
          pem + " holds " + what + "; a PKCS#8 key (BEGIN PRIVATE KEY) is needed");
    }
    int end = text.indexOf("-----END PRIVATE KEY-----", start);
    if (end < 0) {
      throw new GeneralSecurityException(pem + ": the private key has no END line");
    }
    byte[] der =
        Base64.getMimeDecoder().decode(text.substring(start + begin.length(), end).strip());
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    for (String alg : KEY_ALGORITHMS) {
      try {
        return KeyFactory.getInstance(alg).generatePrivate(spec);
      } catch (InvalidKeySpecException | java.security.NoSuchAlgorithmException notThisOne) {
        // try the next algorithm
      }
    }
    throw new GeneralSecurityException(
        pem + ": the private key is none of " + String.join(", ", KEY_ALGORITHMS));
  }
}
