package io.jasyncio.examples;

import io.jasyncio.TimerHandle;
import java.io.PrintStream;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The main job, {@code ./jasyncio tour}: a guided tour of seven programs of the reference
 * articles, from a generator fed with {@code send} to a hand-written event loop, tasks, futures
 * and cancellation. Each stop says what to look for, then runs the program. About 12 seconds of
 * real time; on a virtual {@link Env} it takes milliseconds.
 *
 * <p><b>Threads.</b> Run it from one thread.
 *
 * {@snippet class=io.jasyncio.examples.ExamplesSnippetsTest region=tour}
 */
public final class Tour {
  /** One stop: a title, what to notice, the program. */
  record Stop(String title, String notice, String program, Consumer<Env> body) {}

  /** Seconds after which the tour's cancellation stop pretends the user pressed Ctrl-C. */
  static final double INTERRUPT_AFTER = 3.0;

  private final Env env;

  public Tour(Env env) {
    this.env = Objects.requireNonNull(env, "env");
  }

  public static void main(String[] args) {
    new Tour(Env.real()).run();
  }

  /** The stops, in order. */
  static List<Stop> stops() {
    return List.of(
        new Stop(
            "A generator is a consumer: send() feeds it",
            "producer and consumer take turns on one thread; no queue, no lock",
            "produce-consume",
            Article001::produceConsume),
        new Stop(
            "yield from hands a whole sub-generator over",
            "each null sent ends one accumulate() and gather_tallies keeps its tally",
            "gather-tallies",
            Article000::gatherTallies),
        new Stop(
            "An event loop by hand: generators that yield wake-up times",
            "three countdowns interleave in 5 seconds, not 12; equal times keep arrival order",
            "rocket-countdown",
            Article004::rocketCountdown),
        new Stop(
            "Awaiting a coroutine is calling it",
            "print_sum calls compute, which suspends for a second; no keyword needed",
            "print-sum",
            Article002::printSum),
        new Stop(
            "Two tasks sleep at the same time",
            "both print foo at once; both are done after 2 seconds, not 4",
            "wait-tasks",
            Article001::waitTasks),
        new Stop(
            "A future set by one task, a callback that stops the loop",
            "runForever() returns when the done callback calls stop()",
            "slow-operation-forever",
            Article003Asyncio::slowOperationForever),
        new Stop(
            "Ctrl-C cancels every task, and their finally blocks run",
            "here the interrupt comes after " + INTERRUPT_AFTER + " s instead of from the keyboard",
            "cancel-on-interrupt",
            e ->
                Article001.cancelOnInterrupt(
                    e,
                    (loop, action) -> {
                      TimerHandle pretend = loop.callLater(INTERRUPT_AFTER, action);
                      return pretend::cancel;
                    })));
  }

  /** Runs every stop in order. */
  public void run() {
    PrintStream out = env.out();
    out.println("jasyncio tour: programs of the reference articles, run on the JVM");
    out.println();
    List<Stop> stops = stops();
    for (int i = 0; i < stops.size(); i++) {
      Stop s = stops.get(i);
      out.println(
          "== " + (i + 1) + ". " + s.title() + "  (./jasyncio examples " + s.program() + ")");
      out.println("   look for: " + s.notice());
      s.body().accept(env);
      out.println();
    }
    out.println("Tour finished. ./jasyncio examples lists every program of the articles.");
  }
}
