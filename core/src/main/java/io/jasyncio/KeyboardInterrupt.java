package io.jasyncio;

/**
 * Thrown by {@link Asyncio#run} when Ctrl-C (SIGINT) cancelled its main coroutine (Python's {@code
 * KeyboardInterrupt}, raised by {@code asyncio.run} in the same case). The first Ctrl-C cancels
 * the main task: its {@code finally} blocks run, the other tasks are cancelled as at every end of
 * {@code Asyncio.run}, and then this is thrown, with the main task's {@link CancelledError} as its
 * cause. A main coroutine that catches the cancellation and returns normally makes {@code
 * Asyncio.run} return normally. A second Ctrl-C while the cancelled main task still cleans up
 * stops the JVM at once, as the JVM's own Ctrl-C does (exit status 130).
 *
 * <p>An {@link Error}, as {@link CancelledError}: an ordinary {@code catch (Exception e)} must not
 * swallow it.
 *
 * {@snippet class=io.jasyncio.programs.SignalChild region=keyboardInterrupt}
 */
public class KeyboardInterrupt extends Error {
  private static final long serialVersionUID = 1L;

  /** An interrupt that cancelled {@code cancellation}'s task. */
  public KeyboardInterrupt(CancelledError cancellation) {
    super("interrupted by SIGINT (Ctrl-C)", cancellation);
  }
}
