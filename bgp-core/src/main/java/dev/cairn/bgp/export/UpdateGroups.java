// Sending the neighbors' queued changes: update groups that share one packed UPDATE stream, flow
// control by chunks while a neighbor reads, and End-of-RIB after the table (RFC 4271 §9.2,
// RFC 4724 §2).
package dev.cairn.bgp.export;

import dev.cairn.bgp.wire.Update;
import dev.cairn.event.EventLoop;
import dev.cairn.net.Family;
import dev.cairn.net.IpPrefix;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Update groups: neighbors whose UPDATEs come out the same — same export rules, local address and
 * negotiated encoding — and that have the same changes pending share one computed, packed UPDATE
 * stream. (A neighbor that sent one of the routes has a different pending set, because routes are
 * not sent back to it, and gets its own.) Changes are packed at the end of the loop task that made
 * them, or as soon as a chunk is ready. Owned by the speaker's loop.
 */
public final class UpdateGroups {
  /**
   * Changes packed into UPDATEs at a time. A neighbor that reads slowly holds up its connection
   * ({@code PeerSession#writable}); its changes then wait in its {@link Outbound}, where a newer
   * change to a prefix replaces the older one, and not as encoded UPDATEs behind the socket.
   */
  public static final int FLUSH_CHUNK = 8192;

  private final EventLoop loop;
  private final Packer packer = new Packer();
  private Outbound[] all = new Outbound[0];
  private int flushChunk = FLUSH_CHUNK;
  private boolean flushScheduled;

  public UpdateGroups(EventLoop loop) {
    this.loop = loop;
  }

  /** The neighbors, in configuration order. */
  public void neighbors(Outbound[] neighbors) {
    all = neighbors;
  }

  /** Smaller chunks, for tests of a slow neighbor with a small table. */
  public void flushChunk(int prefixes) {
    flushChunk = prefixes;
  }

  /** How many packed UPDATE streams were computed (for metrics and tests of update groups). */
  public long batchesComputed() {
    return packer.batches();
  }

  /** Queues {@code out} (null: a withdrawal) for {@code to}, whose Adj-RIB-Out already says so. */
  void queue(Outbound to, IpPrefix prefix, Advert out) {
    // one flush at the end of this loop task packs the changes into UPDATEs (or a full chunk)
    to.pending.put(prefix, out == null ? PendingOut.WITHDRAW : out);
    if (to.pending.size() >= flushChunk && to.session.writable()) {
      // a chunk is ready (a burst of UPDATEs handed over at once, a withdrawal of everything):
      // send it now, so the neighbor gets it while the rest is still being worked on
      flushAll();
    } else {
      scheduleFlush();
    }
  }

  /** Sends what is queued at the end of this loop task. */
  public void scheduleFlush() {
    if (!flushScheduled) {
      flushScheduled = true;
      loop.execute(this::flushAll);
    }
  }

  /**
   * Sends the queued changes of {@code p} while its connection takes them, chunk by chunk: prefixes
   * with the same attributes travel together, as many per UPDATE as fit (update packing). What is
   * left waits for the connection to become writable again. End-of-RIB follows the last chunk.
   */
  public void flush(Outbound p) {
    if (!p.established()) {
      p.pending.clear();
      p.endOfRibDue.clear();
      return;
    }
    while (!p.pending.isEmpty() && p.session.writable()) {
      p.session.sendAll(packer.pack(p, flushChunk));
    }
    endOfRibIfDrained(p);
  }

  private static void endOfRibIfDrained(Outbound p) {
    if (p.pending.isEmpty() && !p.endOfRibDue.isEmpty()) {
      for (Family f : p.endOfRibDue) {
        p.session.send(Update.endOfRib(f));
      }
      p.endOfRibDue.clear();
    }
  }

  private void flushAll() {
    flushScheduled = false;
    Outbound only = null;
    int pending = 0;
    for (Outbound p : all) {
      if (!p.pending.isEmpty() || !p.endOfRibDue.isEmpty()) {
        only = p;
        pending++;
      }
    }
    if (pending == 1) {
      flush(only); // nobody to share with: no settings to compare
      return;
    }
    // one chunk per neighbor and round; another round follows while any can take more. Neighbors
    // with the same export settings whose next chunks are equal (compared in place) share one
    // packed stream: the first of them (the leader) packs it, the others take theirs off
    Map<List<Object>, List<List<Outbound>>> groupsBySettings = new HashMap<>();
    List<List<Outbound>> groups = new ArrayList<>(); // each: the leader, then its followers
    for (Outbound p : all) {
      if (p.pending.isEmpty() && p.endOfRibDue.isEmpty()) {
        continue;
      }
      if (!p.established()) {
        p.pending.clear();
        p.endOfRibDue.clear();
        continue;
      }
      if (p.pending.isEmpty() || !p.session.writable()) {
        endOfRibIfDrained(p); // (a slow one waits for the connection)
        continue;
      }
      List<Object> settings =
          List.of(
              p.rules, // policies compare by identity: one compiled object each
              String.valueOf(p.selfAddress()),
              p.context(),
              p.families);
      List<List<Outbound>> same =
          groupsBySettings.computeIfAbsent(settings, k -> new ArrayList<>());
      List<Outbound> group = null;
      for (List<Outbound> g : same) {
        if (p.pending.sameFirst(g.get(0).pending, flushChunk)) {
          group = g;
          break;
        }
      }
      if (group == null) {
        group = new ArrayList<>();
        same.add(group);
        groups.add(group);
      }
      group.add(p);
    }
    boolean more = false;
    for (List<Outbound> g : groups) {
      List<Update> out = packer.pack(g.get(0), flushChunk);
      for (int i = 1; i < g.size(); i++) {
        g.get(i).pending.dropFirst(flushChunk);
      }
      for (Outbound p : g) {
        p.session.sendAll(out);
        endOfRibIfDrained(p);
        more |= !p.pending.isEmpty();
      }
    }
    if (more) {
      scheduleFlush();
    }
  }
}
