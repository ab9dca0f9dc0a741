package io.jasyncio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/**
 * Ordering helper in the style of kotlinx.coroutines' TestBase: each step of an interleaving
 * calls {@code expect(n)} with the number it must have; {@code finish(n)} ends the sequence.
 *
 * {@snippet :
 * expect(1);
 * Task<Void> t = loop.createTask(() -> { expect(3); return null; });
 * expect(2);
 * loop.runUntilComplete(t);
 * finish(4);
 * }
 */
public abstract class TestBase {
  private int actionIndex;
  private boolean finished;
  private final List<String> errors = new ArrayList<>();

  /** Asserts this is step {@code index} of the sequence. */
  protected final void expect(int index) {
    int was = ++actionIndex;
    if (was != index) {
      String msg = "expected action " + index + " but this is action " + was;
      errors.add(msg);
      fail(msg);
    }
  }

  /** The last step: asserts its number and that the sequence is complete. */
  protected final void finish(int index) {
    expect(index);
    finished = true;
  }

  /** Checks, after each test that used expect(), that finish() was reached. */
  @AfterEach
  final void checkFinished() {
    if (actionIndex > 0 && !finished && errors.isEmpty()) {
      fail("expect() was used but finish() was never reached (last action " + actionIndex + ")");
    }
    assertEquals(List.of(), errors, "ordering errors");
  }
}
