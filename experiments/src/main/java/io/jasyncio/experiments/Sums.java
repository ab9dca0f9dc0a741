package io.jasyncio.experiments;

/**
 * Article 003's CPU job: {@code getSum(num)} adds {@code 1/x + sqrt(x) + sin(x) + cos(x)} for
 * x = 1 .. num - 1, evaluated in the article's order, so that CPython's totals match to the last
 * bits wherever the two platforms' sine and cosine agree.
 *
 * <p><b>Threads.</b> Pure functions.
 *
 * {@snippet class=io.jasyncio.experiments.ExperimentsSnippetsTest region=sums}
 */
public final class Sums {
  private Sums() {}

  /** The article's getSum: the total for x in range(1, num). */
  public static double getSum(int num) {
    double total = 0.0;
    for (int x = 1; x < num; x++) {
      total += 1.0 / x + Math.sqrt(x) + Math.sin(x) + Math.cos(x);
    }
    return total;
  }

  /** The checksum of totals: their sum in index order. */
  public static double checksum(double[] totals) {
    double s = 0;
    for (double t : totals) {
      s += t;
    }
    return s;
  }
}
