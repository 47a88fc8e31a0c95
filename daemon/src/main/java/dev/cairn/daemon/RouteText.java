package dev.cairn.daemon;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The text of {@code show ip|ipv6 route} (one line per source's route, zebra-style codes) and
 * {@code show fib}, rendered from {@link RouteViews}.
 */
final class RouteText {
  private RouteText() {}

  static String hops(List<RouteViews.Hop> hops) {
    if (hops.isEmpty()) {
      return "blackhole";
    }
    List<String> parts = new ArrayList<>();
    for (RouteViews.Hop h : hops) {
      parts.add(
          h.gateway() == null
              ? "directly connected, " + h.interfaceName()
              : "via " + h.gateway() + (h.interfaceName() == null ? "" : ", " + h.interfaceName()));
    }
    return String.join(", ", parts);
  }

  // ------------------------------------------------------------------ RIB

  static void ribHead(Appendable out) throws IOException {
    out.append(
        "Codes: C connected, S static, B BGP, O OSPF, K Kubernetes\n"
            + "       > selected, * in the FIB's next hops, i inactive (next hop unresolved)\n\n");
  }

  private static String code(String protocol) {
    return switch (protocol) {
      case "connected" -> "C";
      case "static" -> "S";
      case "ebgp", "ibgp" -> "B";
      case "kubernetes" -> "K";
      default -> "O";
    };
  }

  static void rib(RouteViews.RibPrefix p, Appendable out) throws IOException {
    for (RouteViews.RibRoute o : p.routes()) {
      boolean sel = o.selected();
      String flags = code(o.protocol()) + (sel ? ">*" : o.active() ? "  " : " i");
      List<RouteViews.Hop> shown = sel && o.grouped() ? o.forwarding() : o.nextHops();
      out.append(
          String.format(
              "%s %s [%d/%d] %s%s%n",
              flags,
              p.prefix(),
              o.distance(),
              o.metric(),
              hops(shown),
              sel && !shown.equals(o.nextHops())
                  ? " (recursive via " + hops(o.nextHops()).replace("via ", "") + ")"
                  : ""));
    }
  }

  // ------------------------------------------------------------------ FIB

  static String fib(RouteViews.Fib v) {
    StringBuilder sb = new StringBuilder();
    sb.append("Kernel table ")
        .append(v.table())
        .append(", protocol ")
        .append(v.protocol())
        .append(v.nexthopObjects() ? ", nexthop objects" : ", multipath routes")
        .append('\n');
    sb.append(v.routesWanted())
        .append(" routes wanted, ")
        .append(v.routesInKernel())
        .append(" in the kernel\n\n");
    for (RouteViews.FibRoute r : v.routes()) {
      sb.append(r.inKernel() ? "  " : "! ")
          .append(String.format("%-24s %s%n", r.prefix(), hops(r.nextHops())));
    }
    if (v.missing().isEmpty() && v.unexpected().isEmpty() && v.failing().isEmpty()) {
      sb.append("\nThe kernel agrees with the RIB.\n");
    } else {
      sb.append("\nDifferences:\n");
      v.missing().forEach(p -> sb.append("  missing from the kernel: ").append(p).append('\n'));
      v.unexpected()
          .forEach(p -> sb.append("  in the kernel, not in the RIB: ").append(p).append('\n'));
      v.failing().forEach(p -> sb.append("  failing: ").append(p).append('\n'));
    }
    if (!v.adopted().isEmpty()) {
      sb.append(v.adopted().size())
          .append(" routes adopted from a previous run await reconciliation\n");
    }
    if (v.lastRepair() != null) {
      RouteViews.LastRepair r = v.lastRepair();
      sb.append(String.format("Last repair: %s at %s (%s)%n", r.prefix(), r.time(), r.reason()));
    }
    return sb.toString();
  }
}
