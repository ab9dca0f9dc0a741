package io.jasyncio.experiments;

import io.jasyncio.multiprocessing.JoinableProcessQueue;
import io.jasyncio.multiprocessing.Process;
import io.jasyncio.multiprocessing.ProcessQueue;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * The articles' "process + queue" row: N daemon {@link Process}es run the article's worker loop
 * ({@code get}, work, put the result, {@code taskDone}) on a {@link JoinableProcessQueue} of
 * jobs and a {@link ProcessQueue} of results; the parent adds every job, takes one result per
 * job, then {@code join}s the jobs queue. Then each worker gets a stop item and is joined, so no
 * child outlives the run.
 *
 * <p><b>Threads.</b> The caller's thread does the parent's part; the work runs in the children.
 *
 * {@snippet class=io.jasyncio.experiments.ExperimentsSnippetsTest region=processQueueModel}
 */
public final class ProcessQueueModel implements Model {
  @Override
  public String name() {
    return "process-queue";
  }

  @Override
  public boolean supports(Experiment e) {
    return true;
  }

  @Override
  public String description(Experiment e, int workers) {
    return workers + " Processes + JoinableProcessQueue";
  }

  @Override
  public int concurrency(Experiment e, int workers) {
    return workers;
  }

  @Override
  public Outcome run(Job job, int workers, Progress progress) throws Exception {
    JoinableProcessQueue<ProcessTasks.Work> jobs = new JoinableProcessQueue<>();
    ProcessQueue<ProcessTasks.Done> results = new ProcessQueue<>();
    List<ProcessTasks.Work> todo = new ArrayList<>();
    ProcessTasks.Kind kind;
    String dir = "";
    switch (job) {
      case Job.PageRequests r -> {
        kind = ProcessTasks.Kind.REQUEST;
        for (int i = 0; i < r.count(); i++) {
          todo.add(new ProcessTasks.Work(i, r.url()));
        }
      }
      case Job.Downloads d -> {
        kind = ProcessTasks.Kind.DOWNLOAD;
        Files.createDirectories(d.dir());
        dir = d.dir().toString();
        int i = 0;
        List<String> urls =
            Web.searchUrls(Web.client(), d.baseUrl(), d.word(), d.pages(), d.perPage());
        for (String url : urls) {
          todo.add(new ProcessTasks.Work(++i, url));
        }
      }
      case Job.Sums s -> {
        kind = ProcessTasks.Kind.SUM;
        for (int i = 1; i < s.n(); i++) {
          todo.add(new ProcessTasks.Work(i, null));
        }
      }
    }
    boolean verbose = progress.verbose();
    ProcessTasks.Kind k = kind;
    String folder = dir;
    List<Process> processes = new ArrayList<>();
    FirstResult first = new FirstResult();
    try {
      for (int w = 0; w < workers; w++) {
        Process p = new Process(() -> ProcessTasks.worker(jobs, results, k, folder, verbose));
        p.setDaemon(true);
        p.start();
        processes.add(p);
      }
      for (ProcessTasks.Work w : todo) {
        jobs.put(w);
      }
      long bytes = 0;
      double[] totals = new double[todo.size()];
      int failed = 0;
      for (int i = 0; i < todo.size(); i++) {
        ProcessTasks.Done d = results.get();
        first.arrived();
        if (d.bytes() < 0) {
          failed++;
        } else {
          bytes += d.bytes();
        }
        if (kind == ProcessTasks.Kind.SUM) {
          totals[d.index() - 1] = d.total();
        }
        progress.step();
      }
      jobs.join();
      if (failed > 0) {
        throw new IllegalStateException(
            failed + " item(s) failed in the workers (see their stderr)");
      }
      Double checksum = kind == ProcessTasks.Kind.SUM ? Sums.checksum(totals) : null;
      return new Outcome(todo.size(), bytes, checksum, first.seconds());
    } finally {
      for (int w = 0; w < processes.size(); w++) {
        jobs.put(ProcessTasks.Work.STOP);
      }
      for (Process p : processes) {
        if (!p.join(10)) {
          p.kill();
          p.join(5);
        }
      }
    }
  }
}
