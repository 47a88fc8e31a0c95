package dev.cairn.ospf;

import dev.cairn.net.Ipv4Address;
import java.util.ArrayList;
import java.util.List;

/** Snapshots of a router's neighbors and interfaces for queries (built on the router's loop). */
final class RouterViews {
  private RouterViews() {}

  /** Every neighbor on every interface. */
  static List<NeighborInfo> neighbors(List<OspfInterface> interfaces) {
    List<NeighborInfo> out = new ArrayList<>();
    for (OspfInterface i : interfaces) {
      for (Neighbor n : i.neighbors.values()) {
        out.add(
            new NeighborInfo(
                i.name(),
                new Ipv4Address(n.routerId),
                new Ipv4Address(n.address),
                n.priority,
                n.state,
                new Ipv4Address(n.declaredDr),
                new Ipv4Address(n.declaredBdr),
                n.retransmit.size(),
                n.requests.size()));
      }
    }
    return List.copyOf(out);
  }

  /** Every interface. */
  static List<InterfaceInfo> interfaces(List<OspfInterface> interfaces) {
    List<InterfaceInfo> out = new ArrayList<>();
    for (OspfInterface i : interfaces) {
      out.add(
          new InterfaceInfo(
              i.name(),
              new Ipv4Address(i.area.id),
              new Ipv4Address(i.address),
              Integer.bitCount(i.mask),
              i.state,
              new Ipv4Address(i.dr),
              new Ipv4Address(i.bdr),
              i.s.cost(),
              i.s.passive(),
              i.neighbors.size(),
              i.fullNeighbors().size(),
              i.authFailures));
    }
    return List.copyOf(out);
  }
}
