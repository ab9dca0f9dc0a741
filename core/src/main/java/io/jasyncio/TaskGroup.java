package io.jasyncio;

import io.jasyncio.internal.util.Sneaky;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A scope that owns the tasks created in it: asyncio's {@code TaskGroup} (structured concurrency).
 *
 * <p>{@link Asyncio#taskGroup} runs a body with a new group and returns only once every task of the
 * group has finished, including tasks created later by the body or by other children. The first
 * child that fails (with anything but {@link CancelledError}) cancels the body and every other
 * child; the failures are then thrown together as one {@link ExceptionGroup}, in the order they
 * happened (the body's own exception last). Cancelling a child yourself is not a failure.
 *
 * <p>Cancellation: the group cancels its body by cancelling the task that runs it, and takes that
 * request back with {@link Task#uncancel()} on exit (as Python 3.12+), so that a caller that
 * catches the {@link ExceptionGroup} is not left cancelled. If the task was (also) cancelled from
 * outside, the block ends with {@link CancelledError} when no child failed, and the cancellation
 * stays pending when one did. Fatal errors ({@link VirtualMachineError}s such as {@link
 * OutOfMemoryError}, except {@link StackOverflowError}) are thrown as themselves, after the
 * children have finished.
 *
 * <p>Loop-bound: use it from the task that runs the block and its children.
 *
 * {@snippet class=io.jasyncio.AsyncioSnippetsTest region=taskGroup}
 */
public final class TaskGroup {
  /** The body of a task group block. */
  @FunctionalInterface
  public interface Body<R> {
    R run(TaskGroup tg) throws Exception;
  }

  private boolean entered;
  private boolean exiting;
  private boolean aborting;
  private SelectorEventLoop loop;
  private Task<?> parentTask;
  private boolean parentCancelRequested;
  private final Set<Task<?>> tasks = new LinkedHashSet<>();
  private final List<Throwable> errors = new ArrayList<>();
  private Throwable baseError;
  private Future<Boolean> onCompleted;
  private final Consumer<Future<?>> onTaskDone = this::onTaskDone;

  /** A group not yet entered: {@link #run} enters it (once). Any thread may create one. */
  public TaskGroup() {}

  /**
   * Suspends: runs {@code body} with this group in the current task, then waits for every task of
   * the group and returns the body's result (see the class comment for failures). A group can be
   * entered once: again, it throws {@link IllegalStateException} "has already been entered".
   */
  public <R> R run(Body<R> body) {
    Objects.requireNonNull(body, "body");
    Task<?> current = Task.require("taskGroup");
    if (entered) {
      throw new IllegalStateException(this + " has already been entered");
    }
    entered = true;
    loop = current.loop;
    parentTask = current;
    R result = null;
    Throwable thrown = null;
    try {
      result = body.run(this);
    } catch (Throwable t) {
      thrown = t;
    }
    try {
      exit(thrown);
    } finally {
      parentTask = null;
    }
    return result;
  }

  /** Starts {@code c} as a task of this group (see {@link #createTask(Coroutine, String)}). */
  public <T> Task<T> createTask(Coroutine<T> c) {
    return createTask(c, null);
  }

  /**
   * Starts {@code c} as a task of this group, named {@code name} (null: {@code Task-N}). Throws
   * {@link IllegalStateException} before the group is entered ("has not been entered"), once it has
   * finished ("is finished"), and once a failure is shutting it down ("is shutting down"); the
   * coroutine then never runs.
   */
  public <T> Task<T> createTask(Coroutine<T> c, String name) {
    Objects.requireNonNull(c, "coroutine");
    if (!entered) {
      throw new IllegalStateException(this + " has not been entered");
    }
    if (exiting && tasks.isEmpty()) {
      throw new IllegalStateException(this + " is finished");
    }
    if (aborting) {
      throw new IllegalStateException(this + " is shutting down");
    }
    Task<T> task = loop.createTask(c, name);
    if (task.done()) {
      onTaskDone(task); // an eager task that finished at once
    } else {
      tasks.add(task);
      task.addDoneCallback(onTaskDone);
    }
    return task;
  }

  private void exit(Throwable thrown) {
    exiting = true;
    if (thrown != null && isBaseError(thrown) && baseError == null) {
      baseError = thrown;
    }
    CancelledError propagateCancellation = thrown instanceof CancelledError ce ? ce : null;
    if (thrown != null && !aborting) {
      // The body failed, or the task running it is being cancelled: stop the children.
      abort();
    }
    // A loop: the wait may be cancelled several times if the parent is cancelled repeatedly.
    while (!tasks.isEmpty()) {
      if (onCompleted == null) {
        onCompleted = new Future<>(loop);
      }
      try {
        parentTask.await(onCompleted);
      } catch (CancelledError e) {
        if (!aborting) {
          // Cancelled from outside while the children still run: stop them, then go on waiting.
          propagateCancellation = e;
          abort();
        }
      }
      onCompleted = null;
    }
    if (baseError != null) {
      throw Sneaky.rethrow(baseError);
    }
    if (parentCancelRequested && parentTask.uncancel() == 0) {
      // Our own request was the only one: the cancellation ends here.
      propagateCancellation = null;
    }
    if (propagateCancellation != null && errors.isEmpty()) {
      throw propagateCancellation;
    }
    if (thrown != null && !(thrown instanceof CancelledError)) {
      errors.add(thrown);
    }
    if (!errors.isEmpty()) {
      if (parentTask.cancelling() > 0) {
        // Cancelled from outside too: re-arm that cancellation so the next await delivers it,
        // keeping the count as it was.
        parentTask.uncancel();
        parentTask.cancel();
      }
      throw new ExceptionGroup("unhandled errors in a TaskGroup", errors);
    }
  }

  private void abort() {
    aborting = true;
    for (Task<?> t : new ArrayList<>(tasks)) {
      if (!t.done()) {
        t.cancel();
      }
    }
  }

  private void onTaskDone(Future<?> f) {
    Task<?> task = (Task<?>) f;
    tasks.remove(task);
    if (onCompleted != null && tasks.isEmpty() && !onCompleted.done()) {
      onCompleted.completeResult(true);
    }
    if (task.cancelled()) {
      return;
    }
    Throwable e = task.exceptionOrNull();
    if (e == null) {
      return;
    }
    task.markRetrieved();
    errors.add(e);
    if (isBaseError(e) && baseError == null) {
      baseError = e;
    }
    if (parentTask == null || parentTask.done()) {
      Map<String, Object> context = new LinkedHashMap<>();
      context.put(
          "message", "Task " + task + " has errored out but its parent task is already completed");
      context.put("exception", e);
      context.put("task", task);
      loop.callExceptionHandler(context);
      return;
    }
    if (!aborting && !parentCancelRequested) {
      // Cancel the body (it may be awaiting something unrelated) and the siblings; exit()
      // takes our request back with uncancel().
      abort();
      parentCancelRequested = true;
      parentTask.cancel();
    }
  }

  private static boolean isBaseError(Throwable t) {
    return SelectorEventLoop.isFatal(t);
  }

  @Override
  public String toString() {
    String state;
    if (!entered) {
      state = "created";
    } else if (!exiting) {
      state = aborting ? "entered, aborting" : "entered";
    } else {
      state = tasks.isEmpty() ? "finished" : aborting ? "exiting, aborting" : "exiting";
    }
    return "TaskGroup[" + state + ", tasks=" + tasks.size() + ", errors=" + errors.size() + "]";
  }
}
