// Backpressure: how much the connections of one owner loop may have waiting (DESIGN §3).
package dev.cairn.bgp.transport;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the connections of one owner loop may have waiting for it, together (DESIGN §3): a
 * connection that hands over messages while more than {@link #HIGH} wait stops reading, and every
 * stopped connection reads again once fewer than {@link #LOW} do. Counted per connection, ten
 * neighbors sending a table at once had ten times as much waiting; what waits through two young
 * collections is promoted, and a 10-feeder full table left some 45 MB of decoded UPDATEs in the old
 * generation. Thread-safe: I/O threads add and pause, the owner's loop takes away.
 */
final class InboundBudget {
  // (2048 UPDATEs of a full table are some 8000 routes, milliseconds of the owner's work: enough to
  // keep it busy while the I/O thread starts reading again. 1024 for all connections made 4 feeders
  // of one table 10-20% slower; 2048 kept 10 feeders' peak as low: 248-249 MB, 245-252 with 1024)
  static final int HIGH = 2048;
  static final int LOW = 512;

  private final AtomicInteger queued = new AtomicInteger();
  private final ConcurrentLinkedQueue<Runnable> paused = new ConcurrentLinkedQueue<>();

  /** {@code n} more messages wait; returns whether the connection that sent them must pause. */
  boolean add(int n) {
    return queued.addAndGet(n) > HIGH;
  }

  /** A connection has paused; {@code resume} starts it again once the owner has caught up. */
  void pause(Runnable resume) {
    paused.add(resume);
    if (queued.get() < LOW) {
      resumeAll(); // (the owner caught up while it paused: nobody else would wake it)
    }
  }

  /** The owner has handled {@code n} messages. */
  void done(int n) {
    if (queued.addAndGet(-n) < LOW) {
      resumeAll();
    }
  }

  /** Messages waiting for the owner (for tests). */
  int queued() {
    return queued.get();
  }

  private void resumeAll() {
    for (Runnable r; (r = paused.poll()) != null; ) {
      r.run();
    }
  }
}
