package dev.cairn.event;

import java.time.Duration;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * An event loop on one named daemon thread. Tasks go through a lock-free queue (posting is one CAS;
 * a routing loop receives millions of them), timers through a small heap; the thread parks when
 * there is nothing to do. A task that throws an exception is logged, becomes the loop's last error
 * in {@link Health}, and the loop goes on; a task that throws an {@link Error} (its state can no
 * longer be trusted) ends the loop and the process ({@link Health.Reporter#fatal}). Every task and
 * timer is timed into the loop's {@link LoopStats} (one clock read per task).
 */
public final class ThreadEventLoop implements EventLoop, AutoCloseable {
  private static final System.Logger LOG = System.getLogger(ThreadEventLoop.class.getName());

  private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final PriorityQueue<Scheduled> timers = new PriorityQueue<>(); // guarded by itself
  private final Thread thread;
  private final LoopStats stats;
  private final Health.Reporter health;
  private volatile boolean running = true;
  private volatile boolean sleeping;
  private long seq;

  /** A timer: when it is due, in order of scheduling among equal deadlines. */
  private static final class Scheduled implements Comparable<Scheduled>, Timer {
    final long due;
    final long seq;
    final Runnable task;
    volatile boolean cancelled;

    Scheduled(long due, long seq, Runnable task) {
      this.due = due;
      this.seq = seq;
      this.task = task;
    }

    @Override
    public int compareTo(Scheduled o) {
      int c = Long.compare(due, o.due);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }

    @Override
    public void cancel() {
      cancelled = true;
    }
  }

  /** A loop named {@code name} reporting to {@link Health#process()}. */
  public ThreadEventLoop(String name) {
    this(name, Health.process());
  }

  /** A loop named {@code name} reporting to {@code health} as component {@code name}. */
  public ThreadEventLoop(String name, Health health) {
    stats = new LoopStats(name);
    this.health = health.register(name);
    thread = new Thread(this::loop, name);
    thread.setDaemon(true);
    thread.start();
  }

  private void run(Runnable task) {
    try {
      task.run();
    } catch (RuntimeException e) {
      LOG.log(System.Logger.Level.ERROR, "task failed on " + Thread.currentThread().getName(), e);
      health.error(e.toString());
    } catch (Error e) {
      running = false; // whatever the Exit does, this loop runs nothing more
      health.fatal(e);
    }
  }

  /** How long this loop's tasks run. */
  public LoopStats stats() {
    return stats;
  }

  private void loop() {
    while (running) {
      Runnable t;
      int n = 0;
      long start = System.nanoTime();
      while (running && (t = tasks.poll()) != null) {
        run(t);
        long end = System.nanoTime();
        stats.record(start, end);
        start = end;
        if ((++n & 255) == 0) {
          runDueTimers(); // timers (hold, keepalive) are not starved by a long burst of tasks
        }
      }
      long wait = runDueTimers();
      sleeping = true;
      if (tasks.isEmpty() && running) {
        LockSupport.parkNanos(this, wait);
      }
      sleeping = false;
    }
  }

  /** Runs the timers that are due; returns nanoseconds until the next one (or a long while). */
  private long runDueTimers() {
    while (running) {
      Scheduled s;
      long now = System.nanoTime();
      synchronized (timers) {
        s = timers.peek();
        if (s == null) {
          return 1_000_000_000L;
        }
        if (s.due - now > 0) {
          return s.due - now;
        }
        timers.poll();
      }
      if (!s.cancelled) {
        run(s.task);
        stats.record(now, System.nanoTime());
      }
    }
    return 0;
  }

  @Override
  public void execute(Runnable task) {
    tasks.offer(task);
    if (sleeping) {
      LockSupport.unpark(thread);
    }
  }

  @Override
  public Timer schedule(Duration delay, Runnable task) {
    Scheduled s;
    synchronized (timers) {
      s = new Scheduled(System.nanoTime() + delay.toNanos(), seq++, task);
      timers.add(s);
    }
    if (!inLoop()) {
      LockSupport.unpark(thread); // it may be parked past the new deadline
    }
    return s;
  }

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public boolean inLoop() {
    return Thread.currentThread() == thread;
  }

  @Override
  public void close() {
    health.close();
    running = false;
    LockSupport.unpark(thread);
  }

  /** Timers in the queue, cancelled ones included (they leave it when they are due). */
  public int timersQueued() {
    synchronized (timers) {
      return timers.size();
    }
  }

  /** Timers in the queue that are not cancelled. */
  public int timersPending() {
    synchronized (timers) {
      return (int) timers.stream().filter(s -> !s.cancelled).count();
    }
  }
}
