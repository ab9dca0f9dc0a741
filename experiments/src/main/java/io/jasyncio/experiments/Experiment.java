package io.jasyncio.experiments;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The three experiments of the reference articles, with the figures the articles measured.
 *
 * <ul>
 *   <li>{@link #REQUESTS}: page requests one after another against coroutines (article 001: 10
 *       and 100 requests, 4.79 s and 61.30 s with {@code requests}, 0.43 s and 3.57 s with
 *       {@code aiohttp}).
 *   <li>{@link #IO}: 930 image downloads found through an image-search API (article 003).
 *   <li>{@link #CPU}: {@code getSum(i)} for i = 1 .. 19999 (article 003).
 * </ul>
 *
 * <p><b>Threads.</b> Immutable.
 *
 * {@snippet class=io.jasyncio.experiments.ExperimentsSnippetsTest region=experiment}
 */
public enum Experiment {
  /** Article 001: page requests, sequential against coroutines. */
  REQUESTS("requests", "page requests (article 001)"),
  /** Article 003: image downloads, I/O-bound. */
  IO("io", "image downloads (article 003, I/O-bound)"),
  /** Article 003: sums, CPU-bound. */
  CPU("cpu", "sums getSum(i) (article 003, CPU-bound)");

  private final String id;
  private final String title;

  Experiment(String id, String title) {
    this.id = id;
    this.title = title;
  }

  /** The name on the command line: {@code requests}, {@code io}, {@code cpu}. */
  public String id() {
    return id;
  }

  /** A one-line title. */
  public String title() {
    return title;
  }

  /** The experiments by command-line name. */
  public static Experiment parse(String name) {
    for (Experiment e : values()) {
      if (e.id.equals(name.toLowerCase(Locale.ROOT))) {
        return e;
      }
    }
    throw new UsageException(
        "unknown experiment '" + name + "'; valid experiments: " + String.join(", ", ids()));
  }

  /** Every experiment's command-line name. */
  public static List<String> ids() {
    return Arrays.stream(values()).map(Experiment::id).toList();
  }

  private static final Map<String, Double> IO_ARTICLE =
      Map.of(
          "sequential", 133.35,
          "threads", 83.56,
          "processes", 82.86,
          "process-queue", 84.99,
          // The article's "coroutine" program calls the blocking requests.get inside async def:
          // its figure belongs to that program.
          "coroutines-blocking", 65.78);

  private static final Map<String, Double> CPU_ARTICLE =
      Map.of(
          "sequential", 131.50,
          "threads", 124.02,
          "processes", 71.51,
          "process-queue", 77.31,
          "coroutines", 124.85);

  /**
   * The article's time in seconds for a model, or null when the article has no such row. For
   * {@link #REQUESTS} the figure depends on the number of requests (10 or 100); for the others
   * it is the article's full-scale run.
   */
  public Double articleSeconds(String model, Scale scale) {
    return switch (this) {
      case IO -> IO_ARTICLE.get(model);
      case CPU -> CPU_ARTICLE.get(model);
      case REQUESTS -> {
        boolean hundred = scale.requests() >= 100;
        yield switch (model) {
          case "sequential" -> hundred ? 61.30 : 4.79;
          case "coroutines" -> hundred ? 3.57 : 0.43;
          default -> null;
        };
      }
    };
  }

  /** What the article's figures were measured on, in one line. */
  public String articleNote(Scale scale) {
    return switch (this) {
      case REQUESTS ->
          "article 001: "
              + (scale.requests() >= 100 ? 100 : 10)
              + " requests to a real web site over the Internet";
      case IO -> "article 003: 930 downloads from a real image search over the Internet";
      case CPU -> "article 003: getSum(i) for i = 1 .. 19999 in CPython";
    };
  }

  static String list() {
    return Arrays.stream(values()).map(Experiment::id).collect(Collectors.joining(", "));
  }
}
