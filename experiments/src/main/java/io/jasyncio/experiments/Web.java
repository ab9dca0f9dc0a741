package io.jasyncio.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The blocking HTTP side shared by the models that use the JDK's {@link HttpClient} (as the
 * articles' programs use {@code requests}): GET with a status check, the image search of
 * article 003's {@code getManyPages}, and saving an image.
 *
 * <p><b>Threads.</b> Static methods; an {@link HttpClient} may be shared by threads.
 *
 * {@snippet class=io.jasyncio.experiments.ExperimentsSnippetsTest region=web}
 */
public final class Web {
  private Web() {}

  /**
   * The JSON reader, made on first use: a process model's worker JVM loads this class for its
   * requests and never reads JSON, and making a Jackson mapper costs a cold JVM about as much as
   * making its HTTP client, inside the clock.
   */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }

  /**
   * A JDK HTTP/1.1 client whose responses are completed on its own selector thread (a direct
   * executor) rather than handed to a pool thread first: a blocking {@code send} then wakes its
   * caller straight from the thread that read the answer, one thread hand-off less per request,
   * closer to {@code requests}, which reads on the calling thread. The bodies are small byte
   * arrays, so the selector thread never waits on them.
   */
  public static HttpClient client() {
    return HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(30))
        .executor(Runnable::run)
        .build();
  }

  /** GET {@code url}, blocking; the body, or IOException when the status is not 200. */
  public static byte[] get(HttpClient client, String url)
      throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).GET().build();
    HttpResponse<byte[]> r = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() != 200) {
      throw new IOException("GET " + url + ": status " + r.statusCode());
    }
    return r.body();
  }

  /**
   * The URL of search page {@code pn} for {@code word}, with article 003's parameters (the
   * stand-in reads {@code pn} and {@code rn}).
   */
  public static String searchUrl(String baseUrl, String word, int pn, int rn) {
    return baseUrl
        + "/search?tn=resultjson_com&ipn=rj&word="
        + URLEncoder.encode(word, StandardCharsets.UTF_8)
        + "&queryWord="
        + URLEncoder.encode(word, StandardCharsets.UTF_8)
        + "&ie=utf-8&oe=utf-8&pn="
        + pn
        + "&rn="
        + rn;
  }

  /** The pn values of article 003's loop: {@code range(rn, rn*pages + rn, rn)}. */
  public static List<Integer> pageNumbers(int pages, int rn) {
    List<Integer> pns = new ArrayList<>(pages);
    for (int pn = rn; pn < rn * pages + rn; pn += rn) {
      pns.add(pn);
    }
    return pns;
  }

  /** The {@code thumbURL}s of one search answer, in order. */
  public static List<String> thumbUrls(byte[] json) throws IOException {
    JsonNode data = Json.MAPPER.readTree(json).path("data");
    List<String> urls = new ArrayList<>();
    for (JsonNode item : data) {
      JsonNode url = item.get("thumbURL");
      if (url != null && url.isTextual()) {
        urls.add(url.asText());
      }
    }
    return urls;
  }

  /** Article 003's {@code getManyPages}: every search page, one after another. */
  public static List<String> searchUrls(
      HttpClient client, String baseUrl, String word, int pages, int rn)
      throws IOException, InterruptedException {
    List<String> urls = new ArrayList<>();
    for (int pn : pageNumbers(pages, rn)) {
      urls.addAll(thumbUrls(get(client, searchUrl(baseUrl, word, pn, rn))));
    }
    return urls;
  }

  /** The stand-in's {@code /ping} for a job that makes requests, null for the sums. */
  public static String pingUrl(Job job) {
    return switch (job) {
      case Job.PageRequests r -> URI.create(r.url()).resolve("/ping").toString();
      case Job.Downloads d -> URI.create(d.baseUrl()).resolve("/ping").toString();
      case Job.Sums s -> null;
    };
  }

  /** Saves an image under its own name ({@code .../img/17.jpg} becomes {@code dir/17.jpg}). */
  public static Path save(Path dir, String url, byte[] body) throws IOException {
    Path file = dir.resolve(url.substring(url.lastIndexOf('/') + 1));
    Files.write(file, body);
    return file;
  }
}
