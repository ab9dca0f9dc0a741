package io.jasyncio.generators;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jasyncio.Asyncio;
import io.jasyncio.Printed;
import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The examples of the generators package's javadoc ({@code {@snippet class=... region=...}}): each
 * region compiles here, and runs, and what it prints is what its comments say.
 */
class GeneratorsSnippetsTest {

  @Test
  void packageOverview() throws Exception {
    assertEquals(
        List.of("CREATED", "0", "10", "true", "11", "cleanup", "caught", "CLOSED", "null", "CLOSED", "[1, 2, 3]"),
        Printed.by(
            () -> {
              // @start region="package-overview"
              Generator<Integer, Integer, String> g = Generator.of(y -> {   // of: lazy, nothing runs yet
                int total = 0;
                try {
                  while (total < 100) {
                    Integer n = y.yield(total);                              // yield: out total, in n
                    total += n == null ? 1 : n;
                  }
                  return "reached " + total;
                } finally {
                  System.out.println("cleanup");                             // runs on close() too
                }
              });
              System.out.println(g.state());      // CREATED
              System.out.println(g.next());       // 0      (next = send(null))
              System.out.println(g.send(10));     // 10     (send: the value of the pending yield)
              System.out.println(g.hasNext());    // true   (runs ahead to the next yield: 11, buffered)
              System.out.println(g.next());       // 11     (the buffered value)
              try {
                g.throwInto(new IllegalArgumentException());  // raised at the yield, not caught there:
              } catch (IllegalArgumentException e) {           // "cleanup" is printed, and it comes out
                System.out.println("caught");
              }
              System.out.println(g.state());      // CLOSED
              System.out.println(g.returnValue()); // null (ended by an exception)

              Generator<Integer, Object, Void> h = Generator.of(y -> { while (true) y.yield(1); });
              h.next();
              h.close();                          // GeneratorExit at the yield, finally blocks run
              System.out.println(h.state());      // CLOSED

              Generator<Integer, Object, Void> outer = Generator.of(y -> {
                y.yieldAll(List.of(1, 2).iterator());                     // yield from an iterator
                String r = y.yieldFrom(Generator.<Integer, Object, String>of(z -> {
                  z.yield(3);
                  return "sub done";
                }));                                                      // yield from a generator
                return null;
              });
              System.out.println(outer.stream().toList());  // [1, 2, 3]
              // @end
            }));
  }

  @Test
  void asynchronousGenerator() throws Exception {
    assertEquals(
        List.of("1.0", "2.0", "3.0"),
        Printed.by(
            () -> {
              // @start region="async-generator"
              Asyncio.runVirtual(() -> {
                Generator<Double, Object, Void> ticks = Generator.of(y -> {
                  for (int i = 0; i < 3; i++) {
                    Asyncio.sleep(1);             // suspends the task driving the generator
                    y.yield(Asyncio.getRunningLoop().time());
                  }
                  return null;
                });
                for (double t : ticks) {
                  System.out.println(t);          // 1.0, 2.0, 3.0 (on the virtual clock)
                }
                return null;
              });
              // @end
            }));
  }

  @Test
  void generatorBasics() throws Exception {
    assertEquals(
        List.of("1", "2", "done"),
        Printed.by(
            () -> {
              // @start region="generator"
              Generator<Integer, Object, String> g = Generator.of(y -> {
                y.yield(1);
                y.yield(2);
                return "done";
              });
              for (int v : g) {
                System.out.println(v);            // 1, then 2
              }
              System.out.println(g.returnValue());  // done
              // @end
            }));
  }

  @Test
  void closeWithTryWithResources(@TempDir Path dir) throws Exception {
    Path path = Files.writeString(dir.resolve("lines.txt"), "first\nsecond\n");
    assertEquals(
        List.of("first", "reader closed"),
        Printed.by(
            () -> {
              // @start region="try-with-resources"
              try (Generator<String, Object, Void> lines = Generator.of(y -> {
                try (BufferedReader reader = Files.newBufferedReader(path)) {
                  for (String l; (l = reader.readLine()) != null; ) {
                    y.yield(l);
                  }
                } finally {
                  System.out.println("reader closed");
                }
                return null;
              })) {
                System.out.println(lines.next());     // first
              }                                       // close(): the reader is closed
              // @end
            }));
  }

  @Test
  void of() throws Exception {
    assertEquals(
        List.of("Hello"),
        Printed.by(
            () -> {
              // @start region="of"
              Generator<String, Object, Void> g = Generator.of(y -> {
                y.yield("Hello");
                y.yield("World");
                return null;
              });
              System.out.println(g.next());    // Hello
              // @end
            }));
  }

  @Test
  void primed() throws Exception {
    assertEquals(
        List.of("40.0", "45.0"),
        Printed.by(
            () -> {
              // @start region="primed"
              Generator<Double, Double, Void> averager = Generator.primed(y -> {
                double total = 0;
                int count = 0;
                Double average = null;
                while (true) {
                  total += y.yield(average);
                  average = total / ++count;
                }
              });
              System.out.println(averager.send(40.0));   // 40.0
              System.out.println(averager.send(50.0));   // 45.0
              // @end
            }));
  }

  @Test
  void next() throws Exception {
    assertEquals(
        List.of("1", "2"),
        Printed.by(
            () -> {
              // @start region="next"
              Generator<Integer, Object, Integer> g = Generator.of(y -> { y.yield(1); return 2; });
              System.out.println(g.next());          // 1
              try {
                g.next();
              } catch (StopIteration e) {
                System.out.println(e.value());       // 2
              }
              // @end
            }));
  }

  @Test
  void hasNext() throws Exception {
    assertEquals(
        List.of("true", "1", "false"),
        Printed.by(
            () -> {
              // @start region="hasNext"
              Generator<Integer, Object, Void> g = Generator.of(y -> { y.yield(1); return null; });
              System.out.println(g.hasNext());    // true (the body ran to yield(1))
              System.out.println(g.next());       // 1
              System.out.println(g.hasNext());    // false
              // @end
            }));
  }

  @Test
  void send() throws Exception {
    assertEquals(
        List.of("Hello", "World"),
        Printed.by(
            () -> {
              // @start region="send"
              Generator<String, String, Void> coro = Generator.of(y -> {
                String hello = y.yield("Hello");
                y.yield(hello);
                return null;
              });
              System.out.println(coro.next());          // Hello
              System.out.println(coro.send("World"));   // World
              // @end
            }));
  }

  @Test
  void throwInto() throws Exception {
    assertEquals(
        List.of("waiting", "caught x"),
        Printed.by(
            () -> {
              // @start region="throwInto"
              Generator<String, Object, Void> g = Generator.of(y -> {
                while (true) {
                  try {
                    y.yield("waiting");
                  } catch (IllegalArgumentException e) {
                    y.yield("caught " + e.getMessage());
                  }
                }
              });
              System.out.println(g.next());                                       // waiting
              System.out.println(g.throwInto(new IllegalArgumentException("x")));  // caught x
              // @end
            }));
  }

  @Test
  void close() throws Exception {
    assertEquals(
        List.of("cleanup"),
        Printed.by(
            () -> {
              // @start region="close"
              try (Generator<Integer, Object, Void> g = Generator.of(y -> {
                try {
                  while (true) y.yield(1);
                } finally {
                  System.out.println("cleanup");
                }
              })) {
                g.next();
              }                          // prints cleanup
              // @end
            }));
  }

  @Test
  void closeAndGetValue() throws Exception {
    assertEquals(
        List.of("0", "null"),
        Printed.by(
            () -> {
              // @start region="closeAndGetValue"
              Generator<Integer, Object, Integer> g = Generator.of(y -> {
                try {
                  y.yield(1);
                } catch (GeneratorExit e) {
                  return 0;
                }
                return 1;
              });
              g.next();
              System.out.println(g.closeAndGetValue());   // 0
              System.out.println(g.closeAndGetValue());   // null
              // @end
            }));
  }

  @Test
  void stream() throws Exception {
    assertEquals(
        List.of("[0, 1, 2]", "CLOSED"),
        Printed.by(
            () -> {
              // @start region="stream"
              Generator<Integer, Object, Void> naturals = Generator.of(y -> {
                for (int i = 0; ; i++) y.yield(i);
              });
              try (Stream<Integer> s = naturals.stream()) {
                System.out.println(s.limit(3).toList());   // [0, 1, 2]
              }                                            // closing the stream closes the generator
              System.out.println(naturals.state());        // CLOSED
              // @end
            }));
  }

  @Test
  void yielder() throws Exception {
    assertEquals(
        List.of("0", "5", "15"),
        Printed.by(
            () -> {
              // @start region="yielder"
              Generator<Integer, Integer, Void> running = Generator.of(y -> {
                int total = 0;
                while (true) {
                  Integer n = y.yield(total);       // hands total out, receives the next sent value
                  total += n == null ? 0 : n;
                }
              });
              System.out.println(running.next());      // 0
              System.out.println(running.send(5));     // 5
              System.out.println(running.send(10));    // 15
              // @end
            }));
  }

  @Test
  void yield() throws Exception {
    assertEquals(
        List.of("ready", "heard hello"),
        Printed.by(
            () -> {
              // @start region="yield"
              Generator<String, String, Void> echo = Generator.of(y -> {
                String heard = y.yield("ready");
                y.yield("heard " + heard);
                return null;
              });
              System.out.println(echo.next());          // ready
              System.out.println(echo.send("hello"));   // heard hello
              // @end
            }));
  }

  @Test
  void yieldFrom() throws Exception {
    assertEquals(
        List.of("inner done", "[1, 2, 3]"),
        Printed.by(
            () -> {
              // @start region="yieldFrom"
              Generator<Integer, Object, String> inner = Generator.of(y -> {
                y.yield(1);
                y.yield(2);
                return "inner done";
              });
              Generator<Integer, Object, Void> outer = Generator.of(y -> {
                String r = y.yieldFrom(inner);      // yields 1, 2; r = "inner done"
                System.out.println(r);
                y.yield(3);
                return null;
              });
              System.out.println(outer.stream().toList());   // inner done, then [1, 2, 3]
              // @end
            }));
  }

  @Test
  void yieldAll() throws Exception {
    assertEquals(
        List.of("[0, 1, 2]"),
        Printed.by(
            () -> {
              // @start region="yieldAll"
              Generator<Integer, Object, Void> g = Generator.of(y -> {
                y.yieldAll(List.of(0, 1, 2).iterator());
                return null;
              });
              System.out.println(g.stream().toList());   // [0, 1, 2]
              // @end
            }));
  }

  @Test
  void handling() throws Exception {
    assertEquals(
        List.of("recovering", "bad key"),
        Printed.by(
            () -> {
              // @start region="handling"
              Generator<String, Object, Void> g = Generator.of(y -> {
                try {
                  throw new IllegalArgumentException("bad key");
                } catch (IllegalArgumentException e) {
                  y.handling(e).yield("recovering");   // what is thrown in here keeps e as suppressed
                }
                return null;
              });
              System.out.println(g.next());            // recovering
              try {
                g.throwInto(new IllegalStateException("gave up"));
              } catch (IllegalStateException e) {
                System.out.println(e.getSuppressed()[0].getMessage());   // bad key
              }
              // @end
            }));
  }

  @Test
  void generatorBody() throws Exception {
    assertEquals(
        List.of("[3, 2, 1]", "lift-off"),
        Printed.by(
            () -> {
              // @start region="body"
              GeneratorBody<Integer, Object, String> countdown = y -> {
                for (int i = 3; i > 0; i--) {
                  y.yield(i);
                }
                return "lift-off";
              };
              Generator<Integer, Object, String> g = Generator.of(countdown);
              System.out.println(g.stream().toList());   // [3, 2, 1]
              System.out.println(g.returnValue());       // lift-off
              // @end
            }));
  }

  @Test
  void generatorExit() throws Exception {
    assertEquals(
        List.of("tick", "cleaned up"),
        Printed.by(
            () -> {
              // @start region="exit"
              Generator<String, Object, Void> g = Generator.of(y -> {
                try {
                  while (true) y.yield("tick");
                } finally {
                  System.out.println("cleaned up");  // runs on close()
                }
              });
              System.out.println(g.next());            // tick
              g.close();                               // cleaned up
              // @end
            }));
  }

  @Test
  void generatorState() throws Exception {
    assertEquals(
        List.of("CREATED", "1", "SUSPENDED", "CLOSED"),
        Printed.by(
            () -> {
              // @start region="state"
              Generator<Integer, Object, Void> g = Generator.of(y -> { y.yield(1); return null; });
              System.out.println(g.state());   // CREATED
              System.out.println(g.next());    // 1
              System.out.println(g.state());   // SUSPENDED
              g.close();
              System.out.println(g.state());   // CLOSED
              // @end
            }));
  }

  @Test
  void stopIteration() throws Exception {
    assertEquals(
        List.of("1", "done"),
        Printed.by(
            () -> {
              // @start region="stop"
              Generator<Integer, Object, String> g = Generator.of(y -> { y.yield(1); return "done"; });
              System.out.println(g.next());           // 1
              try {
                g.next();
              } catch (StopIteration e) {
                System.out.println(e.value());        // done
              }
              // @end
            }));
  }
}
