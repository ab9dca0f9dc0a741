package io.jasyncio.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CPython runner against a stub interpreter: a shell script that prints a known result. */
class PythonRunnerTest {
  static Path stub(Path dir, String body) throws IOException {
    Path s = dir.resolve("python-stub");
    Files.writeString(s, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(s, PosixFilePermissions.fromString("rwx------"));
    return s;
  }

  @Test
  void ticksStepTheProgressAndTheResultLineIsRead(@TempDir Path tmp) throws Exception {
    Path py = stub(tmp, """
        [ "$1" = "-u" ] || exit 9
        [ "$3" = "http://x" ] || exit 8
        printf '\\006\\006hello\\n\\006'
        echo 'RESULT {"items": 3, "bytes": 12, "checksum": 1.25, "seconds": 0.5}'
        """);
    Path script = Files.writeString(tmp.resolve("s.py"), "");
    Progress p = new Progress("CPython stub", 3, null);
    ByteArrayOutputStream echo = new ByteArrayOutputStream();
    PythonRunner.Result r = PythonRunner.run(
        new PythonRunner.Interpreter(py.toString(), "3.99", Set.of()), script,
        List.of("http://x", "out", "1", "1", "4", "0"),
        p,
        new PrintStream(echo, true, StandardCharsets.UTF_8));
    assertEquals(new PythonRunner.Result(3, 12, 1.25, 0.5), r);
    assertEquals(3, p.done());
    assertEquals("hello\n", echo.toString(StandardCharsets.UTF_8));
  }

  @Test
  void aScriptGivenByARelativePathIsFoundFromTheScriptsOwnFolder(@TempDir Path tmp)
      throws Exception {
    // The program runs in its own folder: a path relative to this JVM's folder must not reach
    // the interpreter as it is (it would name a file that is not there).
    Path py = stub(tmp, """
        [ -f "$2" ] || { echo "no such file: $2" >&2; exit 7; }
        echo 'RESULT {"items": 1, "bytes": 0, "checksum": 0, "seconds": 0.1}'
        """);
    Path script = Files.writeString(tmp.resolve("s.py"), "");
    Path relative = Path.of("").toAbsolutePath().relativize(script);
    PythonRunner.Result r = PythonRunner.run(
        new PythonRunner.Interpreter(py.toString(), "3.99", Set.of()), relative, List.of(),
        new Progress("x", 1, null), null);
    assertEquals(1, r.items());
  }

  @Test
  void aFailingProgramGivesNoRow(@TempDir Path tmp) throws Exception {
    Path script = Files.writeString(tmp.resolve("s.py"), "");
    PythonRunner.Interpreter failing =
        new PythonRunner.Interpreter(stub(tmp, "exit 3").toString(), "3", Set.of());
    IOException e = assertThrows(IOException.class,
        () -> PythonRunner.run(failing, script, List.of(), new Progress("x", 1, null), null));
    assertEquals("s.py exited with status 3", e.getMessage());
    PythonRunner.Interpreter silent =
        new PythonRunner.Interpreter(stub(tmp, "echo hi").toString(), "3", Set.of());
    e = assertThrows(IOException.class,
        () -> PythonRunner.run(silent, script, List.of(), new Progress("x", 1, null), null));
    assertEquals("s.py printed no RESULT line", e.getMessage());
  }

  @Test
  void probeReadsVersionAndModules(@TempDir Path tmp) throws Exception {
    Path py = stub(tmp, "echo 3.12.1; echo requests");
    PythonRunner.Interpreter i = PythonRunner.probe(py.toString());
    assertEquals(new PythonRunner.Interpreter(py.toString(), "3.12.1", Set.of("requests")), i);
    PythonProgram aio = PythonProgram.find(Experiment.IO, "coroutines");
    assertFalse(i.canRun(aio));
    assertEquals(Set.of("aiohttp"), i.missing(aio));
    assertTrue(i.canRun(PythonProgram.find(Experiment.IO, "threads")));
    assertNull(PythonRunner.probe(tmp.resolve("no-such-python").toString()));
    assertNull(PythonRunner.find(stub(tmp, "exit 1").toString()));
  }

  @Test
  void everyProgramIsAResource(@TempDir Path tmp) throws Exception {
    PythonRunner.extractScripts(tmp);
    for (PythonProgram p : PythonProgram.all()) {
      String text = Files.readString(tmp.resolve(p.script()));
      assertTrue(text.contains("RESULT "), p.script());
      assertTrue(text.contains("\\x06"), p.script());
    }
  }
}
