package io.jasyncio.experiments;

import io.jasyncio.Asyncio;
import io.jasyncio.Coroutine;
import java.util.ArrayList;
import java.util.List;

/**
 * The articles' coroutine row: one task per item on one event loop, gathered. For the sums every
 * task computes without ever suspending, so the tasks take turns on the loop's one thread:
 * coroutines bring no speed to CPU-bound work, and the table shows it.
 *
 * <p><b>Threads.</b> Runs an event loop on the caller's thread ({@link Asyncio#run}).
 *
 * {@snippet :
 * Outcome o = new CoroutinesModel().run(new Job.Sums(1000), 1, progress);
 * }
 */
public final class CoroutinesModel implements Model {
  @Override
  public String name() {
    return "coroutines";
  }

  @Override
  public boolean supports(Experiment e) {
    return e == Experiment.CPU;
  }

  @Override
  public String description(Experiment e, int workers) {
    return e == Experiment.CPU ? "tasks on one event loop" : "tasks on one event loop, ClientSession";
  }

  @Override
  public int concurrency(Experiment e, int workers) {
    return e == Experiment.CPU ? 1 : 100;
  }

  @Override
  public Outcome run(Job job, int workers, Progress progress) throws Exception {
    return switch (job) {
      case Job.Sums s ->
          Asyncio.run(
              () -> {
                List<Coroutine<Double>> sums = new ArrayList<>(s.n() - 1);
                for (int i = 1; i < s.n(); i++) {
                  int num = i;
                  sums.add(
                      () -> {
                        progress.say("computing " + num);
                        double t = Sums.getSum(num);
                        progress.step();
                        return t;
                      });
                }
                List<Double> totals = Asyncio.await(Asyncio.gatherCoroutines(sums));
                return new Outcome(totals.size(), 0, Sums.checksum(ThreadsModel.unbox(totals)));
              });
      default -> throw new UnsupportedOperationException("coroutines: no HTTP client yet for " + job);
    };
  }
}
