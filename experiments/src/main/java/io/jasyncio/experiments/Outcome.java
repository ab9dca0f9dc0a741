package io.jasyncio.experiments;

/**
 * What a model's run produced, to be checked: items done, bytes received, and for the sums the
 * checksum of the totals (their sum in index order, so equal totals give an equal checksum).
 *
 * <p><b>Threads.</b> Immutable.
 *
 * {@snippet class=io.jasyncio.experiments.ExperimentsSnippetsTest region=outcome}
 *
 * @param items requests answered, images saved or sums computed
 * @param bytes bytes received (0 for the sums)
 * @param checksum the sums' checksum, null for the other jobs
 * @param startup seconds of the run spent starting the model's workers (worker JVMs, cluster
 *     members) before they gave their first result, or null when the model starts none
 */
public record Outcome(int items, long bytes, Double checksum, Double startup) {
  /** The outcome of a model that starts no workers of its own. */
  public Outcome(int items, long bytes, Double checksum) {
    this(items, bytes, checksum, null);
  }
}
