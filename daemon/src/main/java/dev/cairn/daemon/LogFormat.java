package dev.cairn.daemon;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** One line per event on stderr (journald adds its own timestamps under systemd). */
final class LogFormat extends Formatter {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

  static void install(Level level) {
    Logger root = Logger.getLogger("");
    for (Handler h : root.getHandlers()) {
      root.removeHandler(h);
    }
    ConsoleHandler h = new ConsoleHandler();
    h.setFormatter(new LogFormat());
    h.setLevel(level);
    root.addHandler(h);
    root.setLevel(level);
  }

  @Override
  public String format(LogRecord r) {
    String msg = formatMessage(r);
    String where = r.getLoggerName();
    where = where == null ? "" : where.substring(where.lastIndexOf('.') + 1);
    StringBuilder sb =
        new StringBuilder()
            .append(TIME.format(Instant.ofEpochMilli(r.getMillis())))
            .append(' ')
            .append(r.getLevel().getName())
            .append(' ')
            .append(where)
            .append(": ")
            .append(msg)
            .append('\n');
    if (r.getThrown() != null) {
      sb.append("  ").append(r.getThrown()).append('\n');
    }
    return sb.toString();
  }

  /**
   * A LogManager whose shutdown reset is skipped, so that what cairnd logs while it stops (Cease to
   * each neighbor) still reaches the journal; the JDK's own shutdown hook would close the handlers
   * first. Selected with {@code -Djava.util.logging.manager} by {@link Cairnd} before any logger
   * exists.
   */
  public static final class Manager extends java.util.logging.LogManager {
    @Override
    public void reset() {
      // keep the handlers: the process is exiting anyway
    }
  }
}
