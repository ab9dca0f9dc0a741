package io.jasyncio.generators;

/**
 * Where a {@link Generator} is in its life, as Python's {@code inspect.getgeneratorstate}.
 *
 * <pre>
 * CREATED ──next()/send(null)──▶ RUNNING ──yield──▶ SUSPENDED ──next()/send/throwInto──▶ RUNNING
 *    │                              │                   │
 *    └─close()/throwInto()─▶ CLOSED ◀─return/exception──┘◀──close()──────────────────────┘
 * </pre>
 *
 * {@snippet class=io.jasyncio.generators.GeneratorsSnippetsTest region=state}
 */
public enum GeneratorState {
  /** Made by {@link Generator#of} and not started yet: the body has not run at all. */
  CREATED,
  /**
   * The body is executing: seen from inside the body itself, from code it calls, and while the
   * body waits inside a suspending method (an asynchronous generator driven by a task).
   */
  RUNNING,
  /** Paused at a {@code yield}, waiting for {@code next}, {@code send}, {@code throwInto}. */
  SUSPENDED,
  /** Finished: the body returned or threw, or the generator was closed. */
  CLOSED
}
