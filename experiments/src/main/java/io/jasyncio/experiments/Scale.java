package io.jasyncio.experiments;

/**
 * The size of the work: how many requests and with what delay, how many search pages and images
 * with what mean delay, how far the sums go. {@link #full()} is the articles' exact work;
 * {@link #quick()} has the same shape and finishes in about three minutes on two cores, CPython
 * included; {@link #tiny()} is for tests.
 *
 * <p><b>Threads.</b> Immutable.
 *
 * {@snippet class=io.jasyncio.experiments.ExperimentsSnippetsTest region=scale}
 *
 * @param name quick, full or tiny
 * @param requests page requests of the requests experiment (article 001: 10 and 100)
 * @param pageDelay seconds the page endpoint waits before answering (article 001's site: ~0.5 s)
 * @param pages image-search pages fetched before the downloads (article 003: 31)
 * @param perPage image URLs per search page (article 003: 30)
 * @param imageMeanDelay mean seconds an image waits before it is sent (article 003: 133.35/930)
 * @param searchDelay seconds a search page waits before it is sent
 * @param sums the CPU job computes getSum(i) for i = 1 .. sums - 1 (article 003: 20000)
 * @param seed the seed of the images and their delays
 * @param bandwidth the stand-in's total sending rate in bytes per second, 0 for no cap
 */
public record Scale(
    String name,
    int requests,
    double pageDelay,
    int pages,
    int perPage,
    double imageMeanDelay,
    double searchDelay,
    int sums,
    long seed,
    long bandwidth) {

  /** The article's seconds per image: 133.35 s for 930 downloads. */
  public static final double ARTICLE_IMAGE_SECONDS = 133.35 / 930;

  /** The seed used unless told otherwise. */
  public static final long DEFAULT_SEED = 2020_08_13L;

  public Scale {
    if (requests < 1 || pages < 1 || perPage < 1 || sums < 2) {
      throw new IllegalArgumentException(
          "requests, pages and perPage must be >= 1 and sums >= 2: " + requests + ", " + pages
              + ", " + perPage + ", " + sums);
    }
    if (!(pageDelay >= 0 && imageMeanDelay >= 0 && searchDelay >= 0) || bandwidth < 0) {
      throw new IllegalArgumentException("delays and bandwidth must be >= 0");
    }
  }

  /** The articles' sizes: 100 requests, 930 images at 143 ms on average, sums up to 20000. */
  public static Scale full() {
    return new Scale("full", 100, 0.5, 31, 30, ARTICLE_IMAGE_SECONDS, 0.1, 20_000, DEFAULT_SEED, 0);
  }

  /**
   * The default: 10 requests at 0.5 s (article 001's first row), the 930 images at a tenth of
   * the article's delay, sums up to 7000 (an eighth of the article's work).
   */
  public static Scale quick() {
    return new Scale(
        "quick", 10, 0.5, 31, 30, ARTICLE_IMAGE_SECONDS / 10, 0.01, 7_000, DEFAULT_SEED, 0);
  }

  /** A few items with millisecond delays, for tests. */
  public static Scale tiny() {
    return new Scale("tiny", 4, 0.05, 2, 5, 0.002, 0.0, 300, DEFAULT_SEED, 0);
  }

  /** The number of images: pages × perPage. */
  public int images() {
    return pages * perPage;
  }

  /** The number of getSum calls: sums - 1. */
  public int sumCalls() {
    return sums - 1;
  }

  /** This scale with a bandwidth cap (bytes per second, 0 for none). */
  public Scale withBandwidth(long bytesPerSecond) {
    return new Scale(
        name, requests, pageDelay, pages, perPage, imageMeanDelay, searchDelay, sums, seed,
        bytesPerSecond);
  }

  /** The work of one experiment at this scale, in one line. */
  public String describe(Experiment e) {
    return switch (e) {
      case REQUESTS -> requests + " page requests, each answered after " + pageDelay + " s";
      case IO ->
          pages + " search pages, then " + images() + " image downloads, "
              + String.format(java.util.Locale.ROOT, "%.1f", imageMeanDelay * 1000)
              + " ms delay on average"
              + (bandwidth > 0 ? ", " + bandwidth / 1024 + " KiB/s cap" : "");
      case CPU -> "getSum(i) for i = 1 .. " + sumCalls();
    };
  }
}
