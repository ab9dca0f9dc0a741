package io.jasyncio;

import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * A loop's unfinished tasks (asyncio's {@code _all_tasks}): an intrusive doubly linked list
 * through {@link Task#prevLive}/{@link Task#nextLive}, newest first, so that registering a task
 * costs no allocation; and, in debug mode, where each task was created. Loop thread only.
 */
final class TaskRegistry {
  /** The newest unfinished task, or null; each task links to the one registered before it. */
  private Task<?> newest;

  /** How many tasks the list holds. */
  private int count;

  /** Debug mode: where each unfinished task was created (kept beside the task, not in it). */
  private Map<Task<?>, Throwable> creationSites;

  void add(Task<?> t) {
    t.nextLive = newest;
    if (newest != null) {
      newest.prevLive = t;
    }
    newest = t;
    count++;
  }

  /** Removes a finished task; does nothing if it is not in the list. */
  void remove(Task<?> t) {
    if (t.prevLive != null) {
      t.prevLive.nextLive = t.nextLive;
    } else if (newest == t) {
      newest = t.nextLive;
    } else {
      return;
    }
    if (t.nextLive != null) {
      t.nextLive.prevLive = t.prevLive;
    }
    t.prevLive = null;
    t.nextLive = null;
    count--;
    if (creationSites != null) {
      creationSites.remove(t);
    }
  }

  boolean isEmpty() {
    return newest == null;
  }

  /** The unfinished tasks, oldest first. */
  Set<Task<?>> snapshot() {
    Task<?>[] all = new Task<?>[count];
    int i = count;
    for (Task<?> t = newest; t != null; t = t.nextLive) {
      all[--i] = t;
    }
    Set<Task<?>> out = new LinkedHashSet<>();
    for (Task<?> t : all) {
      out.add(t);
    }
    return out;
  }

  void recordCreation(Task<?> t, Throwable site) {
    if (creationSites == null) {
      creationSites = new IdentityHashMap<>();
    }
    creationSites.put(t, site);
  }

  Throwable creationSite(Task<?> t) {
    return creationSites == null ? null : creationSites.get(t);
  }
}
