package dev.cairn.event;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * How long the tasks of one {@link ThreadEventLoop} run: their number, their total time, and the
 * longest per second of the last minute. A task that holds a routing loop for seconds delays every
 * keepalive and hold timer behind it (DESIGN §3: a query must never do that), so this is what an
 * operator watches ({@code cairn_loop_task_seconds}) and what the tests assert on.
 *
 * <p>One writer, the loop's thread, and any number of readers: the writer does plain arithmetic and
 * publishes with opaque and release stores (plain stores on x86), so recording a task costs little
 * more than the clock read it needs; a reader may see a slot's second and its longest task one task
 * apart, which a metric can live with.
 */
public final class LoopStats {
  /** The longest task is kept per slot of this many nanoseconds ... */
  static final long SLOT = 1_000_000_000L;

  /** ... in a ring of this many slots (a power of two, longer than the minute reported). */
  static final int SLOTS = 64;

  /** What {@link #maxNanos()} looks back over. */
  static final long WINDOW = 60 * SLOT;

  private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);
  private static final VarHandle COUNT;
  private static final VarHandle TOTAL;

  static {
    try {
      MethodHandles.Lookup l = MethodHandles.lookup();
      COUNT = l.findVarHandle(LoopStats.class, "count", long.class);
      TOTAL = l.findVarHandle(LoopStats.class, "totalNanos", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private final String loop;
  private long count;
  private long totalNanos;
  private final long[] second = new long[SLOTS]; // which second a slot holds (nanoTime / SLOT)
  private final long[] longest = new long[SLOTS]; // its longest task

  LoopStats(String loop) {
    this.loop = loop;
    java.util.Arrays.fill(second, Long.MIN_VALUE);
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
    long s = Math.floorDiv(end, SLOT);
    int i = (int) (s & (SLOTS - 1));
    if (second[i] != s) {
      LONGS.setOpaque(longest, i, d); // a new second in this slot: its value, then its id
      LONGS.setRelease(second, i, s);
    } else if (d > longest[i]) {
      LONGS.setOpaque(longest, i, d);
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
   * The longest task that ended in the seconds from the one holding {@code since} to the one
   * holding {@code now} ({@link System#nanoTime()} values, at most {@link #SLOTS} seconds apart),
   * in nanoseconds; 0 when the loop ran nothing then.
   */
  public long maxNanos(long since, long now) {
    long from = Math.floorDiv(since, SLOT);
    long to = Math.floorDiv(now, SLOT);
    long max = 0;
    for (int i = 0; i < SLOTS; i++) {
      long s = (long) LONGS.getAcquire(second, i);
      if (s >= from && s <= to) {
        max = Math.max(max, (long) LONGS.getOpaque(longest, i));
      }
    }
    return max;
  }

  /** The longest task of the last minute, in nanoseconds (what the metric reports). */
  public long maxNanos() {
    long now = System.nanoTime();
    return maxNanos(now - WINDOW, now);
  }

  /** The second (of {@link System#nanoTime()}) that {@code t} falls in: tests wait for the next. */
  public static long second(long t) {
    return Math.floorDiv(t, SLOT);
  }
}
