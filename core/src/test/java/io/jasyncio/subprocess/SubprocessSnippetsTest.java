package io.jasyncio.subprocess;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jasyncio.Asyncio;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The examples of the subprocess package's javadoc ({@code {@snippet class=... region=...}}):
 * each region compiles here and runs (with {@code cat}, {@code sort} and {@code ls}), and what it
 * returns is what its comments say.
 */
@Timeout(60)
class SubprocessSnippetsTest {

  @Test
  void asyncProcess() {
    List<Object> got = Asyncio.run(() -> {
      // @start region="asyncProcess"
      AsyncProcess p = Subprocess.createSubprocessExec(List.of("cat"),
          Redirect.PIPE, Redirect.PIPE, Redirect.INHERIT);
      p.stdin().write("some data".getBytes());
      p.stdin().drain();
      p.stdin().close();
      byte[] echoed = p.stdout().read(-1);     // "some data"
      int status = p.waitFor();                // 0
      // @end
      return List.of(new String(echoed, StandardCharsets.UTF_8), status);
    });
    assertEquals(List.of("some data", 0), got);
  }

  @Test
  void output() {
    String got = Asyncio.run(() -> {
      AsyncProcess proc = Subprocess.createSubprocessExec(List.of("cat"),
          Redirect.PIPE, Redirect.PIPE, Redirect.INHERIT);
      // @start region="output"
      Output out = proc.communicate("input".getBytes());
      String text = new String(out.stdout(), StandardCharsets.UTF_8);   // "input", from cat
      // @end
      return text;
    });
    assertEquals("input", got);
  }

  @Test
  void redirect() {
    String got = Asyncio.run(() -> {
      // @start region="redirect"
      AsyncProcess p = Subprocess.createSubprocessExec(List.of("ls", "-l", "/no/such/file", "/"),
          Redirect.DEVNULL, Redirect.PIPE, Redirect.STDOUT);   // stderr merged into stdout
      // @end
      Output out = p.communicate(null);
      return new String(out.stdout(), StandardCharsets.UTF_8);
    });
    assertTrue(got.contains("/no/such/file"), got);   // ls's complaint, on stdout
  }

  @Test
  void subprocess() {
    String sorted =
        // @start region="subprocess"
        Asyncio.run(() -> {
          AsyncProcess p = Subprocess.createSubprocessShell("sort",
              Redirect.PIPE, Redirect.PIPE, Redirect.INHERIT);
          Output out = p.communicate("b\na\n".getBytes());
          return new String(out.stdout());                  // "a\nb\n"
        });
        // @end
    assertEquals("a\nb\n", sorted);
  }
}
