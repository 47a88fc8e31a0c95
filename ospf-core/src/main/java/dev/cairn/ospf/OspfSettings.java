package dev.cairn.ospf;

import dev.cairn.net.Ipv4Address;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What an OSPF instance runs with (RFC 2328 C.1, C.2): the router id, the areas with their
 * interfaces, and the ceiling on AS-external-LSAs learnt from others. The daemon builds it from the
 * configuration; ospf-core knows nothing of the configuration's shape.
 */
public record OspfSettings(Ipv4Address routerId, List<AreaSettings> areas, int maxExternalLsas) {
  public OspfSettings {
    Objects.requireNonNull(routerId, "routerId");
    areas = List.copyOf(areas);
    if (maxExternalLsas < 0) {
      throw new IllegalArgumentException("maxExternalLsas " + maxExternalLsas);
    }
    Set<Ipv4Address> ids = new HashSet<>();
    Set<String> names = new HashSet<>();
    for (AreaSettings a : areas) {
      if (!ids.add(a.id())) {
        throw new IllegalArgumentException("area " + a.id() + " given twice");
      }
      for (String n : a.interfaces().keySet()) {
        if (!names.add(n)) {
          throw new IllegalArgumentException("interface " + n + " in two areas");
        }
      }
    }
  }

  /** The area with this id, or null. */
  public AreaSettings area(Ipv4Address id) {
    for (AreaSettings a : areas) {
      if (a.id().equals(id)) {
        return a;
      }
    }
    return null;
  }
}
