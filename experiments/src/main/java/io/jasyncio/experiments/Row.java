package io.jasyncio.experiments;

/**
 * One run of one model on one experiment, Java's or CPython's, as the tables and files show it.
 *
 * <p><b>Threads.</b> Immutable.
 *
 * {@snippet class=io.jasyncio.experiments.ExperimentsSnippetsTest region=row}
 *
 * @param experiment the experiment
 * @param model the model's name
 * @param runtime {@link #JAVA} or {@link #CPYTHON}
 * @param description what the model does
 * @param seconds the time, or null when the run failed
 * @param items items done
 * @param bytes bytes received
 * @param checksum the sums' checksum, or null
 * @param check {@code ok}, or what went wrong (failed run, missing files, checksum differs)
 * @param floor the least time the work allows this model, or null when unknown
 * @param startup seconds of {@code seconds} spent starting the model's workers before their
 *     first result (worker JVMs, cluster members), or null when the model starts none
 * @param round which of the {@code --repeat} rounds the run belongs to: 1 for the first (and the
 *     only one without {@code --repeat})
 */
public record Row(
    Experiment experiment,
    String model,
    String runtime,
    String description,
    Double seconds,
    int items,
    long bytes,
    Double checksum,
    String check,
    Double floor,
    Double startup,
    int round) {
  /** The runtime name of jasyncio's rows. */
  public static final String JAVA = "Java";

  /** The runtime name of the articles' programs. */
  public static final String CPYTHON = "CPython";

  public Row {
    if (round < 1) {
      throw new IllegalArgumentException("round " + round + " < 1");
    }
  }

  /** A run of the first round. */
  public Row(
      Experiment experiment, String model, String runtime, String description, Double seconds,
      int items, long bytes, Double checksum, String check, Double floor, Double startup) {
    this(experiment, model, runtime, description, seconds, items, bytes, checksum, check, floor,
        startup, 1);
  }

  /** A row of the first round whose model starts no workers of its own. */
  public Row(
      Experiment experiment, String model, String runtime, String description, Double seconds,
      int items, long bytes, Double checksum, String check, Double floor) {
    this(experiment, model, runtime, description, seconds, items, bytes, checksum, check, floor,
        null);
  }

  /** A run that finished and passed its checks. */
  public static Row ok(
      Experiment e, String model, String runtime, String description, double seconds, int items,
      long bytes, Double checksum, Double floor) {
    return new Row(e, model, runtime, description, seconds, items, bytes, checksum, "ok", floor);
  }

  /** A run that failed: no time is shown for it. */
  public static Row failed(
      Experiment e, String model, String runtime, String description, String why) {
    return new Row(e, model, runtime, description, null, 0, 0, null, why, null);
  }

  /** This row with its check replaced (when a later comparison finds a problem). */
  public Row withCheck(String newCheck) {
    return new Row(
        experiment, model, runtime, description, seconds, items, bytes, checksum, newCheck, floor,
        startup, round);
  }

  /** This row as the run of round {@code n}. */
  public Row inRound(int n) {
    return new Row(
        experiment, model, runtime, description, seconds, items, bytes, checksum, check, floor,
        startup, n);
  }

  /** Whether the run finished and passed its checks. */
  public boolean ok() {
    return seconds != null && "ok".equals(check);
  }
}
