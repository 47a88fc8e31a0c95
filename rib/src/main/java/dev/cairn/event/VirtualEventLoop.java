package dev.cairn.event;

import java.time.Duration;
import java.util.PriorityQueue;

/**
 * An event loop on virtual time for deterministic tests: nothing runs until the test calls {@link
 * #runPending()} or {@link #advance(Duration)}, which run due tasks in time order (and in posting
 * order at equal times) on the calling thread.
 */
public final class VirtualEventLoop implements EventLoop {
  private final PriorityQueue<Task> queue = new PriorityQueue<>();
  private long now;
  private long seq;
  private Thread owner;

  private final class Task implements Comparable<Task>, Timer {
    final long at;
    final long order;
    final Runnable body;
    boolean cancelled;

    Task(long at, Runnable body) {
      this.at = at;
      this.order = seq++;
      this.body = body;
    }

    @Override
    public int compareTo(Task o) {
      return at != o.at ? Long.compare(at, o.at) : Long.compare(order, o.order);
    }

    @Override
    public void cancel() {
      cancelled = true;
    }
  }

  @Override
  public void execute(Runnable task) {
    queue.add(new Task(now, task));
  }

  @Override
  public Timer schedule(Duration delay, Runnable task) {
    Task t = new Task(now + Math.max(0, delay.toNanos()), task);
    queue.add(t);
    return t;
  }

  @Override
  public long nanoTime() {
    return now;
  }

  @Override
  public boolean inLoop() {
    return owner == null || owner == Thread.currentThread();
  }

  /** Runs every task due now, including the ones they post for now. */
  public void runPending() {
    runUntil(now);
  }

  /** Moves the clock forward by {@code d}, running every task that falls due on the way. */
  public void advance(Duration d) {
    runUntil(now + d.toNanos());
  }

  private void runUntil(long until) {
    owner = Thread.currentThread();
    try {
      while (!queue.isEmpty() && queue.peek().at <= until) {
        Task t = queue.poll();
        now = Math.max(now, t.at);
        if (!t.cancelled) {
          t.body.run();
        }
      }
      now = Math.max(now, until);
    } finally {
      owner = null;
    }
  }

  /** Virtual time elapsed since the loop was made. */
  public Duration elapsed() {
    return Duration.ofNanos(now);
  }
}
