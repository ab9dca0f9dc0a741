package io.jasyncio;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Records what jasyncio logs through {@code System.getLogger("io.jasyncio")} while open (through
 * the tests' {@link TestLoggerFinder}).
 *
 * {@snippet :
 * try (LogCapture log = new LogCapture()) {
 *   ...
 *   assertNotNull(log.await("took", 5));
 * }
 * }
 */
final class LogCapture implements AutoCloseable {
  private final List<TestLoggerFinder.Entry> records = new ArrayList<>();
  private final Consumer<TestLoggerFinder.Entry> listener =
      e -> {
        if (e.logger().startsWith("io.jasyncio")) {
          synchronized (records) {
            records.add(e);
            records.notifyAll();
          }
        }
      };

  LogCapture() {
    // Make sure the tests' finder serves System.getLogger (and not the JDK's default).
    if (!(System.LoggerFinder.getLoggerFinder() instanceof TestLoggerFinder)) {
      throw new IllegalStateException("TestLoggerFinder is not installed");
    }
    TestLoggerFinder.LISTENERS.add(listener);
  }

  /** The records so far. */
  List<TestLoggerFinder.Entry> records() {
    synchronized (records) {
      return List.copyOf(records);
    }
  }

  /** The records whose message contains {@code text}. */
  List<TestLoggerFinder.Entry> matching(String text) {
    return records().stream().filter(r -> String.valueOf(r.message()).contains(text)).toList();
  }

  /** Waits up to {@code seconds} for a record whose message contains {@code text}; else null. */
  TestLoggerFinder.Entry await(String text, double seconds) throws InterruptedException {
    long deadline = System.nanoTime() + (long) (seconds * 1e9);
    synchronized (records) {
      while (true) {
        for (TestLoggerFinder.Entry r : records) {
          if (String.valueOf(r.message()).contains(text)) {
            return r;
          }
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return null;
        }
        TimeUnit.NANOSECONDS.timedWait(records, left);
      }
    }
  }

  @Override
  public void close() {
    TestLoggerFinder.LISTENERS.remove(listener);
  }
}
