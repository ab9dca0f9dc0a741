package io.jasyncio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Guards the layering of DESIGN.md. The engine rule reads the compiled classes' constant pools
 * for references to the engine package; the package rules read the Java sources of every Maven
 * module of the repository (imports and fully qualified names, comments left out), so that they
 * reach the modules that depend on core too:
 *
 * <ul>
 *   <li>the coroutine engine is reached only by the loop proper (package io.jasyncio) and by
 *       generators;
 *   <li>no module has a cycle between its packages (in core, the root package, {@code
 *       internal.*} and {@code generators} count as one, the kernel: generators are the engine's
 *       second client, and {@code Future} refuses a {@code StopIteration} as asyncio's does);
 *   <li>{@code internal.io} reaches no public package but the root one;
 *   <li>nothing outside core imports {@code io.jasyncio.internal};
 *   <li>{@code locks} and {@code queues} use the public API only (and {@code internal.util}, whose
 *       helpers are themselves built on the public API only).
 * </ul>
 */
class LayeringTest {
  private static final Pattern IMPORT =
      Pattern.compile("(?m)^import\\s+(?:static\\s+)?([\\w.]+)\\s*;");
  private static final Pattern QUALIFIED =
      Pattern.compile("\\b((?:[a-z][a-z0-9_]*\\.)+)[A-Z]\\w*");
  private static final Pattern PACKAGE = Pattern.compile("(?m)^package\\s+([\\w.]+)\\s*;");
  private static final Pattern COMMENTS =
      Pattern.compile("(?s)/\\*.*?\\*/|//[^\\n]*|\"(?:[^\"\\\\\\n]|\\\\.)*\"");

  /** One source file: its module, its package and the io.jasyncio packages it references. */
  record Source(String module, Path file, String pkg, Set<String> refs) {}

  @Test
  void noModuleHasAPackageCycle() throws IOException {
    Map<String, Map<String, Set<String>>> graphs = new TreeMap<>();
    for (Source s : sources()) {
      Map<String, Set<String>> g = graphs.computeIfAbsent(s.module(), m -> new TreeMap<>());
      String from = node(s.pkg());
      Set<String> out = g.computeIfAbsent(from, k -> new TreeSet<>());
      for (String r : s.refs()) {
        String to = node(r);
        if (!to.equals(from) && isPackageOfModule(s.module(), r)) {
          out.add(to);
        }
      }
    }
    List<String> cycles = new ArrayList<>();
    for (Map.Entry<String, Map<String, Set<String>>> e : graphs.entrySet()) {
      for (List<String> c : cycles(e.getValue())) {
        cycles.add(e.getKey() + ": " + String.join(" -> ", c));
      }
    }
    assertEquals(List.of(), cycles, "package cycles");
  }

  @Test
  void internalIoReachesNoPublicPackageButTheRoot() throws IOException {
    List<String> offenders = new ArrayList<>();
    for (Source s : sources()) {
      if (s.pkg().equals("io.jasyncio.internal.io")) {
        for (String r : s.refs()) {
          if (!r.equals("io.jasyncio") && !r.startsWith("io.jasyncio.internal")) {
            offenders.add(s.file().getFileName() + " -> " + r);
          }
        }
      }
    }
    assertEquals(List.of(), offenders, "internal.io reaching up");
  }

  @Test
  void nothingOutsideCoreImportsTheInternals() throws IOException {
    List<String> offenders = new ArrayList<>();
    int modules = 0;
    for (Source s : sources()) {
      if (!s.module().equals("core")) {
        modules++;
        for (String r : s.refs()) {
          if (r.startsWith("io.jasyncio.internal")) {
            offenders.add(s.module() + "/" + s.file().getFileName() + " -> " + r);
          }
        }
      }
    }
    assertTrue(modules > 0, "found no source outside core");
    assertEquals(List.of(), offenders, "io.jasyncio.internal used outside core");
  }

  @Test
  void locksAndQueuesUseThePublicApiOnly() throws IOException {
    List<String> offenders = new ArrayList<>();
    for (Source s : sources()) {
      boolean client = s.pkg().equals("io.jasyncio.locks") || s.pkg().equals("io.jasyncio.queues");
      boolean util = s.pkg().equals("io.jasyncio.internal.util");
      if (!s.module().equals("core") || !(client || util)) {
        continue;
      }
      for (String r : s.refs()) {
        boolean allowed = !r.startsWith("io.jasyncio.internal")
            || client && r.equals("io.jasyncio.internal.util");
        if (!allowed) {
          offenders.add(s.file().getFileName() + " -> " + r);
        }
      }
    }
    assertEquals(List.of(), offenders, "locks/queues reaching the engine or the I/O internals");
  }

  /** The node of the package graph: the root package, internal.* and generators are the kernel. */
  private static String node(String pkg) {
    return pkg.equals("io.jasyncio") || pkg.startsWith("io.jasyncio.internal")
        || pkg.equals("io.jasyncio.generators") ? "kernel" : pkg;
  }

  private static boolean isPackageOfModule(String module, String pkg) {
    // References to another module's packages cannot close a cycle inside this one; the graph of
    // a module is completed with the packages its own sources declare (see sources()).
    return MODULE_PACKAGES.getOrDefault(module, Set.of()).contains(pkg);
  }

  private static final Map<String, Set<String>> MODULE_PACKAGES = new TreeMap<>();

  /** Every cycle's packages, one list per strongly connected component of more than one node. */
  private static List<List<String>> cycles(Map<String, Set<String>> g) {
    List<List<String>> out = new ArrayList<>();
    Map<String, Integer> index = new TreeMap<>();
    Map<String, Integer> low = new TreeMap<>();
    Deque<String> stack = new ArrayDeque<>();
    Set<String> onStack = new TreeSet<>();
    int[] counter = {0};
    for (String v : g.keySet()) {
      if (!index.containsKey(v)) {
        strongConnect(v, g, index, low, stack, onStack, counter, out);
      }
    }
    return out;
  }

  private static void strongConnect(String v, Map<String, Set<String>> g,
      Map<String, Integer> index, Map<String, Integer> low, Deque<String> stack,
      Set<String> onStack, int[] counter, List<List<String>> out) {
    index.put(v, counter[0]);
    low.put(v, counter[0]);
    counter[0]++;
    stack.push(v);
    onStack.add(v);
    for (String w : g.getOrDefault(v, Set.of())) {
      if (!index.containsKey(w)) {
        strongConnect(w, g, index, low, stack, onStack, counter, out);
        low.put(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.contains(w)) {
        low.put(v, Math.min(low.get(v), index.get(w)));
      }
    }
    if (low.get(v).equals(index.get(v))) {
      List<String> component = new ArrayList<>();
      String w;
      do {
        w = stack.pop();
        onStack.remove(w);
        component.add(w);
      } while (!w.equals(v));
      if (component.size() > 1) {
        out.add(component);
      }
    }
  }

  /** The main sources of every Maven module beside core (the repository root is core/..). */
  private static List<Source> sources() throws IOException {
    Path root = Path.of("").toAbsolutePath();
    if (!Files.exists(root.resolve("src/main/java/module-info.java"))) {
      throw new IllegalStateException("run from core's directory, not " + root);
    }
    Path repo = root.getParent();
    List<Source> out = new ArrayList<>();
    try (Stream<Path> modules = Files.list(repo)) {
      for (Path m : (Iterable<Path>) modules.sorted()::iterator) {
        Path src = m.resolve("src/main/java");
        if (!Files.exists(m.resolve("pom.xml")) || !Files.isDirectory(src)) {
          continue;
        }
        String module = m.getFileName().toString();
        try (Stream<Path> files = Files.walk(src)) {
          for (Path f : (Iterable<Path>) files.filter(x -> x.toString().endsWith(".java"))::iterator) {
            String text = Files.readString(f);
            Matcher pm = PACKAGE.matcher(text);
            if (!pm.find()) {
              continue;
            }
            String pkg = pm.group(1);
            MODULE_PACKAGES.computeIfAbsent(module, k -> new TreeSet<>()).add(pkg);
            Set<String> refs = new TreeSet<>();
            Matcher im = IMPORT.matcher(text);
            while (im.find()) {
              addPackage(refs, im.group(1));
            }
            String code = COMMENTS.matcher(text).replaceAll(" ");
            code = IMPORT.matcher(PACKAGE.matcher(code).replaceAll(" ")).replaceAll(" ");
            Matcher qm = QUALIFIED.matcher(code);
            while (qm.find()) {
              String p = qm.group(1);
              addPackage(refs, p + "X");
            }
            refs.remove(pkg);
            out.add(new Source(module, f, pkg, refs));
          }
        }
      }
    }
    return out;
  }

  /** Adds the io.jasyncio package of a type name ({@code a.b.Type} or {@code a.b.Type.member}). */
  private static void addPackage(Set<String> refs, String name) {
    if (!name.startsWith("io.jasyncio")) {
      return;
    }
    String[] parts = name.split("\\.");
    StringBuilder pkg = new StringBuilder();
    for (String part : parts) {
      if (!part.isEmpty() && Character.isUpperCase(part.charAt(0))) {
        break;
      }
      if (pkg.length() > 0) {
        pkg.append('.');
      }
      pkg.append(part);
    }
    refs.add(pkg.toString());
  }

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
