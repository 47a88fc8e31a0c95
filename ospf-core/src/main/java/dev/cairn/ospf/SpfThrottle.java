package dev.cairn.ospf;

import dev.cairn.event.EventLoop;
import dev.cairn.event.EventLoop.Timer;
import java.time.Duration;

/**
 * SPF throttling: the first run after a quiet period waits {@code initial}; runs that follow
 * closely wait a hold time that doubles up to {@code max} and falls back to {@code hold} once the
 * network has been quiet for the current hold time.
 */
final class SpfThrottle {
  private final EventLoop loop;
  private final long initial;
  private final long hold;
  private final long max;
  private final Runnable spf;
  private long currentHold;
  private long lastRun = Long.MIN_VALUE / 2;
  private Timer pending;

  SpfThrottle(EventLoop loop, Duration initial, Duration hold, Duration max, Runnable spf) {
    this.loop = loop;
    this.initial = initial.toNanos();
    this.hold = hold.toNanos();
    this.max = max.toNanos();
    this.currentHold = this.hold;
    this.spf = spf;
  }

  void trigger() {
    if (pending != null) {
      return;
    }
    long now = loop.nanoTime();
    long since = now - lastRun;
    long wait;
    if (since >= currentHold) {
      wait = initial;
      if (since >= 2 * currentHold) {
        currentHold = hold;
      }
    } else {
      wait = Math.max(initial, currentHold - since);
      currentHold = Math.min(max, currentHold * 2);
    }
    pending = loop.schedule(Duration.ofNanos(wait), this::run);
  }

  private void run() {
    pending = null;
    lastRun = loop.nanoTime();
    spf.run();
  }

  void cancel() {
    if (pending != null) {
      pending.cancel();
      pending = null;
    }
  }
}
