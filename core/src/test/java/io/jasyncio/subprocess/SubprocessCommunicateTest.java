package io.jasyncio.subprocess;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.Task;
import io.jasyncio.TestBase;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** communicate(): input and output at once, never deadlocking. */
@Timeout(180)
class SubprocessCommunicateTest extends TestBase {
  @Test
  void tenMegabytesInAndOutAtOnce() {
    byte[] input = new byte[10 * 1024 * 1024];
    new Random(42).nextBytes(input);
    Output out = Asyncio.run(() -> {
      AsyncProcess p = Subprocess.createSubprocessExec(
          List.of("cat"), Redirect.PIPE, Redirect.PIPE, Redirect.PIPE);
      Output o = p.communicate(input);
      assertEquals(0, p.returncode());
      return o;
    });
    assertArrayEquals(input, out.stdout());
    assertEquals(0, out.stderr().length);
  }

  @Test
  void tenMegabytesOnBothOutputs() {
    Output out = Asyncio.run(() -> {
      AsyncProcess p = Subprocess.createSubprocessShell(
          "head -c 10000000 /dev/zero; head -c 10000000 /dev/zero >&2",
          Redirect.DEVNULL, Redirect.PIPE, Redirect.PIPE);
      return p.communicate(null);
    });
    assertEquals(10_000_000, out.stdout().length);
    assertEquals(10_000_000, out.stderr().length);
  }

  @Test
  void cancellingCommunicateStopsItAndTheChildGoesOn() {
    Asyncio.run(() -> {
      AsyncProcess p = Subprocess.createSubprocessShell("cat; sleep 60", Redirect.PIPE,
          Redirect.PIPE, Redirect.DEVNULL);
      Task<Output> t = Asyncio.createTask(() -> p.communicate("in".getBytes()));
      // cat echoes the input; then the child sleeps, so communicate() cannot finish.
      while (p.stdin().isClosing() == false) {
        Asyncio.sleep(0.001);
      }
      t.cancel();
      assertThrows(CancelledError.class, () -> Asyncio.await(t));
      assertEquals(null, p.returncode());
      p.kill();
      assertEquals(-9, p.waitFor());
      return null;
    });
  }

  @Test
  void communicateTwiceFailsNoLess() {
    Asyncio.run(() -> {
      AsyncProcess p = Subprocess.createSubprocessShell("echo hi", Redirect.PIPE,
          Redirect.PIPE, Redirect.DEVNULL);
      assertEquals("hi\n", new String(p.communicate(null).stdout()));
      // Everything was read: a second call sees EOF at once.
      assertEquals(0, p.communicate(null).stdout().length);
      return null;
    });
  }

  @Test
  void communicateOutsideCoroutine() {
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> {
      AsyncProcess p = Asyncio.run(() -> Subprocess.createSubprocessShell("true",
          Redirect.DEVNULL, Redirect.DEVNULL, Redirect.DEVNULL));
      p.communicate(null);
    });
    assertEquals("communicate() must be called from a coroutine running on an event loop",
        e.getMessage());
  }
}
