package io.jasyncio.examples;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * One runnable program of the reference articles: its command-line name, the article it comes
 * from, a one-line summary, and its body, which takes the {@link Env} it runs in.
 *
 * {@snippet class=io.jasyncio.examples.ExamplesSnippetsTest region=program}
 *
 * @param name the name {@code ./jasyncio examples NAME} knows it by
 * @param article the reference article, "000" to "004"
 * @param summary what it shows, in one line
 * @param body the program
 */
public record Program(String name, String article, String summary, Consumer<Env> body) {
  public Program {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(article, "article");
    Objects.requireNonNull(summary, "summary");
    Objects.requireNonNull(body, "body");
  }

  /** Runs the program in {@code env}. */
  public void run(Env env) {
    body.accept(Objects.requireNonNull(env, "env"));
  }
}
