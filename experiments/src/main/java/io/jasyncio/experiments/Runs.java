package io.jasyncio.experiments;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The runs of one model on one experiment under one runtime ({@code --repeat N} makes N of them,
 * one per round), and what the tables, files and charts show of them: the median of their
 * seconds, and the spread from the fastest to the slowest.
 *
 * <p>The figures count only when every run passed its checks: a model whose work was wrong once
 * shows no time, as a single failed run shows none. The median of an even number of runs is the
 * mean of the two middle ones.
 *
 * <p><b>Threads.</b> Immutable.
 *
 * {@snippet class=io.jasyncio.experiments.ExperimentsSnippetsTest region=runs}
 *
 * @param rows the runs, in round order; never empty, all of the same experiment, model and
 *     runtime
 */
public record Runs(List<Row> rows) {
  public Runs {
    rows = List.copyOf(rows);
    if (rows.isEmpty()) {
      throw new IllegalArgumentException("no runs");
    }
    Row first = rows.get(0);
    for (Row r : rows) {
      if (r.experiment() != first.experiment()
          || !r.model().equals(first.model())
          || !r.runtime().equals(first.runtime())) {
        throw new IllegalArgumentException(
            "runs of different rows: " + first.runtime() + " " + first.model() + " and "
                + r.runtime() + " " + r.model());
      }
    }
  }

  /**
   * The runs of {@code model} under {@code runtime} in experiment {@code e} among {@code rows}, in
   * their order there; null when there are none.
   */
  public static Runs of(List<Row> rows, Experiment e, String model, String runtime) {
    List<Row> mine = new ArrayList<>();
    for (Row r : rows) {
      if (r.experiment() == e && r.model().equals(model) && r.runtime().equals(runtime)) {
        mine.add(r);
      }
    }
    return mine.isEmpty() ? null : new Runs(mine);
  }

  /** The first run (its description and checksum stand for all). */
  public Row first() {
    return rows.get(0);
  }

  /** How many runs. */
  public int count() {
    return rows.size();
  }

  /** Whether every run finished and passed its checks. */
  public boolean ok() {
    return rows.stream().allMatch(Row::ok);
  }

  /** Every run's seconds, in round order (null for a run that failed). */
  public List<Double> seconds() {
    List<Double> s = new ArrayList<>();
    for (Row r : rows) {
      s.add(r.seconds());
    }
    return s;
  }

  /** The median of the runs' seconds; null unless every run passed. */
  public Double median() {
    return ok() ? median(seconds()) : null;
  }

  /** The fastest run's seconds; null unless every run passed. */
  public Double min() {
    return ok() ? seconds().stream().min(Double::compare).orElseThrow() : null;
  }

  /** The slowest run's seconds; null unless every run passed. */
  public Double max() {
    return ok() ? seconds().stream().max(Double::compare).orElseThrow() : null;
  }

  /** The median of the runs' floors (each run's floor may follow its round's sequential time). */
  public Double floor() {
    return median(rows.stream().map(Row::floor).filter(Objects::nonNull).toList());
  }

  /** The median of the passing runs' start-up seconds, or null when none has one. */
  public Double startup() {
    return median(rows.stream().filter(Row::ok).map(Row::startup).filter(Objects::nonNull)
        .toList());
  }

  /**
   * The median of {@code values}: the middle one of an odd number, the mean of the two middle ones
   * of an even number; null for none.
   */
  public static Double median(List<Double> values) {
    if (values.isEmpty()) {
      return null;
    }
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  @Override
  public String toString() {
    Row r = first();
    return "Runs[" + r.experiment().id() + " " + r.runtime() + " " + r.model() + ", "
        + seconds() + "]";
  }
}
