package io.jasyncio.multiprocessing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import io.jasyncio.EventLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class ProcessTest {
  @Test
  void runsTheTargetInAChildAndReportsExitCodes() {
    ProcessQueue<String> q = new ProcessQueue<>();
    long parent = Process.currentPid();
    Process ok =
        new Process(
            () -> q.put(Process.currentName() + " " + (Process.parentPid() == parent)), "kid");
    assertThrows(IllegalStateException.class, ok::pid);
    assertNull(ok.exitcode());
    Process fails =
        new Process(
            () -> {
              throw new IllegalStateException("expected failure in a child (printed on purpose)");
            });
    assertTrue(fails.name().startsWith("Process-"));
    ok.start();
    fails.start();
    assertThrows(IllegalStateException.class, ok::start);
    assertEquals("kid true", q.get());
    ok.join();
    assertEquals(0, ok.exitcode());
    assertFalse(ok.isAlive());
    assertTrue(fails.join(60.0));
    assertEquals(1, fails.exitcode());
    assertEquals("MainProcess", Process.currentName());
  }

  @Test
  void terminateAndKillGiveNegativeSignals() {
    ProcessEvent never = new ProcessEvent();
    ProcessEvent started1 = new ProcessEvent();
    ProcessEvent started2 = new ProcessEvent();
    Process a =
        new Process(
            () -> {
              started1.set();
              never.await(null);
            });
    Process b =
        new Process(
            () -> {
              started2.set();
              never.await(null);
            });
    a.start();
    b.start();
    assertTrue(started1.await(60.0));
    assertTrue(started2.await(60.0));
    assertTrue(a.isAlive());
    assertFalse(a.join(0.01));
    a.terminate();
    b.kill();
    a.join();
    b.join();
    assertEquals(-15, a.exitcode());
    assertEquals(-9, b.exitcode());
  }

  @Test
  void onExitForCoroutines() {
    Process p = new Process(() -> Math.abs(-1)); // prints nothing: stdout is the test runner's channel
    p.setDaemon(true);
    assertTrue(p.daemon());
    p.start();
    assertThrows(IllegalStateException.class, () -> p.setDaemon(false));
    try (EventLoop loop = EventLoop.create()) {
      assertEquals(0, loop.runUntilComplete(() -> Asyncio.await(p.onExit())));
    }
    assertTrue(p.toString().contains("exitcode=0"), p.toString());
  }

  @Test
  void targetThatCannotBeSerializedFailsInTheCaller() {
    Object lock = new Object();
    Process p = new Process(() -> lock.notify());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, p::start);
    assertTrue(e.getMessage().contains("java.lang.Object"), e.getMessage());
  }
}
