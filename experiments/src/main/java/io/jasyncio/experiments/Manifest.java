package io.jasyncio.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the stand-in serves, as its {@code /manifest} tells: each image's size, CRC-32 and delay.
 * The tool checks every model's downloads against it and computes the floor from the delays.
 *
 * <p><b>Threads.</b> Immutable.
 *
 * {@snippet class=io.jasyncio.experiments.ExperimentsSnippetsTest region=manifest}
 *
 * @param sizes image n's size at index n - 1
 * @param crc32 image n's CRC-32 at index n - 1
 * @param delays image n's delay in seconds at index n - 1
 */
public record Manifest(long[] sizes, long[] crc32, double[] delays) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The number of images. */
  public int count() {
    return sizes.length;
  }

  /** The bytes of all images. */
  public long bytes() {
    long b = 0;
    for (long s : sizes) {
      b += s;
    }
    return b;
  }

  /** Reads the manifest of the stand-in at {@code baseUrl}. */
  public static Manifest fetch(String baseUrl) throws IOException, InterruptedException {
    return parse(Web.get(Web.client(), baseUrl + "/manifest"));
  }

  static Manifest parse(byte[] json) throws IOException {
    JsonNode images = JSON.readTree(json).path("images");
    int n = images.size();
    long[] sizes = new long[n];
    long[] crc = new long[n];
    double[] delays = new double[n];
    for (JsonNode i : images) {
      int k = i.path("n").asInt() - 1;
      sizes[k] = i.path("size").asLong();
      crc[k] = i.path("crc32").asLong();
      delays[k] = i.path("delay").asDouble();
    }
    return new Manifest(sizes, crc, delays);
  }

  /** The result of checking a download folder. */
  public record Check(int files, long bytes, List<String> problems) {
    /** Whether every image is there with the right bytes and nothing else is. */
    public boolean ok() {
      return problems.isEmpty();
    }
  }

  /** Checks that {@code dir} holds exactly images 1 .. count as N.jpg with the right bytes. */
  public Check check(Path dir) throws IOException {
    List<String> problems = new ArrayList<>();
    int files = 0;
    long bytes = 0;
    for (int n = 1; n <= count(); n++) {
      Path f = dir.resolve(n + ".jpg");
      if (!Files.isRegularFile(f)) {
        problems.add("missing " + f.getFileName());
        continue;
      }
      byte[] data = Files.readAllBytes(f);
      files++;
      bytes += data.length;
      if (data.length != sizes[n - 1] || Catalogue.crc32(data) != crc32[n - 1]) {
        problems.add(f.getFileName() + " differs from the image served");
      }
    }
    try (Stream<Path> all = Files.list(dir)) {
      long extra = all.count() - files;
      if (extra > 0) {
        problems.add(extra + " unexpected file(s)");
      }
    }
    if (problems.size() > 5) {
      int more = problems.size() - 5;
      List<String> shown = new ArrayList<>(problems.subList(0, 5));
      shown.add("and " + more + " more");
      problems = shown;
    }
    return new Check(files, bytes, List.copyOf(problems));
  }
}
