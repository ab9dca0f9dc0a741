package io.jasyncio.experiments;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of {@code ./jasyncio experiments}, parsed and checked. A mistake is a {@link
 * UsageException} whose message names the valid choices.
 *
 * <pre>
 * ./jasyncio experiments [requests|io|cpu ...] [--full] [--models a,b,...] [--workers N]
 *     [--out DIR] [--verbose] [--python PATH|none] [--bandwidth KIB_PER_S] [--seed N]
 *     [--keep-downloads] [--scale quick|full|tiny] [--cluster N] [--repeat N]
 * </pre>
 *
 * <p><b>Threads.</b> Immutable.
 *
 * {@snippet class=io.jasyncio.experiments.ExperimentsSnippetsTest region=options}
 *
 * @param experiments the experiments to run, in order
 * @param scale the size of the work
 * @param models the models to run (Java's and CPython's), null for every one
 * @param workers threads or processes of the pool models
 * @param out the folder for this run's files, null for {@code target/experiments/<time>}
 * @param verbose print the articles' per-item lines instead of progress bars
 * @param python the CPython interpreter, null to look for one, "none" to run Java alone
 * @param keepDownloads keep the downloaded images after they are checked
 * @param cluster members of the cluster model's local cluster; 0 (the default) leaves it out
 * @param repeat how many times each model runs, in rounds (every model once per round), 1 to
 *     {@link #MAX_REPEAT}; the tables show the median
 */
public record Options(
    List<Experiment> experiments,
    Scale scale,
    List<String> models,
    int workers,
    Path out,
    boolean verbose,
    String python,
    boolean keepDownloads,
    int cluster,
    int repeat) {

  /** The most rounds {@code --repeat} allows. */
  public static final int MAX_REPEAT = 50;

  /** The usage text. */
  public static final String USAGE =
      """
      usage: ./jasyncio experiments [requests|io|cpu ...] [options]
        (no experiment: all three, at the quick scale, ~3 minutes on 2 cores)
        --full               the articles' exact sizes and delays (~20 minutes with CPython)
        --models a,b,...     only these models: %s
        --workers N          threads / processes of the pool models (default 4)
        --out DIR            where the tables, CSV, JSON and charts go
                             (default target/experiments/<time>)
        --verbose            the articles' per-item lines instead of progress bars
        --python PATH|none   the CPython interpreter
                             (default: python3 on the PATH, else /usr/bin/python3)
        --bandwidth KIB/S    cap the stand-in's total sending rate
        --seed N             seed of the images and their delays
        --keep-downloads     keep the downloaded images
        --scale quick|full|tiny   (tiny: a few items, for tests)
        --cluster N          add the cpu row "cluster": the sums on N member JVMs
                             (Hazelcast, 127.0.0.1)
        --repeat N           run every model N times (1 to 50, default 1), in rounds:
                             each round runs every model once, so that the machine's
                             drift hits them alike; the tables show the median of the N
                             runs and their spread, CSV and JSON every run
      """
          .formatted(String.join(", ", Models.rowOrder()));

  /** Parses {@code args}; UsageException on any mistake. */
  public static Options parse(List<String> args) {
    List<Experiment> experiments = new ArrayList<>();
    Scale scale = Scale.quick();
    List<String> models = null;
    int workers = 4;
    Path out = null;
    boolean verbose = false;
    String python = null;
    boolean keep = false;
    long bandwidth = 0;
    Long seed = null;
    int cluster = 0;
    int repeat = 1;
    for (int i = 0; i < args.size(); i++) {
      String a = args.get(i);
      switch (a) {
        case "--full" -> scale = Scale.full();
        case "--quick" -> scale = Scale.quick();
        case "--scale" -> {
          String s = value(args, ++i, a);
          scale = switch (s) {
            case "quick" -> Scale.quick();
            case "full" -> Scale.full();
            case "tiny" -> Scale.tiny();
            default ->
                throw new UsageException(
                    "unknown scale '" + s + "'; valid scales: quick, full, tiny");
          };
        }
        case "--models" -> models = Models.parse(value(args, ++i, a));
        case "--workers" -> {
          workers = integer(value(args, ++i, a), a);
          if (workers < 1 || workers > 256) {
            throw new UsageException("--workers must be between 1 and 256, not " + workers);
          }
        }
        // Absolute: the CPython programs run in a folder of their own, where a relative path breaks.
        case "--out" -> out = Path.of(value(args, ++i, a)).toAbsolutePath();
        case "--verbose", "-v" -> verbose = true;
        case "--python" -> python = value(args, ++i, a);
        case "--keep-downloads" -> keep = true;
        case "--bandwidth" -> {
          bandwidth = integer(value(args, ++i, a), a) * 1024L;
          if (bandwidth <= 0) {
            throw new UsageException("--bandwidth must be a positive number of KiB/s");
          }
        }
        case "--cluster" -> {
          cluster = integer(value(args, ++i, a), a);
          if (cluster < 1 || cluster > 64) {
            throw new UsageException("--cluster must be between 1 and 64 members, not " + cluster);
          }
        }
        case "--repeat" -> {
          repeat = integer(value(args, ++i, a), a);
          if (repeat < 1 || repeat > MAX_REPEAT) {
            throw new UsageException(
                "--repeat must be between 1 and " + MAX_REPEAT + ", not " + repeat);
          }
        }
        case "--seed" -> seed = (long) integer(value(args, ++i, a), a);
        default -> {
          if (a.startsWith("-")) {
            throw new UsageException("unknown option '" + a + "'");
          }
          Experiment e = Experiment.parse(a);
          if (!experiments.contains(e)) {
            experiments.add(e);
          }
        }
      }
    }
    if (experiments.isEmpty()) {
      experiments = List.of(Experiment.REQUESTS, Experiment.IO, Experiment.CPU);
    }
    if (bandwidth > 0) {
      scale = scale.withBandwidth(bandwidth);
    }
    if (seed != null) {
      Scale s = scale;
      scale = new Scale(s.name(), s.requests(), s.pageDelay(), s.pages(), s.perPage(),
          s.imageMeanDelay(), s.searchDelay(), s.sums(), seed, s.bandwidth());
    }
    if (cluster == 0 && models != null && models.contains("cluster")) {
      throw new UsageException("the cluster model needs --cluster N (how many member JVMs)");
    }
    return new Options(
        List.copyOf(experiments), scale, models, workers, out, verbose, python, keep, cluster,
        repeat);
  }

  private static String value(List<String> args, int i, String option) {
    if (i >= args.size() || args.get(i).startsWith("--")) {
      throw new UsageException(option + " needs a value");
    }
    return args.get(i);
  }

  private static int integer(String s, String option) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw new UsageException(option + " needs a whole number, not '" + s + "'");
    }
  }

  /**
   * Whether {@code model} was chosen (every model when {@code --models} was not given; the
   * cluster model only with {@code --cluster N}).
   */
  public boolean wants(String model) {
    if (model.equals("cluster") && cluster == 0) {
      return false;
    }
    return models == null || models.contains(model);
  }
}
