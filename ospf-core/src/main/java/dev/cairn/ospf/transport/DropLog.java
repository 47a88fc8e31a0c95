package dev.cairn.ospf.transport;

import dev.cairn.ospf.transport.PacketFilter.Reason;
import dev.cairn.ospf.wire.Ipv4;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Counts an interface's dropped packets per {@link Reason} (read from any thread, for the metrics)
 * and logs them without letting a flood of bad packets flood the log: the first drop of each source
 * and reason is logged at once; later ones are summed and written as at most one line per {@link
 * #SUMMARY_NANOS} (the line goes out with the next drop after the minute has passed). At most
 * {@link #MAX_SOURCES} sources are tracked by name; beyond them drops are summed as "other
 * sources". Not thread-safe: one writer (the socket's reader thread).
 */
public final class DropLog {
  static final long SUMMARY_NANOS = 60_000_000_000L;
  static final int MAX_SOURCES = 256;
  static final int SUMMARY_ENTRIES = 10;

  private record Key(int source, Reason reason) {}

  private final String interfaceName;
  private final Consumer<String> log;
  private final LongSupplier nanoClock;
  private final AtomicLongArray counts = new AtomicLongArray(Reason.values().length);
  private final Map<Key, long[]> pending = new LinkedHashMap<>();
  private long pendingOther;
  private long lastSummary;

  public DropLog(String interfaceName, Consumer<String> log, LongSupplier nanoClock) {
    this.interfaceName = interfaceName;
    this.log = log;
    this.nanoClock = nanoClock;
    this.lastSummary = nanoClock.getAsLong();
  }

  /** Packets dropped so far for {@code reason} (any thread). */
  public long count(Reason reason) {
    return counts.get(reason.ordinal());
  }

  /** Records one dropped packet from {@code source}. */
  public void drop(Reason reason, int source) {
    counts.incrementAndGet(reason.ordinal());
    Key k = new Key(source, reason);
    long[] n = pending.get(k);
    long now = nanoClock.getAsLong();
    if (n == null && pending.size() < MAX_SOURCES) {
      pending.put(k, new long[] {0});
      log.accept(
          "ospf "
              + interfaceName
              + ": dropped a packet from "
              + Ipv4.str(source)
              + " ("
              + reason.label()
              + "); further drops are summarized at most once a minute");
    } else if (n != null) {
      n[0]++;
    } else {
      pendingOther++;
    }
    if (now - lastSummary >= SUMMARY_NANOS) {
      summarize(now);
    }
  }

  private void summarize(long now) {
    StringBuilder sb = new StringBuilder();
    long total = pendingOther;
    int shown = 0;
    for (Map.Entry<Key, long[]> e : pending.entrySet()) {
      long c = e.getValue()[0];
      if (c == 0) {
        continue;
      }
      total += c;
      if (shown++ < SUMMARY_ENTRIES) {
        sb.append(shown == 1 ? "" : ", ")
            .append(Ipv4.str(e.getKey().source()))
            .append(' ')
            .append(e.getKey().reason().label())
            .append(" x")
            .append(c);
      }
      e.getValue()[0] = 0;
    }
    if (total > 0) {
      log.accept(
          "ospf "
              + interfaceName
              + ": dropped "
              + total
              + " packets in the last "
              + (now - lastSummary) / 1_000_000_000L
              + " s: "
              + sb
              + (shown > SUMMARY_ENTRIES ? ", ..." : "")
              + (pendingOther > 0
                  ? (sb.length() > 0 ? ", " : "") + "other sources x" + pendingOther
                  : ""));
    }
    pendingOther = 0;
    lastSummary = now;
  }
}
