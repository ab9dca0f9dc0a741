package io.jasyncio.experiments;

import java.util.List;
import java.util.Set;

/**
 * One of the articles' CPython programs, as the tool runs it: the experiment and model it stands
 * for, its script (a resource beside this class, under {@code python/}), and the modules it
 * needs besides the standard library.
 *
 * <p><b>Threads.</b> Immutable.
 *
 * {@snippet class=io.jasyncio.experiments.ExperimentsSnippetsTest region=pythonProgram}
 *
 * @param experiment the experiment
 * @param model the row it fills (a {@link Model} name)
 * @param script the file name under {@code python/}
 * @param description the table's description for CPython
 * @param needs modules to import besides the standard library
 */
public record PythonProgram(
    Experiment experiment, String model, String script, String description, Set<String> needs) {

  /** Every program, in table order. */
  public static List<PythonProgram> all() {
    Set<String> req = Set.of("requests");
    Set<String> aio = Set.of("aiohttp");
    return List.of(
        new PythonProgram(
            Experiment.REQUESTS, "sequential", "requests_sequential.py",
            "requests.get in a loop", req),
        new PythonProgram(
            Experiment.REQUESTS, "coroutines", "requests_aiohttp.py",
            "aiohttp tasks, asyncio.wait", aio),
        new PythonProgram(
            Experiment.IO, "sequential", "io_sequential.py",
            "requests.get in a loop", req),
        new PythonProgram(
            Experiment.IO, "threads", "io_threads.py",
            "ThreadPoolExecutor, requests", req),
        new PythonProgram(
            Experiment.IO, "processes", "io_processes.py",
            "ProcessPoolExecutor, requests", req),
        new PythonProgram(
            Experiment.IO, "process-queue", "io_process_queue.py",
            "Process + JoinableQueue, requests", req),
        new PythonProgram(
            Experiment.IO, "coroutines", "io_aiohttp.py",
            "aiohttp tasks, one ClientSession", aio),
        new PythonProgram(
            Experiment.IO, "coroutines-blocking", "io_coroutines_blocking.py",
            "async def calling requests.get", req),
        new PythonProgram(
            Experiment.CPU, "sequential", "cpu_sequential.py",
            "one thread", Set.of()),
        new PythonProgram(
            Experiment.CPU, "threads", "cpu_threads.py",
            "ThreadPoolExecutor (GIL)", Set.of()),
        new PythonProgram(
            Experiment.CPU, "processes", "cpu_processes.py",
            "ProcessPoolExecutor", Set.of()),
        new PythonProgram(
            Experiment.CPU, "process-queue", "cpu_process_queue.py",
            "Process + JoinableQueue", Set.of()),
        new PythonProgram(
            Experiment.CPU, "coroutines", "cpu_coroutines.py",
            "tasks on one event loop", Set.of()));
  }

  /** The program for that experiment and model, or null when the articles have none. */
  public static PythonProgram find(Experiment e, String model) {
    for (PythonProgram p : all()) {
      if (p.experiment == e && p.model.equals(model)) {
        return p;
      }
    }
    return null;
  }
}
