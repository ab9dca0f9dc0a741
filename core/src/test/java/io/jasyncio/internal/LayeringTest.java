package io.jasyncio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Guards the layering of DESIGN.md: the coroutine engine is reached only by the loop proper
 * (package io.jasyncio) and by generators; every other package is built on the public API.
 * Reads the compiled classes' constant pools for references to the engine package.
 */
class LayeringTest {
  private static final String ENGINE = "io/jasyncio/internal/engine/";

  @Test
  void onlyTheLoopAndGeneratorsUseTheEngine() throws Exception {
    Path root = classesRoot();
    List<String> offenders = new ArrayList<>();
    int scanned = 0;
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
        String rel = root.relativize(p).toString().replace('\\', '/');
        scanned++;
        String pkg = rel.contains("/") ? rel.substring(0, rel.lastIndexOf('/') + 1) : "";
        boolean allowed =
            pkg.equals("io/jasyncio/")
                || pkg.equals("io/jasyncio/generators/")
                || pkg.startsWith(ENGINE);
        if (!allowed && references(p, ENGINE)) {
          offenders.add(rel);
        }
      }
    }
    assertFalse(scanned < 10, "found too few classes under " + root);
    assertEquals(List.of(), offenders, "classes that reach into the engine");
  }

  private static boolean references(Path classFile, String prefix) throws IOException {
    String text = new String(Files.readAllBytes(classFile), StandardCharsets.ISO_8859_1);
    return text.contains(prefix);
  }

  private static Path classesRoot() throws Exception {
    Path p = Path.of(io.jasyncio.Asyncio.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    return p;
  }
}
