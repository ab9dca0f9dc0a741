/**
 * The experiments tool, {@code ./jasyncio experiments}: the reference articles' timing tables
 * reproduced on real work on this machine, Java's concurrency models beside CPython's programs
 * and the articles' own figures.
 *
 * <p><b>Architecture.</b> {@link io.jasyncio.experiments.Experiments} parses the command line
 * ({@link io.jasyncio.experiments.Options}), starts the local stand-in for the web in a separate
 * JVM ({@link io.jasyncio.experiments.LocalWebProcess} running {@link
 * io.jasyncio.experiments.LocalWeb}), and runs each {@link io.jasyncio.experiments.Experiment}
 * under each {@link io.jasyncio.experiments.Model} of the {@link
 * io.jasyncio.experiments.Models} registry, then under each CPython program ({@link
 * io.jasyncio.experiments.PythonRunner}). Every run becomes a {@link
 * io.jasyncio.experiments.Row}; {@link io.jasyncio.experiments.Report} prints the tables and
 * writes CSV, JSON and a PNG chart per experiment. With {@code --repeat N} the models run N times
 * in rounds (every model once per round); a model's N rows are its {@link
 * io.jasyncio.experiments.Runs}, whose median the tables show.
 *
 * <p>A model is one class: it says which experiments it can run and runs a {@link
 * io.jasyncio.experiments.Job}. A new model is added by writing the class and listing it in
 * {@link io.jasyncio.experiments.Models}.
 *
 * <p><b>Threads.</b> The tool runs one model at a time from its main thread; a model may use
 * threads, an event loop or child processes of its own, and has stopped all of them when its
 * {@code run} returns. {@link io.jasyncio.experiments.Progress} is the only object that the
 * model's threads share with the tool, and it is thread-safe.
 */
package io.jasyncio.experiments;
