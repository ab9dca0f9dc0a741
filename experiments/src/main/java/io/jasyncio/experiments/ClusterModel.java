package io.jasyncio.experiments;

import io.jasyncio.cluster.ClusterExecutor;
import io.jasyncio.cluster.LocalCluster;
import io.jasyncio.concurrent.ResultIterator;
import java.util.ArrayList;
import java.util.List;

/**
 * The row that could grow beyond one machine: the sums on a Hazelcast cluster of N member JVMs
 * ({@link LocalCluster} on 127.0.0.1, started in the run, so its time includes the members'
 * start), through {@link ClusterExecutor#map} with a chunk of {@value #CHUNKSIZE} sums per call,
 * results in order. Off unless {@code --cluster N} is given: on one machine the members only
 * share its cores. See docs/cluster.md for what the row predicts on more machines.
 *
 * <p><b>Threads.</b> The members compute; the caller reads the results in order and stops the
 * cluster before returning.
 *
 * {@snippet class=io.jasyncio.experiments.ExperimentsSnippetsTest region=clusterModel}
 */
public final class ClusterModel implements Model {
  /** Sums per call: a call then costs far more than its round trip. */
  static final int CHUNKSIZE = 20;

  @Override
  public String name() {
    return "cluster";
  }

  @Override
  public boolean supports(Experiment e) {
    return e == Experiment.CPU;
  }

  @Override
  public String description(Experiment e, int workers) {
    // Fits the table's 38 characters: the members' start is the part a reader must not miss.
    return workers + " member JVMs, their start timed, map";
  }

  @Override
  public int concurrency(Experiment e, int workers) {
    return workers * Runtime.getRuntime().availableProcessors();
  }

  @Override
  public Outcome run(Job job, int workers, Progress progress) throws Exception {
    if (!(job instanceof Job.Sums s)) {
      throw new IllegalArgumentException("the cluster model runs the sums only, not " + job);
    }
    progress.say("starting " + workers + " cluster members");
    FirstResult first = new FirstResult();
    try (LocalCluster cluster = LocalCluster.start(workers);
        ClusterExecutor executor = cluster.executor()) {
      List<Integer> nums = new ArrayList<>(s.n() - 1);
      for (int i = 1; i < s.n(); i++) {
        nums.add(i);
      }
      double[] totals = new double[nums.size()];
      try (ResultIterator<Double> it = executor.map(Sums::getSum, nums, null, CHUNKSIZE)) {
        for (int i = 0; it.hasNext(); i++) {
          totals[i] = it.next();
          first.arrived();
          progress.say("computed " + (i + 1));
          progress.step();
        }
      }
      return new Outcome(totals.length, 0, Sums.checksum(totals), first.seconds());
    }
  }
}
