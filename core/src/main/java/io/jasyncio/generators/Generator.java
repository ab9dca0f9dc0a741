package io.jasyncio.generators;

import io.jasyncio.InvalidStateError;
import io.jasyncio.internal.engine.Engine;
import io.jasyncio.internal.engine.Engines;
import io.jasyncio.internal.engine.Fiber;
import io.jasyncio.internal.util.Sneaky;
import java.util.Iterator;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Python's generator: a body that runs step by step, pausing at each {@code y.yield(v)} (PEP 255),
 * receiving values and exceptions at its pauses (PEP 342) and delegating to sub-generators (PEP
 * 380). It is an {@link Iterator} (and an {@link Iterable} that returns itself, so for-each works
 * once, as {@code iter(gen) is gen}).
 *
 * {@snippet class=io.jasyncio.generators.GeneratorsSnippetsTest region=generator}
 *
 * <h2>Protocol</h2>
 *
 * <ul>
 *   <li>{@link #of} is lazy: nothing of the body runs before the first {@link #next()} or {@code
 *       send(null)}.
 *   <li>{@link #next()} runs to the next yield and returns its value; when the body returns it
 *       throws {@link StopIteration} carrying the return value (the first time; later calls
 *       carry null, as in Python), also readable with {@link #returnValue()}.
 *   <li>{@link #send} resumes the body with a value for the pending {@code yield}.
 *   <li>{@link #throwInto} raises an exception at the pending yield; {@link #close()} raises
 *       {@link GeneratorExit} there and waits until the body's {@code finally} blocks ran.
 *   <li>An exception the body throws (checked ones too) leaves {@code next}/{@code send}
 *       unchanged and closes the generator; later calls throw {@link StopIteration}. A {@link
 *       StopIteration} escaping the body is turned into {@link IllegalStateException} "generator
 *       raised StopIteration" (PEP 479), so that it cannot end an outer loop silently.
 * </ul>
 *
 * <h2>Asynchronous generators</h2>
 *
 * The body may call suspending methods ({@code Asyncio.sleep}, {@code Asyncio.await}, a queue's
 * {@code get}, ...) when the generator is driven from inside a coroutine: the enclosing task
 * suspends and later resumes the body exactly where it was, like Python's {@code async for}.
 * Driven from plain code, such a call throws {@link IllegalStateException} naming the method.
 * Cancelling the task while it waits inside the body raises {@code CancelledError} there.
 *
 * {@snippet class=io.jasyncio.generators.GeneratorsSnippetsTest region=async-generator}
 *
 * <h2>Closing and garbage collection</h2>
 *
 * Python closes a generator when it is garbage-collected, running its {@code finally} blocks.
 * The JVM cannot do that safely (a cleaner would resume user code on a foreign thread), so a
 * generator that is abandoned while suspended never runs its {@code finally} blocks. Close
 * generators that hold resources, best with try-with-resources:
 *
 * {@snippet class=io.jasyncio.generators.GeneratorsSnippetsTest region=try-with-resources}
 *
 * On the continuation engine, an abandoned suspended generator is ordinary garbage (its stack is
 * a heap object). On the virtual-thread engine, its body is a parked virtual thread, which the
 * JDK's thread tracking keeps reachable: an abandoned suspended generator is never collected
 * there, another reason to close it.
 *
 * <h2>Threads</h2>
 *
 * Not thread-safe, like any iterator: one thread at a time. A generator may be created on one
 * thread and resumed later on another (hand it over with a happens-before edge: an executor, a
 * concurrent queue, a future), but never by two threads at once. The body runs on the calling
 * thread (on a fiber of the coroutine engine), so thread-locals seen by the body are those of the
 * caller only on the continuation engine; do not rely on them.
 *
 * @param <Y> the type of the yielded values
 * @param <S> the type of the values sent in with {@link #send}
 * @param <R> the type of the body's return value
 */
public final class Generator<Y, S, R> implements Iterator<Y>, Iterable<Y>, AutoCloseable {
  private static final Engine ENGINE = Engines.get();

  /** Returned by an internal step whose body (or delegate) ended, instead of a StopIteration. */
  private static final Object END = new Object();

  /** The body; released once it starts (or never will). */
  private GeneratorBody<Y, S, R> body;

  /** The Yielder handed to the body, which is also the fiber's runnable. */
  private final Channel channel = new Channel();

  /** The body's fiber: created at the first step, released when the body ends. */
  private Fiber fiber;

  private GeneratorState state = GeneratorState.CREATED;

  // Hand-off slots between the caller and the body; reused at every step (no allocation).
  /** Caller to body: the value of the pending yield (or the return value of a yieldFrom). */
  private Object sent;

  /** Caller to body: the exception to raise at the pending yield, or null. */
  private Throwable toRaise;

  /** Body to caller: the value just yielded. */
  private Object yielded;

  /** Set by the body when it has ended, with its result or failure. */
  private boolean ended;

  private R result;
  private Throwable failure;

  /** The return value went out in a StopIteration already (later ones carry null). */
  private boolean endReported;

  /**
   * The sub-generator of a pending {@code yieldFrom}, or null. Invariant: non-null only while
   * SUSPENDED or RUNNING, and then the body waits inside yieldFrom for the caller to hand it the
   * sub-generator's outcome; next/send/throwInto/close go to the delegate first.
   */
  private Generator<?, ?, ?> delegate;

  /** hasNext() ran ahead to a yield: its value waits for next(). */
  private boolean lookahead;

  private Object lookaheadValue;

  private Generator(GeneratorBody<Y, S, R> body) {
    this.body = body;
  }

  /**
   * A new generator running {@code body}; nothing of the body runs before the first {@link
   * #next()} (or {@code send(null)}).
   *
   * {@snippet class=io.jasyncio.generators.GeneratorsSnippetsTest region=of}
   */
  public static <Y, S, R> Generator<Y, S, R> of(GeneratorBody<Y, S, R> body) {
    return new Generator<>(Objects.requireNonNull(body, "body"));
  }

  /**
   * A new generator already run to its first yield (whose value is dropped), ready for {@link
   * #send}: the {@code @coroutine} priming decorator. If the body ends before yielding, its
   * exception, or {@link StopIteration}, is thrown here.
   *
   * {@snippet class=io.jasyncio.generators.GeneratorsSnippetsTest region=primed}
   */
  public static <Y, S, R> Generator<Y, S, R> primed(GeneratorBody<Y, S, R> body) {
    Generator<Y, S, R> g = of(body);
    g.next();
    return g;
  }

  // ---- the public protocol ---------------------------------------------------------------------

  /**
   * Runs the body to its next yield and returns the yielded value ({@code send(null)}); returns the
   * value buffered by {@link #hasNext()} if there is one.
   *
   * {@snippet class=io.jasyncio.generators.GeneratorsSnippetsTest region=next}
   *
   * @throws StopIteration when the body has ended (carrying its return value the first time)
   * @throws IllegalStateException "generator already executing" when called while the body runs
   *     (from inside it, or from a delegation loop)
   */
  @Override
  @SuppressWarnings("unchecked")
  public Y next() {
    if (lookahead) {
      Object v = lookaheadValue;
      lookahead = false;
      lookaheadValue = null;
      return (Y) v;
    }
    Object r = step(null, null);
    if (r == END) {
      throw stopIteration();
    }
    return (Y) r;
  }

  /**
   * Whether there is a next value: runs the body ahead to its next yield (once) and buffers the
   * value for {@link #next()}. Then {@link #send} and {@link #throwInto} throw {@link
   * IllegalStateException} until {@code next()} takes the buffered value, because the body has
   * already moved past the yield they would act on ({@link #close()} simply drops the buffered
   * value). An exception of the body comes out of here.
   *
   * {@snippet class=io.jasyncio.generators.GeneratorsSnippetsTest region=hasNext}
   */
  @Override
  public boolean hasNext() {
    if (lookahead) {
      return true;
    }
    if (state == GeneratorState.CLOSED) {
      return false;
    }
    Object r = step(null, null);
    if (r == END) {
      return false;
    }
    lookahead = true;
    lookaheadValue = r;
    return true;
  }

  /**
   * Resumes the body with {@code value} as the result of its pending {@code y.yield(...)}, and
   * returns the next yielded value. {@code send(null)} is {@link #next()}.
   *
   * {@snippet class=io.jasyncio.generators.GeneratorsSnippetsTest region=send}
   *
   * @throws IllegalStateException "can't send non-null value to a just-started generator" when
   *     the generator is {@link GeneratorState#CREATED} and {@code value} is not null (it stays
   *     CREATED); "generator already executing" while the body runs; after {@link #hasNext()}
   *     buffered a value
   * @throws StopIteration when the body ends
   */
  @SuppressWarnings("unchecked")
  public Y send(S value) {
    if (lookahead) {
      throw ranAhead("send");
    }
    Object r = step(value, null);
    if (r == END) {
      throw stopIteration();
    }
    return (Y) r;
  }

  /**
   * Raises {@code t} inside the body at its pending yield (Python's {@code generator.throw}). If
   * the body catches it and yields, returns that value; if the body returns, throws {@link
   * StopIteration}; if {@code t} (or another exception) escapes the body, it comes out of here
   * unchanged, checked exceptions included, and the generator is closed. On a {@link
   * GeneratorState#CREATED} generator, {@code t} is thrown at once, the body never runs and the
   * generator is closed; on a closed one, {@code t} is thrown at once. While the body delegates
   * with {@code yieldFrom}, {@code t} goes to the sub-generator first (at every depth of a chain):
   * if the sub-generator catches it and returns, {@code yieldFrom} returns that value in this body,
   * which goes on to its next yield, whose value is returned here (PEP 380); a {@link
   * GeneratorExit} closes the sub-generator instead, then is raised in this body.
   *
   * {@snippet class=io.jasyncio.generators.GeneratorsSnippetsTest region=throwInto}
   *
   * @throws IllegalStateException "generator already executing" while the body runs; after {@link
   *     #hasNext()} buffered a value
   */
  @SuppressWarnings("unchecked")
  public Y throwInto(Throwable t) {
    Objects.requireNonNull(t, "exception");
    if (lookahead) {
      throw ranAhead("throwInto");
    }
    Object r = step(null, t);
    if (r == END) {
      throw stopIteration();
    }
    return (Y) r;
  }

  /**
   * Closes the generator: raises {@link GeneratorExit} at the pending yield and returns once the
   * body has ended, all its {@code finally} blocks run. A body that catches GeneratorExit and
   * yields again makes this throw {@link IllegalStateException} "generator ignored GeneratorExit"
   * (the generator then stays suspended at that yield); an exception the body throws while
   * cleaning up comes out of here. Does nothing on a {@link GeneratorState#CREATED} generator
   * (whose body then never runs) or a closed one. While delegating with {@code yieldFrom}, the
   * sub-generator is closed first. A value the body returns while closing is dropped; {@link
   * #closeAndGetValue()} returns it.
   *
   * {@snippet class=io.jasyncio.generators.GeneratorsSnippetsTest region=close}
   *
   * @throws IllegalStateException "generator already executing" when called from inside the body
   */
  @Override
  public void close() {
    closeAndGetValue();
  }

  /**
   * {@link #close()}, returning what the body returned if it caught {@link GeneratorExit} and
   * returned a value (Python 3.13's {@code close()} return value); null when GeneratorExit ended
   * the body, when the generator had not started, had already finished, or is closed a second
   * time.
   *
   * {@snippet class=io.jasyncio.generators.GeneratorsSnippetsTest region=closeAndGetValue}
   *
   * @throws IllegalStateException as {@link #close()}
   */
  public R closeAndGetValue() {
    switch (state) {
      case CREATED -> {
        finishUnstarted();
        return null;
      }
      case CLOSED -> {
        return null;
      }
      case RUNNING -> throw alreadyExecuting();
      case SUSPENDED -> {}
    }
    lookahead = false;
    lookaheadValue = null;
    Object out;
    try {
      out = resume(null, new GeneratorExit());
    } catch (GeneratorExit e) {
      return null;
    }
    if (out == END) {
      return takeEndValue();
    }
    throw new IllegalStateException("generator ignored GeneratorExit");
  }

  /** Python's {@code inspect.getgeneratorstate}; RUNNING when asked from inside the body. */
  public GeneratorState state() {
    return state;
  }

  /**
   * What the body returned ({@link StopIteration#value()}); null if it ended otherwise (by an
   * exception, or closed by GeneratorExit or before starting).
   *
   * @throws InvalidStateError while the generator has not finished
   */
  public R returnValue() {
    if (state != GeneratorState.CLOSED) {
      throw new InvalidStateError("the generator has not finished (" + state + ")");
    }
    return result;
  }

  /** This generator itself ({@code iter(gen) is gen}): a for-each consumes it. */
  @Override
  public Iterator<Y> iterator() {
    return this;
  }

  /**
   * The remaining values as a sequential, ordered stream; closing the stream closes the
   * generator.
   *
   * {@snippet class=io.jasyncio.generators.GeneratorsSnippetsTest region=stream}
   */
  public Stream<Y> stream() {
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(this, Spliterator.ORDERED), false)
        .onClose(this::close);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("Generator[").append(state);
    if (delegate != null) {
      sb.append(", delegating to ").append(delegate);
    }
    return sb.append(']').toString();
  }

  // ---- stepping (caller side) ----------------------------------------------------------------

  /**
   * One step with every state rule: resumes with {@code in} or raises {@code raise} at the pending
   * yield. Returns the next yielded value, or {@link #END} when the body has ended.
   */
  private Object step(Object in, Throwable raise) {
    switch (state) {
      case SUSPENDED -> {
        return resume(in, raise);
      }
      case CREATED -> {
        if (raise != null) {
          finishUnstarted();
          throw Sneaky.rethrow(raise);
        }
        if (in != null) {
          throw new IllegalStateException("can't send non-null value to a just-started generator");
        }
        return resume(null, null);
      }
      case RUNNING -> throw alreadyExecuting();
      default -> {
        if (raise != null) {
          throw Sneaky.rethrow(raise);
        }
        return END;
      }
    }
  }

  /** The step of a delegating generator's {@code yield from}: {@code next} or {@code send}. */
  private Object delegatedSend(Object in) {
    if (in == null && lookahead) {
      Object v = lookaheadValue;
      lookahead = false;
      lookaheadValue = null;
      return v;
    }
    if (lookahead) {
      throw ranAhead("send");
    }
    return step(in, null);
  }

  /** The step of a delegating generator's {@code throwInto}. */
  private Object delegatedThrow(Throwable t) {
    if (lookahead) {
      throw ranAhead("throwInto");
    }
    return step(null, t);
  }

  /** Resumes a SUSPENDED (or starts a CREATED) generator, going through its delegate if any. */
  private Object resume(Object in, Throwable raise) {
    Generator<?, ?, ?> d = delegate;
    if (d != null) {
      state = GeneratorState.RUNNING;
      try {
        if (raise instanceof GeneratorExit) {
          d.close();
        } else {
          Object out = raise == null ? d.delegatedSend(in) : d.delegatedThrow(raise);
          if (out != END) {
            state = GeneratorState.SUSPENDED;
            return out;
          }
          // The sub-generator ended, also when it caught what was thrown into it and returned:
          // yieldFrom returns its value, and the thrown exception is spent (PEP 380).
          in = d.takeEndValue();
          raise = null;
        }
      } catch (Throwable t) {
        // The sub-generator failed, or closing it did: the exception is raised at yieldFrom.
        in = null;
        raise = t;
      }
      delegate = null;
    }
    return resumeBody(in, raise);
  }

  private Object resumeBody(Object in, Throwable raise) {
    Fiber f = fiber;
    if (f == null) {
      f = ENGINE.create(Fiber.Kind.GENERATOR, this, channel);
      fiber = f;
    }
    sent = in;
    toRaise = raise;
    state = GeneratorState.RUNNING;
    try {
      f.resume();
    } catch (Throwable engineFailure) {
      // Only the engine itself can fail here (the body's exceptions are caught by Channel.run).
      fiber = null;
      state = GeneratorState.CLOSED;
      throw engineFailure;
    }
    if (ended) {
      fiber = null;
      state = GeneratorState.CLOSED;
      Throwable t = failure;
      if (t != null) {
        failure = null;
        throw Sneaky.rethrow(t);
      }
      return END;
    }
    state = GeneratorState.SUSPENDED;
    Object out = yielded;
    yielded = null;
    return out;
  }

  private void finishUnstarted() {
    body = null;
    ended = true;
    state = GeneratorState.CLOSED;
  }

  /** The return value for the first StopIteration after the end, null for later ones. */
  private R takeEndValue() {
    if (endReported) {
      return null;
    }
    endReported = true;
    return result;
  }

  private StopIteration stopIteration() {
    return new StopIteration(takeEndValue());
  }

  private static IllegalStateException alreadyExecuting() {
    return new IllegalStateException("generator already executing");
  }

  private static IllegalStateException ranAhead(String method) {
    return new IllegalStateException(
        method
            + "() after hasNext() ran the generator ahead to its next yield: the body is already"
            + " past the yield it would act on; call next() to take the buffered value first");
  }

  /** Adds {@code context} to {@code t} as suppressed (Python's implicit {@code __context__}). */
  private static Throwable withContext(Throwable t, Throwable context) {
    if (context != null && t != context) {
      for (Throwable s : t.getSuppressed()) {
        if (s == context) {
          return t;
        }
      }
      t.addSuppressed(context);
    }
    return t;
  }

  // ---- the body side -------------------------------------------------------------------------

  /** Checks that the calling code is this generator's body, on its own fiber. */
  private Fiber ownFiber(String method) {
    Fiber f = fiber;
    if (f == null || ENGINE.current() != f) {
      throw new IllegalStateException(
          method + "() must be called by the generator's own body while it runs");
    }
    return f;
  }

  /** Pauses the body with {@code value} out; returns the sent value or raises what came in. */
  @SuppressWarnings("unchecked")
  private <T> T pause(Fiber f, Object value, Throwable context) {
    yielded = value;
    ENGINE.suspend(f);
    Throwable t = toRaise;
    if (t != null) {
      toRaise = null;
      throw Sneaky.rethrow(withContext(t, context));
    }
    Object s = sent;
    sent = null;
    return (T) s;
  }

  private <T> T doYield(Object value, Throwable context) {
    return pause(ownFiber("yield"), value, context);
  }

  @SuppressWarnings("unchecked")
  private <T> T doYieldFrom(Generator<?, ?, ?> sub, Throwable context) {
    Objects.requireNonNull(sub, "sub");
    Fiber f = ownFiber("yieldFrom");
    Object first;
    try {
      first = sub.delegatedSend(null);
    } catch (Throwable t) {
      throw Sneaky.rethrow(withContext(t, context));
    }
    if (first == END) {
      return (T) sub.takeEndValue();
    }
    delegate = sub;
    // Resumed by resume() once the delegation is over: the sub-generator's return value is the
    // sent value, or its failure (or that of closing it) is the exception raised here.
    return pause(f, first, context);
  }

  private void doYieldAll(Iterator<?> it, Throwable context) {
    Objects.requireNonNull(it, "iterator");
    if (it instanceof Generator<?, ?, ?> g) {
      doYieldFrom(g, context);
      return;
    }
    Fiber f = ownFiber("yieldAll");
    try {
      while (it.hasNext()) {
        Object s = pause(f, it.next(), null);
        if (s != null) {
          throw new IllegalStateException(
              "yieldAll() delegates to a plain Iterator ("
                  + it.getClass().getName()
                  + "), which cannot receive the sent value "
                  + s
                  + "; only yieldFrom() of a Generator passes sent values on");
        }
      }
    } catch (Throwable t) {
      Throwable out = t;
      if (t instanceof GeneratorExit && it instanceof AutoCloseable c) {
        try {
          c.close();
        } catch (Throwable closeFailure) {
          closeFailure.addSuppressed(t);
          out = closeFailure;
        }
      }
      throw Sneaky.rethrow(withContext(out, context));
    }
  }

  /** The body's Yielder, and the runnable of its fiber. */
  private final class Channel implements Yielder<Y, S>, Runnable {
    @Override
    public void run() {
      GeneratorBody<Y, S, R> b = body;
      body = null;
      try {
        result = b.run(this);
      } catch (StopIteration e) {
        failure = new IllegalStateException("generator raised StopIteration", e);
      } catch (Throwable t) {
        failure = t;
      }
      ended = true;
    }

    @Override
    public S yield(Y value) {
      return doYield(value, null);
    }

    @Override
    public <R2> R2 yieldFrom(Generator<? extends Y, ? super S, R2> sub) {
      return doYieldFrom(sub, null);
    }

    @Override
    public void yieldAll(Iterator<? extends Y> it) {
      doYieldAll(it, null);
    }

    @Override
    public Yielder<Y, S> handling(Throwable handled) {
      return new Handling(Objects.requireNonNull(handled, "handled"));
    }

    @Override
    public String toString() {
      return "Yielder of " + Generator.this;
    }
  }

  /** A Yielder that attaches an exception context to whatever is raised at its yields. */
  private final class Handling implements Yielder<Y, S> {
    private final Throwable context;

    Handling(Throwable context) {
      this.context = context;
    }

    @Override
    public S yield(Y value) {
      return doYield(value, context);
    }

    @Override
    public <R2> R2 yieldFrom(Generator<? extends Y, ? super S, R2> sub) {
      return doYieldFrom(sub, context);
    }

    @Override
    public void yieldAll(Iterator<? extends Y> it) {
      doYieldAll(it, context);
    }

    @Override
    public Yielder<Y, S> handling(Throwable handled) {
      return new Handling(Objects.requireNonNull(handled, "handled"));
    }
  }
}
