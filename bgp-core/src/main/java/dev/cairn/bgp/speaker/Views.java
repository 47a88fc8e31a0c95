// The speaker's management views: neighbors, Loc-RIB paths, Adj-RIB-In and Adj-RIB-Out as the
// CLI, metrics and tests read them (RFC 4271 §3.2 RIBs; RFC 4724 stale; RFC 4486 limits).
package dev.cairn.bgp.speaker;

import dev.cairn.bgp.export.Advert;
import dev.cairn.bgp.fsm.SessionState;
import dev.cairn.bgp.peer.Peer;
import dev.cairn.bgp.speaker.BgpSpeaker.NeighborDetail;
import dev.cairn.bgp.speaker.BgpSpeaker.NeighborSummary;
import dev.cairn.bgp.speaker.BgpSpeaker.PathView;
import dev.cairn.bgp.table.Dest;
import dev.cairn.bgp.table.Path;
import dev.cairn.bgp.wire.Open;
import dev.cairn.net.Afi;
import dev.cairn.net.IpAddress;
import dev.cairn.net.IpPrefix;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Builds the speaker's query answers; runs on the speaker's loop, reads, changes nothing. */
final class Views {
  private final BgpSpeaker s;

  Views(BgpSpeaker speaker) {
    this.s = speaker;
  }

  List<NeighborSummary> summary() {
    List<NeighborSummary> out = new ArrayList<>();
    for (Peer p : s.peers.values()) {
      out.add(
          new NeighborSummary(
              p.address(),
              p.cfg().peer().peerAs(),
              p.session().state(),
              p.received(),
              p.out().advertised()));
    }
    return out;
  }

  Map<IpPrefix, String> bestRoutes() {
    Map<IpPrefix, String> out = new LinkedHashMap<>();
    for (Dest d : s.locRib.sorted()) {
      if (d.best() != null) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < d.multipathSize(); i++) {
          Path p = d.multipathAt(i);
          sb.append(sb.length() > 0 ? ", " : "")
              .append(p.from() == null ? "local" : "via " + p.nextHop());
        }
        out.put(d.prefix(), sb + " " + d.best().attrs());
      }
    }
    return out;
  }

  List<NeighborDetail> neighbors() {
    List<NeighborDetail> out = new ArrayList<>();
    for (Peer p : s.peers.values()) {
      Open remote = p.remoteOpen();
      out.add(
          new NeighborDetail(
              p.address(),
              p.cfg().peer().peerAs(),
              p.ebgp(),
              p.session().state(),
              p.session().lastError(),
              p.session().flaps(),
              p.session().state() == SessionState.ESTABLISHED ? p.session().establishedAt() : 0,
              remote == null ? null : remote.bgpIdentifier(),
              remote == null
                  ? p.cfg().peer().holdTime()
                  : Math.min(remote.holdTime(), p.cfg().peer().holdTime()),
              remote == null ? List.of() : p.negotiated(),
              p.received(),
              p.out().advertised(),
              p.receivedV6(),
              p.out().advertisedV6(),
              p.announcementsV4(),
              p.announcementsV6(),
              p.session().counters().snapshot(),
              p.cfg().routeReflectorClient(),
              p.out().queued(),
              p.cfg().maxPrefixes(),
              p.cfg().inbound().maxPrefixWarningPercent(),
              p.prefixWarning(),
              p.warnings().treatAsWithdrawCount(),
              p.warnings().attributesDiscardedCount(),
              p.warnings().unknownDroppedCount()));
    }
    return out;
  }

  private PathView view(Dest d, Path p) {
    return new PathView(
        p.from() == null ? null : p.from().address(),
        p.nextHop(),
        p.attrs(),
        p == d.best(),
        d.inMultipath(p),
        p.stale(),
        p.from() == null || s.nextHops.resolved(p),
        p.from() == null ? 0 : s.nextHops.igpMetric(p));
  }

  Map<IpPrefix, List<PathView>> paths(Afi afi, IpPrefix only) {
    Map<IpPrefix, List<PathView>> out = new LinkedHashMap<>();
    if (only != null) {
      Dest d = s.locRib.get(only);
      return d == null || only.afi() != afi ? out : Map.of(only, views(d));
    }
    for (Dest d : s.locRib.sorted()) {
      if (d.prefix().afi() == afi) {
        out.put(d.prefix(), views(d));
      }
    }
    return out;
  }

  private List<PathView> views(Dest d) {
    List<PathView> views = new ArrayList<>();
    if (d.best() != null) {
      views.add(view(d, d.best()));
    }
    for (int i = 0; i < d.size(); i++) {
      Path p = d.at(i);
      if (p != d.best()) {
        views.add(view(d, p));
      }
    }
    return views;
  }

  Map<IpPrefix, PathView> received(IpAddress neighbor) {
    Peer from = s.peers.get(neighbor);
    Map<IpPrefix, PathView> out = new LinkedHashMap<>();
    if (from == null) {
      return out;
    }
    for (Dest d : s.locRib.sorted()) {
      Path p = d.get(from);
      if (p != null) {
        out.put(d.prefix(), view(d, p));
      }
    }
    return out;
  }

  Map<IpPrefix, Advert> advertised(IpAddress neighbor) {
    Peer to = s.peers.get(neighbor);
    Map<IpPrefix, Advert> out = new TreeMap<>();
    if (to != null) {
      to.out()
          .forEachHeld(
              prefix -> {
                Dest d = s.locRib.get(prefix);
                Advert a = d == null ? null : s.exporter.attributes(to.out(), prefix, d.best());
                if (a != null) {
                  out.put(prefix, a);
                }
              });
    }
    return out;
  }

  Map<IpPrefix, List<PathView>> paths(List<IpPrefix> slice) {
    Map<IpPrefix, List<PathView>> out = new LinkedHashMap<>();
    for (IpPrefix p : slice) {
      Dest d = s.locRib.get(p);
      if (d != null) {
        out.put(p, views(d));
      }
    }
    return out;
  }

  Map<IpPrefix, PathView> received(IpAddress neighbor, List<IpPrefix> slice) {
    Peer from = s.peers.get(neighbor);
    Map<IpPrefix, PathView> out = new LinkedHashMap<>();
    for (int i = 0; from != null && i < slice.size(); i++) {
      if (s.locRib.path(slice.get(i), from) != null) {
        Dest d = s.locRib.get(slice.get(i));
        out.put(slice.get(i), view(d, d.get(from)));
      }
    }
    return out;
  }

  Map<IpPrefix, Advert> advertised(IpAddress neighbor, List<IpPrefix> slice) {
    Peer to = s.peers.get(neighbor);
    Map<IpPrefix, Advert> out = new LinkedHashMap<>();
    for (int i = 0; to != null && i < slice.size(); i++) {
      IpPrefix prefix = slice.get(i);
      if (to.out().holds(prefix)) {
        Dest d = s.locRib.get(prefix);
        Advert a = d == null ? null : s.exporter.attributes(to.out(), prefix, d.best());
        if (a != null) {
          out.put(prefix, a);
        }
      }
    }
    return out;
  }
}
