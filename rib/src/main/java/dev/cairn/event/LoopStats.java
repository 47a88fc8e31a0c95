package dev.cairn.event;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * How long the tasks of one {@link ThreadEventLoop} run: their number, their total time and the
 * longest of the last one to two minutes. A task that holds a routing loop for seconds delays every
 * keepalive and hold timer behind it (DESIGN §3: a query must never do that), so this is what an
 * operator watches ({@code cairn_loop_task_seconds}) and what the tests assert on.
 *
 * <p>One writer, the loop's thread, and any number of readers: the writer does plain arithmetic and
 * publishes with opaque stores (a plain store on x86), so recording a task costs little more than
 * the clock read it needs; a reader may see the three values of one window a task apart, which a
 * metric can live with.
 */
public final class LoopStats {
  /** The longest task is kept per window of this many nanoseconds (the last two are reported). */
  static final long WINDOW = 60_000_000_000L;

  private static final VarHandle COUNT;
  private static final VarHandle TOTAL;
  private static final VarHandle MAX;
  private static final VarHandle PREVIOUS_MAX;
  private static final VarHandle WINDOW_START;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      COUNT = l.findVarHandle(LoopStats.class, "count", long.class);
      TOTAL = l.findVarHandle(LoopStats.class, "totalNanos", long.class);
      MAX = l.findVarHandle(LoopStats.class, "max", long.class);
      PREVIOUS_MAX = l.findVarHandle(LoopStats.class, "previousMax", long.class);
      WINDOW_START = l.findVarHandle(LoopStats.class, "windowStart", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final String loop;
  private final long window;
  private long count;
  private long totalNanos;
  private long max; // the longest task of the window that began at windowStart
  private long previousMax; // ... of the window before it
  private long windowStart;

  LoopStats(String loop, long startNanos) {
    this(loop, startNanos, WINDOW);
  }

  LoopStats(String loop, long startNanos, long window) {
    this.loop = loop;
    this.window = window;
    this.windowStart = startNanos;
  }

  /** The name of the loop (its thread's name: {@code bgp}, {@code rib}, ...). */
  public String loop() {
    return loop;
  }

  /** Records a task that ran from {@code start} to {@code end} ({@link System#nanoTime()}). */
  void record(long start, long end) {
    long d = end - start;
    COUNT.setOpaque(this, count + 1);
    TOTAL.setOpaque(this, totalNanos + d);
    long age = end - windowStart;
    if (age >= window) {
      // a new window: the one ending becomes the previous one (unless it ended long ago)
      PREVIOUS_MAX.setOpaque(this, age >= 2 * window ? 0L : max);
      MAX.setOpaque(this, 0L);
      WINDOW_START.setOpaque(this, end - age % window);
    }
    if (d > max) {
      MAX.setOpaque(this, d);
    }
  }

  /** Tasks run so far. */
  public long count() {
    return (long) COUNT.getOpaque(this);
  }

  /** Their total time, in nanoseconds. */
  public long totalNanos() {
    return (long) TOTAL.getOpaque(this);
  }

  /**
   * The longest task of the last one to two windows before {@code now} ({@link System#nanoTime()}),
   * in nanoseconds; 0 when the loop ran nothing meanwhile.
   */
  public long maxNanos(long now) {
    long start = (long) WINDOW_START.getOpaque(this);
    long current = (long) MAX.getOpaque(this);
    long previous = (long) PREVIOUS_MAX.getOpaque(this);
    long age = now - start;
    if (age >= 2 * window) {
      return 0;
    }
    return age >= window ? current : Math.max(current, previous);
  }

  /** As {@link #maxNanos(long)}, now. */
  public long maxNanos() {
    return maxNanos(System.nanoTime());
  }
}
