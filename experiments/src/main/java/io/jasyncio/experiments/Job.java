package io.jasyncio.experiments;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The work one model does in one run: page requests, image downloads or sums.
 *
 * <p><b>Threads.</b> Immutable records.
 *
 * {@snippet class=io.jasyncio.experiments.ExperimentsSnippetsTest region=job}
 */
public sealed interface Job {
  /** How many items the progress bar counts: requests, images or getSum calls. */
  int items();

  /** Article 001: {@code count} GET requests of {@code url}, bodies read and counted. */
  record PageRequests(String url, int count) implements Job {
    public PageRequests {
      Objects.requireNonNull(url, "url");
    }

    @Override
    public int items() {
      return count;
    }
  }

  /**
   * Article 003's downloads: {@code pages} search pages of {@code perPage} image URLs, fetched
   * one after another as {@code getManyPages} does, then every image saved into {@code dir} as
   * {@code N.jpg}.
   */
  record Downloads(String baseUrl, String word, int pages, int perPage, Path dir) implements Job {
    public Downloads {
      Objects.requireNonNull(baseUrl, "baseUrl");
      Objects.requireNonNull(word, "word");
      Objects.requireNonNull(dir, "dir");
    }

    @Override
    public int items() {
      return pages * perPage;
    }
  }

  /** Article 003's CPU job: {@code getSum(i)} for i = 1 .. n - 1, every total kept. */
  record Sums(int n) implements Job {
    @Override
    public int items() {
      return n - 1;
    }
  }
}
