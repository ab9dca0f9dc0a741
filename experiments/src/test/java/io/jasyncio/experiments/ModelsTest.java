package io.jasyncio.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every Java model at a tiny scale: all files downloaded and verified, equal checksums. */
class ModelsTest {
  static final Scale SCALE = new Scale("test", 6, 0.01, 2, 5, 0.002, 0.0, 120, 5, 0);
  static final int WORKERS = 2;
  static LocalWeb web;
  static Manifest manifest;

  @BeforeAll
  static void start() throws Exception {
    web = LocalWeb.start(SCALE);
    manifest = Manifest.fetch(web.baseUrl());
  }

  @AfterAll
  static void stop() {
    web.close();
  }

  static List<Model> supporting(Experiment e) {
    List<Model> ms = new ArrayList<>();
    for (Model m : Models.all()) {
      if (m.supports(e)) {
        ms.add(m);
      }
    }
    return ms;
  }

  @Test
  void everyModelDownloadsEveryImageIntact(@TempDir Path tmp) throws Exception {
    assertTrue(supporting(Experiment.IO).size() >= 4);
    for (Model m : supporting(Experiment.IO)) {
      Path dir = tmp.resolve(m.name());
      Job job = new Job.Downloads(web.baseUrl(), "火影", SCALE.pages(), SCALE.perPage(), dir);
      Progress p = new Progress(m.name(), job.items(), null);
      m.prepare(job);
      Outcome o = m.run(job, WORKERS, p);
      Manifest.Check c = manifest.check(dir);
      assertTrue(c.ok(), m.name() + ": " + c.problems());
      assertEquals(10, c.files(), m.name());
      assertEquals(manifest.bytes(), o.bytes(), m.name());
      assertEquals(10, o.items(), m.name());
      assertEquals(10, p.done(), m.name() + " progress");
      assertNull(o.checksum());
      assertStartup(m, o);
    }
  }

  /** The models that start workers tell how long that took; the others start none. */
  static void assertStartup(Model m, Outcome o) {
    if (m.name().startsWith("process") || m.name().equals("cluster")) {
      assertNotNull(o.startup(), m.name() + " start-up");
      assertTrue(o.startup() > 0, m.name() + " start-up " + o.startup());
    } else {
      assertNull(o.startup(), m.name() + " start-up");
    }
  }

  @Test
  void everyModelMakesEveryRequest() throws Exception {
    for (Model m : supporting(Experiment.REQUESTS)) {
      Job job = new Job.PageRequests(web.baseUrl() + "/page", SCALE.requests());
      Progress p = new Progress(m.name(), job.items(), null);
      m.prepare(job);
      Outcome o = m.run(job, WORKERS, p);
      assertEquals(6, o.items(), m.name());
      assertEquals(6L * Catalogue.page().length, o.bytes(), m.name());
      assertEquals(6, p.done(), m.name());
      assertStartup(m, o);
    }
  }

  @Test
  void everyModelComputesTheSameTotals() throws Exception {
    double[] expected = new double[SCALE.sumCalls()];
    for (int i = 1; i < SCALE.sums(); i++) {
      expected[i - 1] = Sums.getSum(i);
    }
    double checksum = Sums.checksum(expected);
    assertTrue(supporting(Experiment.CPU).size() >= 3);
    for (Model m : supporting(Experiment.CPU)) {
      Job job = new Job.Sums(SCALE.sums());
      Progress p = new Progress(m.name(), job.items(), null);
      m.prepare(job);
      // The cluster model's workers are member JVMs: one is enough to check its totals.
      Outcome o = m.run(job, m.name().equals("cluster") ? 1 : WORKERS, p);
      assertEquals(SCALE.sumCalls(), o.items(), m.name());
      assertNotNull(o.checksum(), m.name());
      assertEquals(checksum, o.checksum(), 0.0, m.name());
      assertEquals(SCALE.sumCalls(), p.done(), m.name());
      assertStartup(m, o);
    }
  }

  @Test
  void getSumIsTheArticlesFormula() {
    assertEquals(0.0, Sums.getSum(1));
    double x1 = 1 + 1 + Math.sin(1) + Math.cos(1);
    double x2 = 0.5 + Math.sqrt(2) + Math.sin(2) + Math.cos(2);
    assertEquals(x1 + x2, Sums.getSum(3), 0.0);
  }

  @Test
  void verboseLinesAreTheArticles() throws Exception {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    Progress p = new Progress("sequential", 3, new java.io.PrintStream(bytes, true, "UTF-8"));
    new SequentialModel().run(new Job.Sums(4), 1, p);
    assertEquals("computing 1\ncomputing 2\ncomputing 3\n", bytes.toString("UTF-8"));
  }

  @Test
  void unknownModelNamesTheValidOnes() {
    UsageException e = assertThrows(UsageException.class, () -> Models.byName("fibers"));
    assertTrue(e.getMessage().contains("sequential, threads, processes"), e.getMessage());
  }
}
