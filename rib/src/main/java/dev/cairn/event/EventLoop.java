package dev.cairn.event;

import java.time.Duration;

/**
 * The single thread that owns a piece of routing state (DESIGN §3): the BGP speaker, each OSPF
 * instance, the RIB, the FIB writer. Other threads post work to it; timers run on it. Two
 * implementations: {@link ThreadEventLoop} for the daemon and {@link VirtualEventLoop} with a
 * virtual clock for deterministic tests.
 */
public interface EventLoop {

  /** Runs {@code task} on the loop, after the tasks already posted. */
  void execute(Runnable task);

  /** Runs {@code task} on the loop once {@code delay} has passed. */
  Timer schedule(Duration delay, Runnable task);

  /** Monotonic time in nanoseconds (only differences mean anything). */
  long nanoTime();

  /** True when called from the loop's own thread. */
  boolean inLoop();

  /**
   * Throws unless called from the loop's own thread: the owner of some state calls it at its entry
   * points, so a call from another thread fails at once instead of racing.
   */
  default void assertInLoop() {
    if (!inLoop()) {
      throw new IllegalStateException(
          "called on thread " + Thread.currentThread().getName() + ", not on the owning loop");
    }
  }

  /** A scheduled task that can be cancelled. */
  interface Timer {
    /** Cancels the task if it has not run; harmless otherwise. */
    void cancel();
  }
}
