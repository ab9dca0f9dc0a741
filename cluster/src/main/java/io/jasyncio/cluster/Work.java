package io.jasyncio.cluster;

import io.jasyncio.multiprocessing.RemoteError;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * What a member runs for one dispatched call: the serialized task (a callable, a runnable, or a
 * function with a chunk of arguments), run on the member, its outcomes serialized back. It never
 * throws: an exception of the task is an outcome, so that any failure of the Hazelcast call itself
 * means the member or the connection failed.
 */
final class Work implements Callable<byte[]>, Serializable {
  private static final long serialVersionUID = 1L;

  /** The serialized {@code Object[] {task, argsOrNull}}. */
  private final byte[] payload;

  /** How many outcomes the caller expects: 1 for a callable or runnable, else the chunk's size. */
  private final int count;

  Work(byte[] payload, int count) {
    this.payload = payload;
    this.count = count;
  }

  /** One call's outcome: its value, or the exception it threw (error != null). */
  record Outcome(Object value, Throwable error) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  @Override
  public byte[] call() {
    List<Outcome> outcomes;
    try {
      Object[] job = (Object[]) Wire.read(payload, loader());
      outcomes = run(job[0], (List<?>) job[1]);
    } catch (Throwable t) {
      // The task's classes are missing or differ on this member: every call of it fails alike.
      Throwable e = RemoteError.portable(t);
      outcomes = Collections.nCopies(count, new Outcome(null, e));
    }
    return encode(outcomes);
  }

  @SuppressWarnings("unchecked")
  private static List<Outcome> run(Object task, List<?> args) {
    List<Outcome> out = new ArrayList<>(args == null ? 1 : args.size());
    if (args == null) {
      try {
        Object value;
        if (task instanceof Callable<?> c) {
          value = c.call();
        } else {
          ((Runnable) task).run();
          value = null;
        }
        out.add(new Outcome(value, null));
      } catch (Throwable t) {
        out.add(new Outcome(null, RemoteError.portable(t)));
      }
      return out;
    }
    Function<Object, Object> fn = (Function<Object, Object>) task;
    for (Object arg : args) {
      try {
        out.add(new Outcome(fn.apply(arg), null));
      } catch (Throwable t) {
        out.add(new Outcome(null, RemoteError.portable(t)));
      }
    }
    return out;
  }

  /** The outcomes as bytes; a result that cannot be serialized becomes that call's failure. */
  private static byte[] encode(List<Outcome> outcomes) {
    try {
      return Wire.write(outcomes, "the results");
    } catch (IllegalArgumentException someResultNotSerializable) {
      List<Outcome> fixed = new ArrayList<>(outcomes.size());
      for (Outcome o : outcomes) {
        try {
          Wire.write(o, "the result");
          fixed.add(o);
        } catch (IllegalArgumentException e) {
          String what = o.error() == null ? "the result, a " : "the exception, a ";
          Object bad = o.error() == null ? o.value() : o.error();
          fixed.add(
              new Outcome(
                  null,
                  new IllegalArgumentException(
                      what
                          + Wire.className(bad)
                          + ", cannot be sent back from the cluster member: "
                          + e.getMessage())));
        }
      }
      return Wire.write(fixed, "the results");
    }
  }

  private static ClassLoader loader() {
    ClassLoader l = Thread.currentThread().getContextClassLoader();
    return l != null ? l : Work.class.getClassLoader();
  }
}
