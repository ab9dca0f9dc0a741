package io.jasyncio.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class OptionsTest {
  @Test
  void defaultsAreEveryExperimentAtTheQuickScale() {
    Options o = Options.parse(List.of());
    assertEquals(List.of(Experiment.REQUESTS, Experiment.IO, Experiment.CPU), o.experiments());
    assertEquals(Scale.quick(), o.scale());
    assertNull(o.models());
    assertEquals(4, o.workers());
    assertFalse(o.verbose());
    assertTrue(o.wants("processes"));
  }

  @Test
  void everyOptionIsRead() {
    Options o =
        Options.parse(
            List.of(
                "cpu", "io", "--full", "--models", "threads,sequential", "--workers", "8",
                "--out", "/tmp/x", "--verbose", "--python", "none", "--bandwidth", "512",
                "--keep-downloads"));
    assertEquals(List.of(Experiment.CPU, Experiment.IO), o.experiments());
    assertEquals("full", o.scale().name());
    assertEquals(512 * 1024, o.scale().bandwidth());
    assertEquals(List.of("threads", "sequential"), o.models());
    assertEquals(8, o.workers());
    assertEquals(Path.of("/tmp/x"), o.out());
    assertTrue(o.verbose() && o.keepDownloads());
    assertEquals("none", o.python());
    assertFalse(o.wants("coroutines"));
  }

  @Test
  void aRelativeOutputFolderIsMadeAbsolute() {
    Options o = Options.parse(List.of("--out", "target/experiments/mine"));
    assertEquals(Path.of("target/experiments/mine").toAbsolutePath(), o.out());
  }

  @Test
  void mistakesNameTheValidChoices() {
    assertEquals("unknown experiment 'disk'; valid experiments: requests, io, cpu",
        assertThrows(UsageException.class, () -> Options.parse(List.of("disk"))).getMessage());
    String m = mistake("--models", "threads,fibers");
    assertTrue(
        m.startsWith(
            "unknown model 'fibers'; valid models: sequential, threads, processes,"
                + " process-queue, coroutines"),
        m);
    assertEquals("--workers needs a whole number, not 'four'", mistake("--workers", "four"));
    assertEquals("--workers must be between 1 and 256, not 0", mistake("--workers", "0"));
    assertEquals("--out needs a value", mistake("--out"));
    assertEquals("unknown option '--fast'", mistake("--fast"));
    assertEquals(
        "unknown scale 'huge'; valid scales: quick, full, tiny", mistake("--scale", "huge"));
  }

  @Test
  void theClusterRowIsOffUnlessAskedFor() {
    Options none = Options.parse(List.of("cpu"));
    assertEquals(0, none.cluster());
    assertFalse(none.wants("cluster"));
    assertTrue(none.wants("threads"));
    Options three = Options.parse(List.of("cpu", "--cluster", "3"));
    assertEquals(3, three.cluster());
    assertTrue(three.wants("cluster"));
    Options two = Options.parse(List.of("cpu", "--cluster", "2", "--models", "sequential,cluster"));
    assertTrue(two.wants("cluster"));
    assertEquals(
        "the cluster model needs --cluster N (how many member JVMs)",
        mistake("--models", "cluster"));
    assertEquals("--cluster must be between 1 and 64 members, not 0", mistake("--cluster", "0"));
  }

  @Test
  void repeatIsOneUnlessGivenAndBetweenOneAndFifty() {
    assertEquals(1, Options.parse(List.of()).repeat());
    assertEquals(5, Options.parse(List.of("cpu", "--repeat", "5")).repeat());
    assertEquals(1, Options.parse(List.of("--repeat", "1")).repeat());
    assertEquals(50, Options.parse(List.of("--repeat", "50")).repeat());
    assertEquals("--repeat must be between 1 and 50, not 0", mistake("--repeat", "0"));
    assertEquals("--repeat must be between 1 and 50, not 51", mistake("--repeat", "51"));
    assertEquals("--repeat must be between 1 and 50, not -2", mistake("--repeat", "-2"));
    assertEquals("--repeat needs a whole number, not 'three'", mistake("--repeat", "three"));
    assertEquals("--repeat needs a whole number, not '2.5'", mistake("--repeat", "2.5"));
    assertEquals("--repeat needs a value", mistake("cpu", "--repeat"));
    assertTrue(Options.USAGE.contains("--repeat N"), Options.USAGE);
  }

  /** The message of the UsageException that parsing {@code args} throws. */
  private static String mistake(String... args) {
    return assertThrows(UsageException.class, () -> Options.parse(List.of(args))).getMessage();
  }
}
