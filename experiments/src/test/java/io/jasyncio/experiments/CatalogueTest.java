package io.jasyncio.experiments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogueTest {
  @Test
  void sameSeedSameImageBytes() {
    assertArrayEquals(Catalogue.image(7, 3), Catalogue.image(7, 3));
    assertFalse(Arrays.equals(Catalogue.image(7, 3), Catalogue.image(8, 3)));
  }

  @Test
  void imagesAreDistinctRealJpegsOfAFewKilobytes() throws Exception {
    Set<Long> crcs = new HashSet<>();
    int small = Integer.MAX_VALUE;
    int large = 0;
    for (int n = 1; n <= 40; n++) {
      byte[] jpeg = Catalogue.image(Scale.DEFAULT_SEED, n);
      crcs.add(Catalogue.crc32(jpeg));
      small = Math.min(small, jpeg.length);
      large = Math.max(large, jpeg.length);
      BufferedImage img = ImageIO.read(new ByteArrayInputStream(jpeg));
      assertNotNull(img, "image " + n + " is not a readable JPEG");
      assertTrue(img.getWidth() >= 96 && img.getHeight() >= 72);
    }
    assertEquals(40, crcs.size());
    assertTrue(small >= 1_000, "smallest " + small);
    assertTrue(large <= 25_000, "largest " + large);
    assertTrue(large > 2 * small, "sizes vary: " + small + " .. " + large);
  }

  @Test
  void delaysAreSeededPositiveAndAddUpToCountTimesMean() {
    double[] a = Catalogue.delays(42, 930, Scale.ARTICLE_IMAGE_SECONDS);
    double[] b = Catalogue.delays(42, 930, Scale.ARTICLE_IMAGE_SECONDS);
    assertArrayEquals(a, b);
    assertFalse(Arrays.equals(a, Catalogue.delays(43, 930, Scale.ARTICLE_IMAGE_SECONDS)));
    assertEquals(133.35, Arrays.stream(a).sum(), 1e-9);
    assertTrue(Arrays.stream(a).allMatch(d -> d > 0));
    double max = Arrays.stream(a).max().orElseThrow();
    double min = Arrays.stream(a).min().orElseThrow();
    assertTrue(max > 2 * Scale.ARTICLE_IMAGE_SECONDS && min < Scale.ARTICLE_IMAGE_SECONDS / 2,
        "a spread of delays: " + min + " .. " + max);
  }

  @Test
  void theCacheHoldsExactlyWhatImageMakes(@TempDir Path tmp) throws Exception {
    byte[][] made = Catalogue.images(5, 6, tmp);
    try (Stream<Path> files = Files.list(tmp)) {
      assertEquals(1, files.count());
    }
    byte[][] read = Catalogue.images(5, 6, tmp);
    for (int n = 1; n <= 6; n++) {
      assertArrayEquals(Catalogue.image(5, n), made[n - 1]);
      assertArrayEquals(made[n - 1], read[n - 1]);
    }
    Path file;
    try (Stream<Path> files = Files.list(tmp)) {
      file = files.findFirst().orElseThrow();
    }
    Files.write(file, new byte[] {0, 0, 0, 6, 0, 0});
    assertArrayEquals(Catalogue.image(5, 6), Catalogue.images(5, 6, tmp)[5]);
    assertArrayEquals(Catalogue.image(5, 6), Catalogue.images(5, 6, tmp)[5]);
  }

  @Test
  void zeroMeanMeansNoDelay() {
    assertTrue(Arrays.stream(Catalogue.delays(1, 10, 0)).allMatch(d -> d == 0));
  }
}
