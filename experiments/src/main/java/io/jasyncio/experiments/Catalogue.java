package io.jasyncio.experiments;

import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Iterator;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.zip.CRC32;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * What the stand-in for the web serves, made from a seed: JPEG thumbnails (real images, a few KB
 * to about 20 KB each), the delay before each image is sent, and the page of article 001's site.
 * The same seed gives the same bytes and the same delays on every run.
 *
 * <p>The delays follow a log-normal distribution (most answers near the mean, a long tail of slow
 * ones, as a real image host's), scaled so that their sum is exactly {@code count × mean}: at the
 * full scale the sequential download waits 133.35 s in total, the article's time.
 *
 * <p><b>Threads.</b> Static methods without shared state; any thread.
 *
 * {@snippet class=io.jasyncio.experiments.ExperimentsSnippetsTest region=catalogue}
 */
public final class Catalogue {
  /** The spread of the log-normal delays (sigma of the underlying normal). */
  static final double DELAY_SIGMA = 0.6;

  private Catalogue() {}

  /** Image {@code n} (1-based) of the catalogue made from {@code seed}: JPEG bytes. */
  public static byte[] image(long seed, int n) {
    Random r = new Random(seed * 0x9E3779B97F4A7C15L + n);
    int w = 96 + r.nextInt(132);
    int h = 72 + r.nextInt(100);
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setPaint(new GradientPaint(0, 0, color(r), w, h, color(r)));
      g.fillRect(0, 0, w, h);
      int shapes = 3 + r.nextInt(12);
      for (int i = 0; i < shapes; i++) {
        g.setColor(color(r));
        int x = r.nextInt(w);
        int y = r.nextInt(h);
        int sw = 8 + r.nextInt(w / 2);
        int sh = 8 + r.nextInt(h / 2);
        if (r.nextBoolean()) {
          g.fillOval(x - sw / 2, y - sh / 2, sw, sh);
        } else {
          g.fillRect(x - sw / 2, y - sh / 2, sw, sh);
        }
      }
    } finally {
      g.dispose();
    }
    // Texture: some thumbnails are smooth (small files), some busy (up to ~20 KB).
    int noise = r.nextInt(64);
    if (noise > 0) {
      SplittableRandom grain = new SplittableRandom(r.nextLong());
      int[] pixels = ((DataBufferInt) img.getRaster().getDataBuffer()).getData();
      for (int i = 0; i < pixels.length; i++) {
        int rgb = pixels[i];
        int d = grain.nextInt(2 * noise + 1) - noise;
        pixels[i] = (clamp(((rgb >> 16) & 255) + d) << 16)
            | (clamp(((rgb >> 8) & 255) + d) << 8) | clamp((rgb & 255) + d);
      }
    }
    return jpeg(img);
  }

  private static Color color(Random r) {
    return new Color(r.nextInt(256), r.nextInt(256), r.nextInt(256));
  }

  private static int clamp(int v) {
    return Math.max(0, Math.min(255, v));
  }

  private static byte[] jpeg(BufferedImage img) {
    Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
    if (!writers.hasNext()) {
      throw new IllegalStateException("this JDK has no JPEG writer (javax.imageio)");
    }
    ImageWriter writer = writers.next();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
      writer.setOutput(out);
      ImageWriteParam p = writer.getDefaultWriteParam();
      p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      p.setCompressionQuality(0.85f);
      writer.write(null, new IIOImage(img, null, null), p);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode a JPEG in memory", e);
    } finally {
      writer.dispose();
    }
    return bytes.toByteArray();
  }

  /**
   * The delays in seconds before images 1 .. count are sent (index 0 is image 1): log-normal,
   * scaled so that they add up to {@code count × mean}.
   */
  public static double[] delays(long seed, int count, double mean) {
    if (count < 0 || !(mean >= 0)) {
      throw new IllegalArgumentException("count and mean must be >= 0: " + count + ", " + mean);
    }
    Random r = new Random(seed ^ 0x5DEECE66DL);
    double[] d = new double[count];
    double sum = 0;
    for (int i = 0; i < count; i++) {
      d[i] = Math.exp(DELAY_SIGMA * r.nextGaussian());
      sum += d[i];
    }
    double k = sum == 0 ? 0 : count * mean / sum;
    for (int i = 0; i < count; i++) {
      d[i] *= k;
    }
    return d;
  }

  /**
   * Images 1 .. count of the catalogue made from {@code seed}, read from a cache file in {@code
   * cacheDirOrNull} when an earlier run left one there, else made (on every core) and saved
   * there. The cache holds exactly what {@link #image} makes; a damaged file is made again.
   */
  public static byte[][] images(long seed, int count, Path cacheDirOrNull) {
    Path file = cacheDirOrNull == null ? null
        : cacheDirOrNull.resolve("catalogue-v" + FORMAT + "-" + seed + "-" + count + ".bin");
    if (file != null && Files.isRegularFile(file)) {
      try (DataInputStream in =
          new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
        if (in.readInt() == count) {
          byte[][] images = new byte[count][];
          for (int i = 0; i < count; i++) {
            images[i] = in.readNBytes(in.readInt());
          }
          return images;
        }
      } catch (IOException | RuntimeException e) {
        // damaged or partial: made again below
      }
    }
    byte[][] images = new byte[count][];
    IntStream.range(0, count).parallel().forEach(i -> images[i] = image(seed, i + 1));
    if (file != null) {
      try {
        Files.createDirectories(cacheDirOrNull);
        Path tmp = Files.createTempFile(cacheDirOrNull, "catalogue", ".tmp");
        try (DataOutputStream out =
            new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
          out.writeInt(count);
          for (byte[] img : images) {
            out.writeInt(img.length);
            out.write(img);
          }
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (IOException e) {
        // no cache this time; the images are made all the same
      }
    }
    return images;
  }

  /** The version of {@link #image}'s output, part of the cache file's name. */
  static final int FORMAT = 2;

  /** The CRC-32 of some bytes, as the manifest gives it. */
  public static long crc32(byte[] data) {
    CRC32 c = new CRC32();
    c.update(data);
    return c.getValue();
  }

  /** The page of article 001's site: a home page of about 16 KB of HTML. */
  public static byte[] page() {
    StringBuilder b = new StringBuilder(17_000);
    b.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Homes in Beijing")
        .append("</title></head>\n<body>\n<h1>Homes in Beijing</h1>\n<ul>\n");
    Random r = new Random(1);
    for (int i = 1; b.length() < 16_000; i++) {
      b.append("<li><a href=\"/home/").append(100_000 + r.nextInt(900_000)).append("\">Home ")
          .append(i).append(", ").append(40 + r.nextInt(160)).append(" m², ")
          .append(2 + r.nextInt(20)).append("0 000 a month</a></li>\n");
    }
    b.append("</ul>\n</body></html>\n");
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }
}
