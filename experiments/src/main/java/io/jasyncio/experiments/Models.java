package io.jasyncio.experiments;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * The registry of Java models, in the order of the articles' tables. A model is added by writing
 * its class and listing it in {@link #all()}.
 *
 * <p><b>Threads.</b> Stateless; any thread.
 *
 * {@snippet class=io.jasyncio.experiments.ExperimentsSnippetsTest region=models}
 */
public final class Models {
  private Models() {}

  /** Every Java model. */
  public static List<Model> all() {
    return List.of(
        new SequentialModel(),
        new ThreadsModel(),
        new ProcessPoolModel(),
        new ProcessQueueModel(),
        new CoroutinesModel(),
        new BlockingCoroutinesModel(),
        new ClusterModel());
  }

  /**
   * Every model name a row may have, Java's and CPython's, in table order (the process models
   * first appear with CPython's programs when Java has none).
   */
  public static List<String> rowOrder() {
    List<String> names =
        new ArrayList<>(
            List.of(
                "sequential", "threads", "processes", "process-queue", "coroutines",
                "coroutines-blocking"));
    for (Model m : all()) {
      if (!names.contains(m.name())) {
        names.add(m.name());
      }
    }
    return names;
  }

  /** The model of that name; UsageException naming the valid ones if none. */
  public static Model byName(String name) {
    for (Model m : all()) {
      if (m.name().equals(name)) {
        return m;
      }
    }
    throw new UsageException(
        "unknown model '" + name + "'; valid models: " + String.join(", ", rowOrder()));
  }

  /**
   * The names in a comma-separated list, checked: each must be a Java model or a CPython
   * program's model.
   */
  public static List<String> parse(String commaSeparated) {
    List<String> names = new ArrayList<>();
    for (String n : commaSeparated.split(",")) {
      String name = n.trim();
      if (name.isEmpty()) {
        continue;
      }
      if (!rowOrder().contains(name)) {
        throw new UsageException(
            "unknown model '" + name + "'; valid models: " + String.join(", ", rowOrder()));
      }
      if (!names.contains(name)) {
        names.add(name);
      }
    }
    if (names.isEmpty()) {
      throw new UsageException("--models needs at least one of: " + String.join(", ", rowOrder()));
    }
    return names;
  }

  /** The Java model named so, or null when only CPython has it (yet). */
  static Model find(String name) {
    for (Model m : all()) {
      if (m.name().equals(name)) {
        return m;
      }
    }
    return null;
  }

  /** {@code f.get()}, rethrowing the task's own exception rather than its wrapper. */
  static <T> T resultOf(Future<T> f) throws Exception {
    try {
      return f.get();
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof Exception ex) {
        throw ex;
      }
      if (c instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }
}
