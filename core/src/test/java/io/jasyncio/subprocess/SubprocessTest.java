package io.jasyncio.subprocess;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.CancelledError;
import io.jasyncio.Task;
import io.jasyncio.TestBase;
import io.jasyncio.streams.BrokenPipeException;
import io.jasyncio.streams.ConnectionResetException;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Child processes with pipes (scenarios 12). */
@Timeout(120)
class SubprocessTest extends TestBase {
  static byte[] b(String s) {
    return s.getBytes(US_ASCII);
  }

  static String s(byte[] b) {
    return new String(b, US_ASCII);
  }

  static AsyncProcess sh(String cmd, Redirect in, Redirect out, Redirect err) throws IOException {
    return Subprocess.createSubprocessShell(cmd, in, out, err);
  }

  // scenarios: Subprocess 1
  @Test
  void catStdinToStdout() {
    Asyncio.run(() -> {
      AsyncProcess p = Subprocess.createSubprocessExec(
          List.of("cat"), Redirect.PIPE, Redirect.PIPE, Redirect.INHERIT);
      assertTrue(p.pid() > 0);
      assertNull(p.returncode());
      assertNull(p.stderr());
      p.stdin().write(b("some data"));
      p.stdin().drain();
      p.stdin().close();
      assertEquals("some data", s(p.stdout().read(-1)));
      assertEquals(0, p.waitFor());
      assertEquals(0, p.returncode());
      p.stdin().waitClosed();
      return null;
    });
  }

  // scenarios: Subprocess 1
  @Test
  void communicateWithCat() {
    Asyncio.run(() -> {
      AsyncProcess p = Subprocess.createSubprocessExec(
          List.of("cat"), Redirect.PIPE, Redirect.PIPE, Redirect.INHERIT);
      Output out = p.communicate(b("some data"));
      assertEquals("some data", s(out.stdout()));
      assertNull(out.stderr());
      assertEquals(0, p.returncode());
      return null;
    });
  }

  // scenarios: Subprocess 2
  @Test
  void exitCode() {
    int code = Asyncio.run(() -> sh("exit 7", Redirect.DEVNULL, Redirect.DEVNULL,
        Redirect.DEVNULL).waitFor());
    assertEquals(7, code);
  }

  // scenarios: Subprocess 2
  @Test
  void killTerminateAndSignal() {
    Asyncio.run(() -> {
      AsyncProcess k = Subprocess.createSubprocessExec(
          List.of("sleep", "60"), Redirect.DEVNULL, Redirect.DEVNULL, Redirect.DEVNULL);
      k.kill();
      assertEquals(-AsyncProcess.SIGKILL, k.waitFor());

      AsyncProcess t = Subprocess.createSubprocessExec(
          List.of("sleep", "60"), Redirect.DEVNULL, Redirect.DEVNULL, Redirect.DEVNULL);
      t.terminate();
      assertEquals(-AsyncProcess.SIGTERM, t.waitFor());

      AsyncProcess h = Subprocess.createSubprocessExec(
          List.of("sleep", "60"), Redirect.DEVNULL, Redirect.DEVNULL, Redirect.DEVNULL);
      h.sendSignal(AsyncProcess.SIGHUP);
      assertEquals(-AsyncProcess.SIGHUP, h.waitFor());
      assertEquals(-AsyncProcess.SIGHUP, h.returncode());
      h.kill(); // after exit: nothing happens
      assertEquals(-AsyncProcess.SIGHUP, h.returncode());
      assertThrows(IllegalArgumentException.class, () -> h.sendSignal(0));
      return null;
    });
  }

  @Test
  void exitStatusAbove128WithoutOurSignalIsKept() {
    int code = Asyncio.run(() -> sh("exit 137", Redirect.DEVNULL, Redirect.DEVNULL,
        Redirect.DEVNULL).waitFor());
    assertEquals(137, code);
  }

  // scenarios: Subprocess 3
  @Test
  void drainAfterTheChildExitedRaisesBrokenPipe() {
    Asyncio.run(() -> {
      AsyncProcess p = sh("exit 0", Redirect.PIPE, Redirect.DEVNULL, Redirect.DEVNULL);
      assertEquals(0, p.waitFor());
      p.stdin().write(new byte[4 * 1024 * 1024]);
      IOException e = assertThrows(IOException.class, () -> p.stdin().drain());
      assertTrue(e instanceof BrokenPipeException || e instanceof ConnectionResetException,
          e.toString());
      return null;
    });
  }

  // scenarios: Subprocess 3
  @Test
  void communicateIgnoresBrokenPipe() {
    Asyncio.run(() -> {
      AsyncProcess p = sh("exit 0", Redirect.PIPE, Redirect.PIPE, Redirect.DEVNULL);
      Output out = p.communicate(new byte[4 * 1024 * 1024]);
      assertEquals(0, out.stdout().length);
      assertEquals(0, p.returncode());
      return null;
    });
  }

  // scenarios: Subprocess 4
  @Test
  void emptyInputAndDevnull() {
    Asyncio.run(() -> {
      AsyncProcess p = Subprocess.createSubprocessExec(
          List.of("wc", "-c"), Redirect.PIPE, Redirect.PIPE, Redirect.DEVNULL);
      assertNull(p.stderr());
      Output out = p.communicate(new byte[0]);
      assertEquals("0", s(out.stdout()).trim());

      AsyncProcess q = sh("echo hidden; echo hidden >&2", Redirect.DEVNULL, Redirect.DEVNULL,
          Redirect.DEVNULL);
      assertNull(q.stdin());
      assertNull(q.stdout());
      assertNull(q.stderr());
      Output none = q.communicate(null);
      assertNull(none.stdout());
      assertNull(none.stderr());
      assertEquals(0, q.returncode());
      return null;
    });
  }

  @Test
  void stderrIntoStdout() {
    Asyncio.run(() -> {
      AsyncProcess p = sh("echo out; echo err >&2", Redirect.DEVNULL, Redirect.PIPE,
          Redirect.STDOUT);
      assertNull(p.stderr());
      String all = s(p.communicate(null).stdout());
      assertTrue(all.contains("out\n") && all.contains("err\n"), all);

      AsyncProcess q = sh("echo out; echo err >&2", Redirect.DEVNULL, Redirect.PIPE,
          Redirect.PIPE);
      Output o = q.communicate(null);
      assertEquals("out\n", s(o.stdout()));
      assertEquals("err\n", s(o.stderr()));
      return null;
    });
  }

  // scenarios: Subprocess 6
  @Test
  void cancellingCreationLeavesNoChild() throws Exception {
    Asyncio.run(() -> {
      for (int i = 0; i < 5; i++) {
        Task<AsyncProcess> t = Asyncio.createTask(() -> Subprocess.createSubprocessExec(
            List.of("sleep", "61.5"), Redirect.DEVNULL, Redirect.DEVNULL, Redirect.DEVNULL));
        Asyncio.sleep(0); // the task asked another thread to start the child
        t.cancel();
        assertThrows(CancelledError.class, () -> Asyncio.await(t));
      }
      return null;
    });
    // Each child was started, then killed: every one still listed must end (not in 61 s).
    for (ProcessHandle h : ProcessHandle.current().children().toList()) {
      if (h.info().arguments().map(a -> List.of(a).contains("61.5")).orElse(false)) {
        h.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
      }
    }
  }

  // scenarios: Subprocess 6
  @Test
  void closeKillsARunningChildButNotAFinishedOne() {
    Asyncio.run(() -> {
      AsyncProcess running = Subprocess.createSubprocessExec(
          List.of("sleep", "60"), Redirect.PIPE, Redirect.PIPE, Redirect.PIPE);
      running.close();
      assertEquals(-AsyncProcess.SIGKILL, running.waitFor());

      AsyncProcess done = sh("exit 3", Redirect.PIPE, Redirect.PIPE, Redirect.PIPE);
      assertEquals(3, done.waitFor());
      done.close();
      assertEquals(3, done.returncode());
      return null;
    });
  }

  // scenarios: Subprocess 8
  @Test
  void stdinIsNotInheritedBySiblings() {
    Asyncio.run(() -> {
      AsyncProcess first = Subprocess.createSubprocessExec(
          List.of("cat"), Redirect.PIPE, Redirect.PIPE, Redirect.DEVNULL);
      AsyncProcess second = Subprocess.createSubprocessExec(
          List.of("cat"), Redirect.PIPE, Redirect.PIPE, Redirect.DEVNULL);
      // If the second child held the first one's stdin open, this would never end.
      Output out = first.communicate(b("one"));
      assertEquals("one", s(out.stdout()));
      assertEquals("two", s(second.communicate(b("two")).stdout()));
      return null;
    });
  }

  @Test
  void cancellingWaitForLeavesTheChildAlive() {
    Asyncio.run(() -> {
      AsyncProcess p = Subprocess.createSubprocessExec(
          List.of("sleep", "60"), Redirect.DEVNULL, Redirect.DEVNULL, Redirect.DEVNULL);
      Task<Integer> w = Asyncio.createTask(p::waitFor);
      Asyncio.sleep(0);
      w.cancel();
      assertThrows(CancelledError.class, () -> Asyncio.await(w));
      Asyncio.sleep(0.05);
      assertNull(p.returncode());
      assertTrue(ProcessHandle.of(p.pid()).map(ProcessHandle::isAlive).orElse(false));
      p.kill();
      assertEquals(-9, p.waitFor());
      return null;
    });
  }

  @Test
  void unreadOutputHoldsTheChildBack() {
    Asyncio.run(() -> {
      AsyncProcess p = Subprocess.createSubprocessExec(
          List.of("head", "-c", "10000000", "/dev/zero"), Redirect.DEVNULL, Redirect.PIPE,
          Redirect.DEVNULL, 4096);
      Asyncio.sleep(0.2);
      // 10 MB cannot fit in the pipe, the reader's 2 x 4 KiB and one chunk in flight.
      assertNull(p.returncode(), "the child finished: its output was buffered without bound");
      int total = 0;
      byte[] chunk;
      while ((chunk = p.stdout().read(65536)).length > 0) {
        total += chunk.length;
      }
      assertEquals(10_000_000, total);
      assertEquals(0, p.waitFor());
      return null;
    });
  }

  @Test
  void badArguments() {
    Asyncio.run(() -> {
      assertThrows(IllegalArgumentException.class, () -> Subprocess.createSubprocessExec(
          List.of(), Redirect.PIPE, Redirect.PIPE, Redirect.PIPE));
      assertThrows(IllegalArgumentException.class, () -> Subprocess.createSubprocessExec(
          List.of("cat"), Redirect.STDOUT, Redirect.PIPE, Redirect.PIPE));
      assertThrows(IllegalArgumentException.class, () -> Subprocess.createSubprocessExec(
          List.of("cat"), Redirect.PIPE, Redirect.STDOUT, Redirect.PIPE));
      assertThrows(IllegalArgumentException.class, () -> Subprocess.createSubprocessExec(
          List.of("cat"), Redirect.PIPE, Redirect.PIPE, Redirect.PIPE, 0));
      assertThrows(NullPointerException.class, () -> Subprocess.createSubprocessExec(
          List.of("cat"), null, Redirect.PIPE, Redirect.PIPE));
      IOException e = assertThrows(IOException.class, () -> Subprocess.createSubprocessExec(
          List.of("/no/such/program"), Redirect.PIPE, Redirect.PIPE, Redirect.PIPE));
      assertTrue(e.getMessage().contains("/no/such/program"), e.getMessage());
      AsyncProcess p = sh("exit 0", Redirect.DEVNULL, Redirect.PIPE, Redirect.DEVNULL);
      assertThrows(IllegalArgumentException.class, () -> p.communicate(b("x")));
      p.communicate(null);
      return null;
    });
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> Subprocess.createSubprocessShell("true", Redirect.PIPE, Redirect.PIPE,
            Redirect.PIPE));
    assertEquals(
        "createSubprocessShell() must be called from a coroutine running on an event loop",
        e.getMessage());
  }

  @Test
  void writeAfterStdinCloseIsIllegalState() {
    Asyncio.run(() -> {
      AsyncProcess p = Subprocess.createSubprocessExec(
          List.of("cat"), Redirect.PIPE, Redirect.PIPE, Redirect.DEVNULL);
      p.stdin().close();
      assertThrows(IllegalStateException.class, () -> p.stdin().write(b("late")));
      assertEquals(0, p.stdout().read(-1).length);
      assertEquals(0, p.waitFor());
      assertNotNull(p.toString());
      assertFalse(p.toString().contains("running"));
      return null;
    });
  }

  @Test
  void pipelineOfTwoProcesses() {
    String sorted = Asyncio.run(() -> {
      AsyncProcess gen = sh("printf 'c\\nb\\na\\n'", Redirect.DEVNULL, Redirect.PIPE,
          Redirect.INHERIT);
      AsyncProcess sort = Subprocess.createSubprocessExec(List.of("sort"), Redirect.PIPE,
          Redirect.PIPE, Redirect.INHERIT);
      byte[] chunk;
      while ((chunk = gen.stdout().read(1024)).length > 0) {
        sort.stdin().write(chunk);
        sort.stdin().drain();
      }
      sort.stdin().close();
      String out = s(sort.stdout().read(-1));
      assertEquals(0, gen.waitFor());
      assertEquals(0, sort.waitFor());
      return out;
    });
    assertEquals("a\nb\nc\n", sorted);
  }

  @Test
  void readerLimitAppliesToChildOutput() {
    Asyncio.run(() -> {
      AsyncProcess p = Subprocess.createSubprocessShell("printf '0123456789abcdef\\nok\\n'",
          Redirect.DEVNULL, Redirect.PIPE, Redirect.DEVNULL, 8);
      assertThrows(io.jasyncio.streams.LimitOverrunError.class, () -> p.stdout().readline());
      assertEquals("ok\n", s(p.stdout().readline()));
      assertEquals(0, p.waitFor());
      return null;
    });
  }

  // A select woken early by callSoonThreadsafe (the child's output) must not jump the clock.
  @Test
  void virtualClockDoesNotJumpWhileAChildWorks() {
    double[] at = Asyncio.runVirtual(() -> {
      boolean[] fired = {false};
      Asyncio.getRunningLoop().callLater(1000, () -> fired[0] = true);
      AsyncProcess p = sh("sleep 0.2; echo done", Redirect.DEVNULL, Redirect.PIPE,
          Redirect.DEVNULL);
      String out = s(p.communicate(null).stdout());
      assertEquals("done\n", out);
      assertFalse(fired[0], "virtual time jumped over the running child");
      double t = Asyncio.getRunningLoop().time();
      Asyncio.sleep(5000); // nothing external is pending now: the clock jumps
      return new double[] {t, Asyncio.getRunningLoop().time()};
    });
    assertTrue(at[0] < 1000, "output read at " + at[0]);
    assertEquals(at[0] + 5000, at[1], 1e-6);
  }
}
