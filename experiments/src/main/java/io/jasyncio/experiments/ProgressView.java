package io.jasyncio.experiments;

import java.io.Console;
import java.io.PrintStream;
import java.util.Locale;

/**
 * Shows a {@link Progress}: on a terminal, a bar redrawn in place ten times a second (items done
 * out of the total, rate, elapsed time); elsewhere (a pipe, a file, {@code --verbose}) one plain
 * line when the run starts and nothing in between, so that logs stay readable.
 *
 * <p><b>Threads.</b> Made and closed by one thread; on a terminal it draws from a daemon thread
 * of its own, which {@link #close()} stops after a last drawing.
 *
 * {@snippet class=io.jasyncio.experiments.ExperimentsSnippetsTest region=progressView}
 */
public final class ProgressView implements AutoCloseable {
  static final int WIDTH = 30;

  private final Progress progress;
  private final PrintStream out;
  private final Thread drawer;
  private volatile boolean closed;

  private ProgressView(Progress progress, PrintStream out, boolean terminal) {
    this.progress = progress;
    this.out = out;
    if (terminal) {
      drawer = Thread.ofPlatform().daemon().name("progress-" + progress.label()).start(this::draw);
    } else {
      drawer = null;
      out.println("  " + progress.label() + ": " + progress.total() + " items ...");
    }
  }

  /** Starts showing {@code p} on {@code out}, as a bar when {@code terminal}. */
  public static ProgressView show(Progress p, PrintStream out, boolean terminal) {
    return new ProgressView(p, out, terminal);
  }

  /** Whether standard output is an interactive terminal. */
  public static boolean isTerminal() {
    Console c = System.console();
    return c != null && c.isTerminal() && !"dumb".equals(System.getenv("TERM"));
  }

  private void draw() {
    while (!closed) {
      out.print("\r" + bar(progress));
      out.flush();
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** One drawing of the bar: {@code label [#####.....] 120/930  45.0/s  2.6 s}. */
  static String bar(Progress p) {
    int total = Math.max(1, p.total());
    int done = Math.min(p.done(), total);
    int filled = (int) ((long) done * WIDTH / total);
    double t = p.elapsed();
    return String.format(
        Locale.ROOT,
        "  %-22s [%s%s] %d/%d  %.1f/s  %.1f s ",
        p.label(),
        "#".repeat(filled),
        ".".repeat(WIDTH - filled),
        p.done(),
        p.total(),
        t > 0 ? p.done() / t : 0.0,
        t);
  }

  /** Stops drawing; on a terminal, draws the last state and ends the line. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (drawer != null) {
      drawer.interrupt();
      try {
        drawer.join(1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      out.print("\r" + bar(progress) + "\r" + " ".repeat(bar(progress).length()) + "\r");
      out.flush();
    }
  }
}
