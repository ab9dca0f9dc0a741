package io.jasyncio.experiments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LocalWebTest {
  static final Scale SCALE = new Scale("test", 2, 0.0, 3, 4, 0.001, 0.0, 10, 99, 0);
  static LocalWeb web;
  static HttpClient client;

  @BeforeAll
  static void start() {
    web = LocalWeb.start(SCALE);
    client = Web.client();
  }

  @AfterAll
  static void stop() {
    web.close();
  }

  @Test
  void searchAnswersTheArticlesJsonShape() throws Exception {
    String search = Web.searchUrl(web.baseUrl(), "火影", 8, 4);
    JsonNode root = new ObjectMapper().readTree(Web.get(client, search));
    JsonNode data = root.get("data");
    assertTrue(data.isArray());
    assertEquals(4, data.size());
    for (int i = 0; i < 4; i++) {
      String url = data.get(i).get("thumbURL").asText();
      assertEquals(web.baseUrl() + "/img/" + (5 + i) + ".jpg", url);
    }
  }

  @Test
  void theArticlesLoopFetchesEveryImageOnce() throws Exception {
    List<String> urls = Web.searchUrls(client, web.baseUrl(), "火影", SCALE.pages(), SCALE.perPage());
    assertEquals(12, urls.size());
    for (int n = 1; n <= 12; n++) {
      assertEquals(web.baseUrl() + "/img/" + n + ".jpg", urls.get(n - 1));
    }
  }

  @Test
  void imagesAreTheCataloguesAndTheManifestDescribesThem() throws Exception {
    Manifest m = Manifest.fetch(web.baseUrl());
    assertEquals(12, m.count());
    assertArrayEquals(Catalogue.delays(99, 12, 0.001), m.delays());
    long total = 0;
    for (int n = 1; n <= 12; n++) {
      byte[] served = Web.get(client, web.baseUrl() + "/img/" + n + ".jpg");
      assertArrayEquals(Catalogue.image(99, n), served);
      assertEquals(m.sizes()[n - 1], served.length);
      assertEquals(m.crc32()[n - 1], Catalogue.crc32(served));
      total += served.length;
    }
    assertEquals(total, m.bytes());
  }

  @Test
  void pageIsArticle001sSite() throws Exception {
    assertArrayEquals(Catalogue.page(), Web.get(client, web.baseUrl() + "/page"));
  }

  @Test
  void unknownPathsAndImagesAre404() {
    IOException e =
        assertThrows(IOException.class, () -> Web.get(client, web.baseUrl() + "/img/13.jpg"));
    assertTrue(e.getMessage().contains("404"), e.getMessage());
    assertThrows(IOException.class, () -> Web.get(client, web.baseUrl() + "/nothing"));
  }

  @Test
  void pingAnswersAtOnce() throws Exception {
    assertArrayEquals(
        "pong\n".getBytes(StandardCharsets.US_ASCII), Web.get(client, web.baseUrl() + "/ping"));
  }

  @Test
  void anAnswerWaitsForItsDelayAndAWarmUpRequestDoesNot() throws Exception {
    Scale slow = new Scale("slow", 1, 0.3, 1, 2, 0.001, 0.0, 10, 99, 0);
    try (LocalWeb w = LocalWeb.start(slow)) {
      long t0 = System.nanoTime();
      assertArrayEquals(Catalogue.page(), Web.get(client, w.baseUrl() + "/page"));
      long waited = System.nanoTime() - t0;
      assertTrue(waited >= 300_000_000L, "answered after " + waited + " ns");
    }
    // The warm-up asks for /page too: with this page's delay it could not end within the
    // timeout unless its requests are answered at once.
    Scale verySlow = new Scale("very slow", 1, 600, 1, 2, 600, 600, 10, 99, 0);
    try (LocalWeb w = LocalWeb.start(verySlow)) {
      assertTimeoutPreemptively(Duration.ofSeconds(120), () -> w.warmUp(100, 2));
    }
  }

  @Test
  void childArgumentsRoundTrip() {
    Scale s = Scale.full().withBandwidth(1 << 20);
    assertEquals(s, LocalWeb.fromArgs(LocalWeb.toArgs(s)));
  }
}
