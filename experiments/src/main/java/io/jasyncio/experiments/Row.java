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
    Double startup) {
  /** The runtime name of jasyncio's rows. */
  public static final String JAVA = "Java";

  /** The runtime name of the articles' programs. */
  public static final String CPYTHON = "CPython";

  /** A row whose model starts no workers of its own. */
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
        startup);
  }

  /** Whether the run finished and passed its checks. */
  public boolean ok() {
    return seconds != null && "ok".equals(check);
  }
}
