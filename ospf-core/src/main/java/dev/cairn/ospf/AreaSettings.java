package dev.cairn.ospf;

import dev.cairn.net.Ipv4Address;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One area of an OSPF instance (RFC 2328 C.2): its id, whether it is a stub area (no
 * AS-external-LSAs, the E bit clear in its Hellos) and its interfaces by name, in the order given.
 * Each interface's {@link InterfaceSettings#areaId()} is this area's id.
 */
public record AreaSettings(
    Ipv4Address id, boolean stub, Map<String, InterfaceSettings> interfaces) {
  public AreaSettings {
    Objects.requireNonNull(id, "id");
    interfaces = Collections.unmodifiableMap(new LinkedHashMap<>(interfaces));
    for (Map.Entry<String, InterfaceSettings> e : interfaces.entrySet()) {
      if (e.getValue().areaId() != id.bits()) {
        throw new IllegalArgumentException(
            "interface " + e.getKey() + " is not in area " + id + " by its settings");
      }
    }
  }
}
