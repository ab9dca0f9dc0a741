package io.jasyncio;

/** asyncio.TaskGroup (to be written). */
public final class TaskGroup {
  /** The body of a task group block. */
  @FunctionalInterface
  public interface Body<R> {
    R run(TaskGroup tg) throws Exception;
  }

  private TaskGroup() {}

  static <R> R run(Body<R> body) {
    throw new UnsupportedOperationException("taskGroup");
  }
}
