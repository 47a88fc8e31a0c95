package dev.cairn.ospf;

import dev.cairn.ospf.wire.Lsa;
import dev.cairn.ospf.wire.LsaHeader;
import dev.cairn.ospf.wire.LsaType;
import dev.cairn.ospf.wire.PacketBody.LsUpdate;
import java.util.List;

/**
 * Reliable flooding (RFC 2328 13): receiving Link State Updates (13, steps 1 to 8), flooding out
 * (13.3), acknowledgments (13.5) and self-originated LSAs received back (13.4).
 */
final class Flooding {
  static final long MIN_LS_ARRIVAL_NANOS = 1_000_000_000L;

  private final OspfRouter router;

  Flooding(OspfRouter router) {
    this.router = router;
  }

  /** The LSA as transmitted: its age incremented by InfTransDelay (1 s), capped at MaxAge. */
  static Lsa aged(Lsa l) {
    int a = Math.min(LsaHeader.MAX_AGE, l.header().age() + 1);
    return a == l.header().age() ? l : l.withAge(a);
  }

  void receiveUpdate(Neighbor from, LsUpdate u) {
    OspfInterface iface = from.iface;
    long now = router.loop.nanoTime();
    for (Lsa lsa : u.lsas()) {
      LsaHeader h = lsa.header();
      if (h.type() == LsaType.AS_EXTERNAL && iface.area.stub) {
        continue;
      }
      if (SequenceWrap.reserved(h)) {
        continue; // 12.1.6: 0x80000000 is never used; neither installed nor acknowledged
      }
      Lsdb db = router.scope(iface.area, h.type());
      Lsdb.Entry e = db.get(h.key());
      if (h.age() >= LsaHeader.MAX_AGE && e == null && !router.anyExchanging()) {
        iface.directAck(from, h);
        continue;
      }
      if (e == null
          && h.type() == LsaType.AS_EXTERNAL
          && !router.isSelfOriginated(lsa)
          && !router.externalLimit.admitNew()) {
        from.requestSatisfied(h.key()); // refused (ExternalLimit): acknowledged, not installed
        iface.directAck(from, h);
        continue;
      }
      LsaHeader cur = e == null ? null : e.current(now).header();
      int cmp = cur == null ? 1 : h.compareInstance(cur);
      if (cmp > 0) {
        if (e != null && now - e.installedNanos < MIN_LS_ARRIVAL_NANOS) {
          continue;
        }
        boolean self = router.isSelfOriginated(lsa);
        boolean back = flood(iface.area, lsa, from);
        router.removeFromRetransmissionLists(iface.area, lsa);
        router.install(iface.area, lsa);
        if (!back) {
          if (iface.state != InterfaceState.BACKUP || from.address == iface.dr) {
            iface.delayedAck(h);
          }
        }
        from.requestSatisfied(h.key());
        if (self) {
          router.selfOriginatedReceived(iface.area, lsa);
        }
      } else if (from.requests.containsKey(h.key())) {
        from.requestSatisfied(h.key());
      } else if (cmp == 0) {
        if (from.retransmit.remove(h.key()) != null) {
          if (iface.state == InterfaceState.BACKUP && from.address == iface.dr) {
            iface.delayedAck(h);
          }
        } else {
          iface.directAck(from, h);
        }
      } else {
        if (cur.age() >= LsaHeader.MAX_AGE && cur.seq() == LsaHeader.MAX_SEQ) {
          continue;
        }
        iface.sendUpdate(from.address, List.of(aged(e.current(now))));
      }
    }
  }

  /**
   * 13.3: puts {@code lsa} on the retransmission lists of the adjacencies in its scope and sends it
   * on the interfaces that need it. Returns true when it went back out of the receiving interface.
   */
  boolean flood(AreaState area, Lsa lsa, Neighbor from) {
    boolean back = false;
    for (OspfInterface iface : router.floodingInterfaces(area, lsa.header().type())) {
      if (iface.state == InterfaceState.DOWN || iface.s.passive()) {
        continue;
      }
      boolean added = false;
      for (Neighbor nb : iface.neighbors.values()) {
        if (nb.state.compareTo(NeighborState.EXCHANGE) < 0) {
          continue;
        }
        if (nb.state != NeighborState.FULL) {
          LsaHeader req = nb.requests.get(lsa.key());
          if (req != null) {
            int c = lsa.header().compareInstance(req);
            if (c < 0) {
              continue;
            }
            nb.requestSatisfied(lsa.key());
            if (c == 0) {
              continue;
            }
          }
        }
        if (nb == from) {
          continue;
        }
        nb.addRetransmit(lsa);
        added = true;
      }
      if (!added) {
        continue;
      }
      if (from != null && iface == from.iface) {
        if (from.address == iface.dr || from.address == iface.bdr) {
          continue;
        }
        if (iface.state == InterfaceState.BACKUP) {
          continue;
        }
        back = true;
      }
      iface.sendUpdate(iface.floodDestination(), List.of(aged(lsa)));
    }
    return back;
  }
}
