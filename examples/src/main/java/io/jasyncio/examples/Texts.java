package io.jasyncio.examples;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Python's text forms of times, so that the programs print what the articles show. */
final class Texts {
  private static final DateTimeFormatter DATETIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS", Locale.ROOT);
  private static final DateTimeFormatter CTIME =
      DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ROOT);

  private Texts() {}

  /** {@code str(datetime)}, always with microseconds: {@code 2017-03-05 11:36:37.000000}. */
  static String datetime(LocalDateTime t) {
    return DATETIME.format(t);
  }

  /** {@code time.ctime()}: {@code Sun Mar  5 11:36:37 2017}. */
  static String ctime(LocalDateTime t) {
    return CTIME.format(t);
  }

  /** {@code str(timedelta)}: {@code 0:00:01} or {@code 0:00:01.000058}. */
  static String timedelta(Duration d) {
    long micros = d.toNanos() / 1000;
    String sign = micros < 0 ? "-" : "";
    micros = Math.abs(micros);
    long seconds = micros / 1_000_000;
    long frac = micros % 1_000_000;
    String s =
        String.format(
            Locale.ROOT, "%s%d:%02d:%02d", sign, seconds / 3600, seconds / 60 % 60, seconds % 60);
    return frac == 0 ? s : s + String.format(Locale.ROOT, ".%06d", frac);
  }
}
