package io.jasyncio.experiments;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How far one run is: items done out of a total, and, with {@code --verbose}, the articles'
 * per-item lines ("downloading 3: http://..."). A model's threads call {@link #step()} as items
 * finish; a {@link ProgressView} shows it.
 *
 * <p><b>Threads.</b> Thread-safe: any thread may call any method.
 *
 * {@snippet class=io.jasyncio.experiments.ExperimentsSnippetsTest region=progress}
 */
public final class Progress {
  private final String label;
  private final int total;
  private final PrintStream verbose;
  private final AtomicInteger done = new AtomicInteger();
  private final long startNanos = System.nanoTime();

  /**
   * A progress of {@code total} items named {@code label}; {@code verboseOrNull} receives the
   * per-item lines, null to drop them.
   */
  public Progress(String label, int total, PrintStream verboseOrNull) {
    this.label = label;
    this.total = total;
    this.verbose = verboseOrNull;
  }

  /** One item finished. */
  public void step() {
    done.incrementAndGet();
  }

  /** {@code n} items finished. */
  public void step(int n) {
    done.addAndGet(n);
  }

  /** Prints a per-item line when verbose, else nothing. */
  public void say(String line) {
    if (verbose != null) {
      verbose.println(line);
    }
  }

  /** Whether per-item lines are printed. */
  public boolean verbose() {
    return verbose != null;
  }

  /** Items done so far. */
  public int done() {
    return done.get();
  }

  /** Items in all. */
  public int total() {
    return total;
  }

  /** The run's name. */
  public String label() {
    return label;
  }

  /** Seconds since this progress was made. */
  public double elapsed() {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  @Override
  public String toString() {
    return "Progress[" + label + ", " + done() + "/" + total + "]";
  }
}
