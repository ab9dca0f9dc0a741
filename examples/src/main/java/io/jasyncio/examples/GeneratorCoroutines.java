package io.jasyncio.examples;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import io.jasyncio.Future;
import io.jasyncio.generators.Generator;
import io.jasyncio.generators.StopIteration;
import java.util.Objects;

/**
 * Generator-based coroutines, as Python 3.4's {@code @asyncio.coroutine}: a generator that yields
 * the futures it waits for, driven by a task that awaits each one and sends its result back in.
 * This is what asyncio's {@code Task._step} did before {@code async}/{@code await}; in jasyncio a
 * coroutine simply calls suspending methods, so this exists to show the older form and how the
 * two forms interoperate (Python's {@code @types.coroutine}).
 *
 * <p><b>Threads.</b> {@link #drive} suspends, so it runs inside a coroutine on the loop's thread;
 * {@link #sleep} builds a generator that must be driven there too.
 *
 * {@snippet class=io.jasyncio.examples.ExamplesSnippetsTest region=generatorCoroutines}
 */
public final class GeneratorCoroutines {
  private GeneratorCoroutines() {}

  /**
   * Runs a generator-based coroutine to its end and returns its value ({@code await gen} on a
   * {@code @types.coroutine} generator). Each future it yields is awaited; its result is sent back
   * in, its exception (a cancellation of the calling task included) is thrown in at the yield.
   * Suspends.
   *
   * @throws IllegalStateException if not called from a coroutine
   */
  public static <R> R drive(Generator<? extends Future<?>, Object, R> gen) {
    Objects.requireNonNull(gen, "gen");
    if (Asyncio.currentTask() == null) {
      throw new IllegalStateException(
          "drive() must be called from a coroutine running on an event loop");
    }
    Object toSend = null;
    Throwable toThrow = null;
    while (true) {
      Future<?> waitingOn;
      try {
        waitingOn = toThrow == null ? gen.send(toSend) : gen.throwInto(toThrow);
      } catch (StopIteration end) {
        return gen.returnValue();
      }
      Objects.requireNonNull(waitingOn, "a generator-based coroutine yielded null");
      try {
        toSend = Asyncio.await(waitingOn);
        toThrow = null;
      } catch (Throwable t) {
        toSend = null;
        toThrow = t;
      }
    }
  }

  /**
   * A generator-based {@code asyncio.sleep(seconds)}: it yields one future that {@code loop}
   * completes after {@code seconds}, and returns when that future's result is sent back.
   */
  public static Generator<Future<?>, Object, Void> sleep(EventLoop loop, double seconds) {
    Objects.requireNonNull(loop, "loop");
    return Generator.of(
        y -> {
          Future<Void> wakeUp = loop.createFuture();
          var timer =
              loop.callLater(
                  seconds,
                  () -> {
                    if (!wakeUp.done()) {
                      wakeUp.setResult(null);
                    }
                  });
          try {
            y.yield(wakeUp);
          } finally {
            timer.cancel();
          }
          return null;
        });
  }
}
