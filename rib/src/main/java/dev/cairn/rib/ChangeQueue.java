package dev.cairn.rib;

import dev.cairn.event.EventLoop;
import dev.cairn.net.IpPrefix;
import dev.cairn.net.PrefixQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One reader of the RIB's change stream (a channel's export, the log, a test): the latest change
 * per prefix, coalesced, so a slow reader gets the latest state and not an ever-growing queue, and
 * handed over in chunks, the next only when the reader has taken the last. A queue with an {@link
 * Channel.Export} filter hears only the changes of routes the filter passes, before or after, and a
 * route that stops passing as a removal. Owned by the RIB's loop.
 */
final class ChangeQueue {
  private final EventLoop ribLoop;
  final EventLoop on;
  private Channel.Export filter; // null: every change as it is
  private final int detail;
  private final Consumer<Rib.ChangeSummary> consumer;
  private final PrefixQueue<Route, NextHopGroup> pending = new PrefixQueue<>();
  private int moreChanged;
  private int moreWithdrawn;
  private boolean scheduled;
  private boolean inFlight; // a batch handed to the consumer that it has not finished

  ChangeQueue(
      EventLoop ribLoop,
      EventLoop on,
      Channel.Export filter,
      int detail,
      Consumer<Rib.ChangeSummary> consumer) {
    this.ribLoop = ribLoop;
    this.on = on;
    this.filter = filter;
    this.detail = detail;
    this.consumer = consumer;
  }

  Channel.Export filter() {
    return filter;
  }

  void filter(Channel.Export f) {
    filter = f;
  }

  /**
   * Queues the prefix's state now: {@code best} if the filter passes it, else a removal ({@code
   * best} {@code null}).
   */
  void add(IpPrefix p, Route best, NextHopGroup group) {
    if (filter != null && best != null && !filter.accepts(best)) {
      best = null;
      group = null;
    }
    if (pending.size() < detail || pending.contains(p)) {
      pending.put(p, best, group);
    } else if (best == null) {
      moreWithdrawn++;
    } else {
      moreChanged++;
    }
  }

  /** Whether a change of the best route from {@code before} to {@code after} concerns it. */
  boolean wants(Route before, Route after) {
    return filter == null
        || (before != null && filter.accepts(before))
        || (after != null && filter.accepts(after));
  }

  void schedule() {
    if (scheduled || inFlight || pending.isEmpty()) {
      return;
    }
    scheduled = true;
    ribLoop.execute(this::handOff);
  }

  /** Gives the consumer the oldest waiting changes; the next ones when it is done with them. */
  private void handOff() {
    scheduled = false;
    if (inFlight || pending.isEmpty()) {
      return;
    }
    int n =
        detail == Integer.MAX_VALUE
            ? Math.min(Rib.SUBSCRIBER_CHUNK, pending.size())
            : pending.size();
    List<RibChange> changes = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      changes.add(new RibChange(pending.prefix(i), pending.a(i), pending.b(i)));
    }
    pending.dropFirst(n);
    Rib.ChangeSummary batch =
        new Rib.ChangeSummary(
            java.util.Collections.unmodifiableList(changes), moreChanged, moreWithdrawn);
    moreChanged = 0;
    moreWithdrawn = 0;
    inFlight = true;
    on.execute(
        () -> {
          try {
            consumer.accept(batch);
          } finally {
            ribLoop.execute(
                () -> {
                  inFlight = false;
                  schedule();
                });
          }
        });
  }
}
