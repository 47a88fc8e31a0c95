package dev.cairn.daemon;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.cairn.rib.NextHop;
import java.util.List;

/**
 * What {@code show ip|ipv6 route} (the RIB) and {@code show fib} (the kernel against the RIB) show,
 * as immutable values: {@link RouteText} renders them for people, {@link Json} as the JSON of
 * docs/cli.md (kebab-case keys in this order; {@code @JsonIgnore} marks what only the text uses).
 */
final class RouteViews {
  private RouteViews() {}

  /** A next hop: a gateway, an interface, or both. */
  record Hop(String gateway, @JsonProperty("interface") String interfaceName) {
    static List<Hop> of(List<NextHop> hops) {
      return hops.stream()
          .map(h -> new Hop(h.gateway() == null ? null : h.gateway().toString(), h.interfaceName()))
          .toList();
    }
  }

  // ------------------------------------------------------------------ RIB

  /** {@code show ip|ipv6 route}: the head; its rows are {@link RibPrefix}es. */
  record RibHead(String family) {}

  /** One prefix of the RIB: every source's route, the selected one marked. */
  record RibPrefix(String prefix, List<RibRoute> routes) {}

  /**
   * One source's route. {@code forwarding} (the selected route only) is the next-hop group the FIB
   * is given, empty when it has none; {@code grouped} says whether it has one.
   */
  record RibRoute(
      String protocol,
      Integer distance,
      long metric,
      boolean selected,
      boolean active,
      List<Hop> nextHops,
      @JsonInclude(JsonInclude.Include.NON_NULL) List<Hop> forwarding,
      @JsonIgnore boolean grouped) {}

  // ------------------------------------------------------------------ FIB

  /** {@code show fib}: cairn's routes in the kernel against the RIB's, with the differences. */
  record Fib(
      int table,
      int protocol,
      boolean nexthopObjects,
      int routesWanted,
      int routesInKernel,
      List<String> missing,
      List<String> unexpected,
      List<String> adopted,
      List<String> failing,
      LastRepair lastRepair,
      List<FibRoute> routes) {}

  /** The last route the kernel watch put back, and why. */
  record LastRepair(String time, String prefix, String reason) {}

  /** One route the RIB wants in the kernel, and whether it is there. */
  record FibRoute(String prefix, String protocol, List<Hop> nextHops, boolean inKernel) {}
}
