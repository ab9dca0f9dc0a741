package io.jasyncio.multiprocessing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.queues.QueueEmpty;
import io.jasyncio.queues.QueueFull;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/** No event loop here: runs under one engine only. */
@Timeout(180)
@EnabledIfSystemProperty(named = "jasyncio.engine", matches = "continuation")
class ProcessQueueTest {
  @Test
  void localBlockingTimeoutsAndNowait() {
    ProcessQueue<String> q = new ProcessQueue<>(2);
    assertTrue(q.empty());
    q.put("a");
    q.putNowait("b");
    assertTrue(q.full());
    assertEquals(2, q.qsize());
    assertThrows(QueueFull.class, () -> q.putNowait("c"));
    assertThrows(QueueFull.class, () -> q.put("c", true, 0.05));
    assertEquals("a", q.get());
    assertEquals("b", q.getNowait());
    assertThrows(QueueEmpty.class, q::getNowait);
    assertThrows(QueueEmpty.class, () -> q.get(true, 0.05));
    assertThrows(IllegalArgumentException.class, () -> new ProcessQueue<Object>().put(new Object()));
    q.close();
    assertThrows(IllegalStateException.class, () -> q.put("x"));
  }

  @Test
  void interruptedGetTakesNothing() throws Exception {
    ProcessQueue<String> q = new ProcessQueue<>();
    AtomicReference<Throwable> seen = new AtomicReference<>();
    CountDownLatch done = new CountDownLatch(1);
    Thread t =
        new Thread(
            () -> {
              try {
                q.get();
              } catch (Throwable e) {
                seen.set(e);
              }
              done.countDown();
            });
    t.start();
    t.interrupt();
    done.await();
    if (seen.get() != null) {
      assertTrue(seen.get() instanceof CancellationException, String.valueOf(seen.get()));
    }
    q.put("kept");
    assertEquals("kept", q.get(true, 10.0));
  }

  @Test
  void interruptedGetInAChildTakesNothingAndTheChildGoesOn() {
    ProcessQueue<String> q = new ProcessQueue<>();
    ProcessQueue<String> out = new ProcessQueue<>();
    Process p =
        new Process(
            () -> {
              AtomicReference<Throwable> seen = new AtomicReference<>();
              AtomicReference<Boolean> stillInterrupted = new AtomicReference<>();
              Thread t =
                  new Thread(
                      () -> {
                        try {
                          q.get();
                        } catch (Throwable e) {
                          seen.set(e);
                        }
                        stillInterrupted.set(Thread.currentThread().isInterrupted());
                      });
              t.start();
              t.interrupt(); // before, while or after it sends its request: it must give up
              try {
                t.join();
              } catch (InterruptedException e) {
                throw new IllegalStateException(e);
              }
              out.put(seen.get().getClass().getName() + " interrupted=" + stillInterrupted.get());
              out.put("got " + q.get()); // the connection still works
            });
    p.start();
    assertEquals(
        "java.util.concurrent.CancellationException interrupted=true", out.get(true, 60.0));
    q.put("kept");
    assertEquals("got kept", out.get(true, 60.0));
    p.join();
    assertEquals(0, p.exitcode());
    assertTrue(q.empty());
  }

  @Test
  void eventAcrossProcesses() {
    ProcessEvent ping = new ProcessEvent();
    ProcessEvent pong = new ProcessEvent();
    assertFalse(ping.isSet());
    assertFalse(ping.await(0.01));
    Process p =
        new Process(
            () -> {
              ping.await(null);
              pong.set();
            });
    p.start();
    ping.set();
    assertTrue(pong.await(60.0));
    p.join();
    ping.clear();
    assertFalse(ping.isSet());
  }

  @Test
  void taskDoneTooOftenIsAnError() {
    JoinableProcessQueue<Integer> q = new JoinableProcessQueue<>();
    q.put(1);
    assertFalse(q.join(0.01));
    q.get();
    q.taskDone();
    assertThrows(IllegalStateException.class, q::taskDone);
    q.join();
  }

  @Test
  void taskDoneTooOftenInAChildIsAnError() {
    JoinableProcessQueue<Integer> q = new JoinableProcessQueue<>();
    ProcessQueue<String> out = new ProcessQueue<>();
    ProcessEvent doneByParent = new ProcessEvent();
    q.put(1);
    Process p =
        new Process(
            () -> {
              q.get();
              q.taskDone(); // for the item it got: sent without awaiting a reply
              try {
                q.taskDone(); // one too many: asked, and reported at once
                out.put("no error at once");
              } catch (IllegalStateException e) {
                out.put("at once");
              }
              q.get();
              out.put("got");
              doneByParent.await(null);
              q.taskDone(); // the parent marked this item done already: one too many, reported late
              try {
                q.qsize();
                out.put("no late error");
              } catch (IllegalStateException e) {
                out.put("late");
              }
              q.taskDone(); // reported once only: this one is asked again, and too many again
              out.put("unreachable");
            });
    p.setDaemon(true);
    p.start();
    assertEquals("at once", out.get(true, 60.0));
    q.put(2);
    assertEquals("got", out.get(true, 60.0));
    q.taskDone(); // the last item, done by the parent
    doneByParent.set();
    assertEquals("late", out.get(true, 60.0));
    p.join();
    assertEquals(1, p.exitcode()); // the last taskDone threw
    assertTrue(out.empty());
    assertTrue(q.join(0.0));
    assertThrows(IllegalStateException.class, q::taskDone);
  }

  @Test
  void childPutsAndTaskDonesArriveBeforeItsEnd() {
    JoinableProcessQueue<Integer> q = new JoinableProcessQueue<>();
    ProcessQueue<Integer> out = new ProcessQueue<>();
    int n = 2_000;
    for (int i = 0; i < n; i++) {
      q.put(i);
    }
    Process p =
        new Process(
            () -> {
              for (int i = 0; i < n; i++) {
                out.put(q.get());
                q.taskDone();
              }
            });
    p.start();
    p.join();
    assertEquals(0, p.exitcode());
    assertTrue(q.join(0.0)); // every task done counted by the time the child counts as ended
    assertEquals(n, out.qsize());
    for (int i = 0; i < n; i++) {
      assertEquals(i, out.getNowait()); // FIFO, and every put there by the child's end
    }
  }

  @Test
  void aTaskDoneAloneReachesTheOwnerWhileTheChildWaitsOnSomethingElse() {
    JoinableProcessQueue<Integer> q = new JoinableProcessQueue<>();
    q.put(1);
    Process p =
        new Process(
            () -> {
              q.get();
              q.taskDone(); // deferred, and this process sends nothing more: the flusher writes it
              try {
                new CountDownLatch(1).await(); // waits for something that is not a shared object
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    p.setDaemon(true);
    p.start();
    try {
      assertTrue(q.join(120.0));
    } finally {
      p.kill();
      p.join();
    }
  }

  @Test
  void oneWayPutsAreCountedBeforeTheSameProcessesLaterCall() {
    int n = 3_000;
    JoinableProcessQueue<Integer> q = new JoinableProcessQueue<>();
    ProcessEvent put = new ProcessEvent();
    ProcessEvent checked = new ProcessEvent();
    Process p =
        new Process(
            () -> {
              for (int i = 0; i < n; i++) {
                q.put(i); // unbounded: sent without awaiting a reply, several to a write
              }
              put.set(); // a later call of the same process on an object of the same owner
              checked.await(null);
            });
    p.start();
    assertTrue(put.await(120.0));
    // every put is counted (and queued) once the set that came after it is seen, the child alive
    assertTrue(p.isAlive());
    assertEquals(n, q.qsize());
    assertFalse(q.join(0.0));
    for (int i = 0; i < n; i++) {
      assertEquals(i, q.getNowait());
      assertFalse(q.join(0.0)); // exact: the count reaches 0 with the last taskDone only
      q.taskDone();
    }
    assertTrue(q.join(0.0));
    checked.set();
    p.join();
    assertEquals(0, p.exitcode());
  }

  @Test
  void twoChildProducersKeepTheirOrderAndEveryItemArrivesOnce() {
    int n = 5_000;
    JoinableProcessQueue<int[]> q = new JoinableProcessQueue<>();
    List<Process> producers = new ArrayList<>();
    for (int w = 0; w < 2; w++) {
      int producer = w;
      Process p =
          new Process(
              () -> {
                for (int i = 0; i < n; i++) {
                  q.put(new int[] {producer, i});
                }
              });
      p.start();
      producers.add(p);
    }
    int[] next = new int[2];
    for (int k = 0; k < 2 * n; k++) {
      int[] item = q.get(true, 120.0);
      assertEquals(next[item[0]]++, item[1]); // per-producer order, nothing lost or duplicated
      q.taskDone();
    }
    for (Process p : producers) {
      p.join();
      assertEquals(0, p.exitcode());
    }
    assertEquals(n, next[0]);
    assertEquals(n, next[1]);
    assertTrue(q.empty());
    assertTrue(q.join(0.0));
  }

  @Test
  void aNonSerializableItemFailsTheChildsOneWayPut() {
    ProcessQueue<Object> q = new ProcessQueue<>();
    ProcessQueue<String> out = new ProcessQueue<>();
    Process p =
        new Process(
            () -> {
              q.put("before");
              try {
                q.put(new Object()); // unbounded: would go without a reply; fails here, in the caller
                out.put("no error");
              } catch (IllegalArgumentException e) {
                out.put(e.getMessage());
              }
              q.put("after");
            });
    p.start();
    String message = out.get(true, 120.0);
    // the same message as in this process: the item is serialized, and rejected, in the caller
    assertEquals(
        assertThrows(IllegalArgumentException.class, () -> q.put(new Object())).getMessage(),
        message);
    assertTrue(message.contains("java.lang.Object"), message);
    p.join();
    assertEquals(0, p.exitcode());
    assertEquals("before", q.getNowait());
    assertEquals("after", q.getNowait());
    assertTrue(q.empty());
  }

  @Test
  void aBoundedQueueBlocksAChildsPutUntilThereIsRoom() {
    JoinableProcessQueue<Integer> q = new JoinableProcessQueue<>(2);
    ProcessQueue<String> out = new ProcessQueue<>();
    Process p =
        new Process(
            () -> {
              q.put(1);
              q.put(2);
              try {
                q.putNowait(3);
                out.put("no QueueFull");
              } catch (QueueFull e) {
                out.put("full");
              }
              try {
                q.put(3, true, 0.05);
                out.put("no QueueFull after the timeout");
              } catch (QueueFull e) {
                out.put("full after the timeout");
              }
              q.put(3); // blocks until the parent takes an item
              out.put("put 3");
            });
    p.start();
    assertEquals("full", out.get(true, 120.0));
    assertEquals("full after the timeout", out.get(true, 120.0));
    assertEquals(2, q.qsize());
    assertTrue(q.full());
    assertFalse(q.join(0.0));
    assertEquals(1, q.get());
    assertEquals("put 3", out.get(true, 120.0));
    assertEquals(2, q.get());
    assertEquals(3, q.get());
    for (int i = 0; i < 3; i++) {
      assertFalse(q.join(0.0));
      q.taskDone();
    }
    assertTrue(q.join(0.0));
    p.join();
    assertEquals(0, p.exitcode());
  }

  @Test
  void twoWorkerProcessesTenThousandJobsEachResultOnce() {
    int n = 10_000;
    JoinableProcessQueue<Integer> jobs = new JoinableProcessQueue<>();
    ProcessQueue<Integer> results = new ProcessQueue<>();
    List<Process> workers = new ArrayList<>();
    for (int w = 0; w < 2; w++) {
      Process p =
          new Process(
              () -> {
                while (true) {
                  int job = jobs.get();
                  if (job < 0) {
                    jobs.taskDone();
                    return;
                  }
                  results.put(job);
                  jobs.taskDone();
                }
              });
      p.start();
      workers.add(p);
    }
    for (int i = 0; i < n; i++) {
      jobs.put(i);
    }
    jobs.put(-1);
    jobs.put(-1);
    jobs.join(); // every job marked done
    BitSet seen = new BitSet(n);
    for (int i = 0; i < n; i++) {
      int r = results.get(true, 60.0);
      assertFalse(seen.get(r), "duplicate " + r);
      seen.set(r);
    }
    assertEquals(n, seen.cardinality());
    assertTrue(results.empty());
    for (Process p : workers) {
      p.join();
      assertEquals(0, p.exitcode());
    }
  }
}
