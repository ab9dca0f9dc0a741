package io.jasyncio.experiments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Runs the articles' CPython programs ({@link PythonProgram}) with an interpreter found on this
 * machine, and reads what they report: a byte {@code \x06} per item done (for the progress bar)
 * and a last line {@code RESULT {"items", "bytes", "checksum", "seconds"}}. A program that fails
 * or prints no result line gives an error, never a made-up row.
 *
 * <p><b>Threads.</b> One program at a time from the calling thread; the child's standard output
 * is read on that thread.
 *
 * {@snippet class=io.jasyncio.experiments.ExperimentsSnippetsTest region=pythonRunner}
 */
public final class PythonRunner {
  static final int TICK = 0x06;
  static final String RESULT = "RESULT ";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What the tool tells the user to install when a module is missing (Debian's packages). */
  public static final String INSTALL_HINT = "apt-get install python3-requests python3-aiohttp";

  private PythonRunner() {}

  /**
   * An interpreter and what it can import.
   *
   * @param command the interpreter's path or name
   * @param version its version, as {@code sys.version} starts
   * @param modules the modules of {@code requests}, {@code aiohttp} that it can import
   */
  public record Interpreter(String command, String version, Set<String> modules) {
    /** Whether it has every module the program needs. */
    public boolean canRun(PythonProgram p) {
      return modules.containsAll(p.needs());
    }

    /** The modules the program needs that are missing. */
    public Set<String> missing(PythonProgram p) {
      Set<String> m = new LinkedHashSet<>(p.needs());
      m.removeAll(modules);
      return m;
    }
  }

  /**
   * The interpreter to use: {@code requested} if given (a path or a name on the PATH); else the
   * first of {@code python3} on the PATH and {@code /usr/bin/python3} that imports both
   * {@code requests} and {@code aiohttp}, else the one that imports the most. Null when none runs.
   */
  public static Interpreter find(String requested) {
    List<String> candidates =
        requested != null ? List.of(requested) : List.of("python3", "/usr/bin/python3");
    Interpreter best = null;
    for (String c : candidates) {
      Interpreter i = probe(c);
      if (i == null) {
        continue;
      }
      if (best == null || i.modules().size() > best.modules().size()) {
        best = i;
      }
      if (i.modules().size() == 2) {
        break;
      }
    }
    return best;
  }

  /** Asks {@code command} for its version and modules; null if it does not run. */
  static Interpreter probe(String command) {
    String code =
        "import sys, importlib.util as u\n"
            + "print(sys.version.split()[0])\n"
            + "print(' '.join(m for m in ('requests', 'aiohttp') if u.find_spec(m)))\n";
    try {
      Process p =
          new ProcessBuilder(command, "-c", code)
              .redirectErrorStream(true)
              .redirectInput(ProcessBuilder.Redirect.PIPE)
              .start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        p.destroyForcibly();
        return null;
      }
      String[] lines = new String(out, StandardCharsets.UTF_8).split("\n", -1);
      Set<String> modules = new LinkedHashSet<>();
      if (lines.length > 1) {
        for (String m : lines[1].trim().split(" ")) {
          if (!m.isEmpty()) {
            modules.add(m);
          }
        }
      }
      return new Interpreter(command, lines[0].trim(), modules);
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /**
   * What a program reported.
   *
   * @param items items done
   * @param bytes bytes received
   * @param checksum the sums' checksum, or null
   * @param seconds the time the program measured itself, as the articles' programs do
   */
  public record Result(int items, long bytes, Double checksum, double seconds) {}

  /** Copies the programs out of the class path into {@code dir} (the interpreter needs files). */
  public static Path extractScripts(Path dir) {
    try {
      Files.createDirectories(dir);
      for (PythonProgram p : PythonProgram.all()) {
        try (InputStream in = PythonRunner.class.getResourceAsStream("python/" + p.script())) {
          if (in == null) {
            throw new IllegalStateException("missing resource python/" + p.script());
          }
          Files.write(dir.resolve(p.script()), in.readAllBytes());
        }
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the CPython programs to " + dir, e);
    }
  }

  /**
   * Runs {@code script} with {@code args}; every tick byte steps {@code progress}; other lines are
   * passed to {@code echo} (null to drop them). Throws with the program's own words when it fails.
   */
  public static Result run(
      Interpreter py, Path script, List<String> args, Progress progress, PrintStream echo)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(py.command());
    cmd.add("-u");
    cmd.add(script.toAbsolutePath().toString()); // the process runs in the script's folder
    cmd.addAll(args);
    Process p =
        new ProcessBuilder(cmd)
            .directory(script.getParent().toFile())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    p.getOutputStream().close();
    String result = null;
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    try (InputStream in = p.getInputStream()) {
      int b;
      while ((b = in.read()) >= 0) {
        if (b == TICK) {
          progress.step();
        } else if (b == '\n') {
          String s = line.toString(StandardCharsets.UTF_8);
          line.reset();
          if (s.startsWith(RESULT)) {
            result = s.substring(RESULT.length());
          } else if (echo != null) {
            echo.println(s);
          }
        } else {
          line.write(b);
        }
      }
    } finally {
      if (p.isAlive() && !p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
    int code = p.waitFor();
    if (code != 0) {
      throw new IOException(script.getFileName() + " exited with status " + code);
    }
    if (result == null) {
      throw new IOException(script.getFileName() + " printed no RESULT line");
    }
    return parse(result);
  }

  static Result parse(String json) throws IOException {
    JsonNode n = JSON.readTree(json);
    if (!n.has("items") || !n.has("seconds")) {
      throw new IOException("a RESULT line needs items and seconds: " + json);
    }
    JsonNode c = n.get("checksum");
    return new Result(
        n.get("items").asInt(),
        n.path("bytes").asLong(),
        c == null || c.isNull() ? null : c.asDouble(),
        n.get("seconds").asDouble());
  }
}
