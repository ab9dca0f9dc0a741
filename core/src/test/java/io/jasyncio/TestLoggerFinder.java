package io.jasyncio;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.text.MessageFormat;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The tests' {@link System.LoggerFinder} (registered in META-INF/services): prints records of
 * level INFO and above to standard error, as the JDK's default does, and hands every record to the
 * listeners that {@link LogCapture} registers.
 */
public final class TestLoggerFinder extends System.LoggerFinder {
  /** One log call. */
  public record Entry(String logger, System.Logger.Level level, String message, Throwable thrown) {}

  static final List<Consumer<Entry>> LISTENERS = new CopyOnWriteArrayList<>();

  public TestLoggerFinder() {}

  @Override
  public System.Logger getLogger(String name, Module module) {
    return new Recorder(name);
  }

  private record Recorder(String name) implements System.Logger {
    @Override
    public String getName() {
      return name;
    }

    @Override
    public boolean isLoggable(Level level) {
      return level != Level.OFF;
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
      publish(new Entry(name, level, msg, thrown));
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
      String msg = params == null || params.length == 0 ? format : MessageFormat.format(format, params);
      publish(new Entry(name, level, msg, null));
    }

    private void publish(Entry e) {
      for (Consumer<Entry> l : LISTENERS) {
        l.accept(e);
      }
      if (e.level().getSeverity() >= Level.INFO.getSeverity()) {
        StringWriter out = new StringWriter();
        out.append(e.level().getName()).append(' ').append(name).append(": ").append(e.message());
        if (e.thrown() != null) {
          out.append('\n');
          e.thrown().printStackTrace(new PrintWriter(out));
        }
        System.err.println(out);
      }
    }
  }
}
