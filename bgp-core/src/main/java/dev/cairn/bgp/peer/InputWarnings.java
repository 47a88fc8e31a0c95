// RFC 7606 findings in one neighbor's UPDATEs, counted and logged rate-limited.
package dev.cairn.bgp.peer;

import dev.cairn.event.EventLoop;
import dev.cairn.net.IpAddress;
import java.time.Duration;

/**
 * One neighbor's RFC 7606 warnings (treat-as-withdraw, attribute discard): counted, and logged
 * rate-limited so that a peer sending a malformed attribute in every UPDATE cannot flood the log.
 * The first warning is logged at once; those that follow within {@link #INTERVAL} are counted and
 * summed up in one line when it ends, and so on. Runs on the speaker's loop and its clock.
 */
public final class InputWarnings {
  private static final System.Logger LOG = System.getLogger(InputWarnings.class.getName());

  /** At most one warning line per neighbor this often. */
  static final Duration INTERVAL = Duration.ofMinutes(1);

  private final EventLoop loop;
  private final IpAddress neighbor;
  private long treatAsWithdraw;
  private long attributesDiscarded;
  private long unknownDropped;
  private long lastLogged;
  private boolean logged;
  private int suppressed;
  private String lastSuppressed;
  private EventLoop.Timer summary;

  public InputWarnings(EventLoop loop, IpAddress neighbor) {
    this.loop = loop;
    this.neighbor = neighbor;
  }

  /** An UPDATE's routes were treated as withdrawn because {@code why}. */
  public void treatAsWithdraw(String why) {
    treatAsWithdraw++;
    warn("treat-as-withdraw: " + why);
  }

  /** An attribute was discarded because {@code why}; the routes stay. */
  public void discarded(String why) {
    attributesDiscarded++;
    warn("attribute discard: " + why);
  }

  /** Unknown attributes dropped as drop-unknown-attributes asks: counted, not logged. */
  public void unknownDropped() {
    unknownDropped++;
  }

  public long unknownDroppedCount() {
    return unknownDropped;
  }

  public long treatAsWithdrawCount() {
    return treatAsWithdraw;
  }

  public long attributesDiscardedCount() {
    return attributesDiscarded;
  }

  private void warn(String text) {
    long now = loop.nanoTime();
    if (!logged || (summary == null && now - lastLogged >= INTERVAL.toNanos())) {
      logged = true;
      lastLogged = now;
      LOG.log(System.Logger.Level.WARNING, "neighbor {0}: {1}", neighbor, text);
      return;
    }
    suppressed++;
    lastSuppressed = text;
    if (summary == null) {
      long left = INTERVAL.toNanos() - (now - lastLogged);
      summary = loop.schedule(Duration.ofNanos(Math.max(0, left)), this::summarize);
    }
  }

  private void summarize() {
    summary = null;
    if (suppressed == 0) {
      return;
    }
    LOG.log(
        System.Logger.Level.WARNING,
        "neighbor {0}: {1} more RFC 7606 warnings in the last {2} s, the last: {3}",
        neighbor,
        suppressed,
        INTERVAL.toSeconds(),
        lastSuppressed);
    suppressed = 0;
    lastSuppressed = null;
    lastLogged = loop.nanoTime();
  }

  /** Stops the pending summary (the neighbor is removed). */
  public void cancel() {
    if (summary != null) {
      summary.cancel();
      summary = null;
    }
  }
}
