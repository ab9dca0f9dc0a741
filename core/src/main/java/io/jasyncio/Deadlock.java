package io.jasyncio;

import java.util.List;
import java.util.Set;

/**
 * The report of a loop on the virtual clock that can never make progress: nothing ready, no timer,
 * no registered channel, no outside work that could still report back, while {@link
 * EventLoop#runUntilComplete} waits. Real time would not help either, so instead of blocking
 * forever the loop fails the run with this report: every pending task, by name, with where it
 * waits ({@link Task#getStack()}), innermost frame first.
 *
 * <p>Built on the loop thread, from the loop's registry of unfinished tasks.
 */
final class Deadlock {
  /** Frames shown per task; the rest are counted. */
  private static final int FRAMES = 12;

  private Deadlock() {}

  /** The exception that ends the run, naming each of {@code pending}. */
  static IllegalStateException report(Set<Task<?>> pending) {
    StringBuilder sb =
        new StringBuilder("deadlock: no task can make progress (virtual clock: nothing ready,")
            .append(" no timer, no I/O, no outside work pending); ")
            .append(pending.size())
            .append(pending.size() == 1 ? " pending task:" : " pending tasks:");
    for (Task<?> t : pending) {
      sb.append("\n  ").append(t);
      List<StackTraceElement> stack = t.getStack();
      if (stack.isEmpty()) {
        sb.append(" (not started or no stack)");
        continue;
      }
      sb.append(" waits at");
      for (int i = 0; i < Math.min(FRAMES, stack.size()); i++) {
        sb.append("\n    at ").append(stack.get(i));
      }
      if (stack.size() > FRAMES) {
        sb.append("\n    ... ").append(stack.size() - FRAMES).append(" more");
      }
    }
    if (pending.isEmpty()) {
      sb.append(" none (the awaited future is not a task and nothing will complete it)");
    }
    return new IllegalStateException(sb.toString());
  }
}
