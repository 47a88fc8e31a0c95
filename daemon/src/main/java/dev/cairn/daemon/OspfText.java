package dev.cairn.daemon;

import java.util.List;

/** The text of the {@code show ip ospf} commands, rendered from {@link OspfViews}. */
final class OspfText {
  private OspfText() {}

  static String neighbors(OspfViews.Neighbors v) {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            "%-15s %3s %-10s %-15s %-12s %-15s %-15s%n",
            "Neighbor ID", "Pri", "State", "Address", "Interface", "DR", "BDR"));
    for (OspfViews.Neighbor n : v.neighbors()) {
      sb.append(
          String.format(
              "%-15s %3d %-10s %-15s %-12s %-15s %-15s%n",
              n.routerId(),
              n.priority(),
              n.state(),
              n.address(),
              n.interfaceName(),
              n.dr(),
              n.bdr()));
    }
    return sb.toString();
  }

  static String interfaces(OspfViews.Interfaces v) {
    StringBuilder sb = new StringBuilder();
    for (OspfViews.Interface i : v.interfaces()) {
      sb.append(i.name())
          .append(" is ")
          .append(i.state())
          .append(", address ")
          .append(i.address())
          .append(", area ")
          .append(i.area())
          .append(", cost ")
          .append(i.cost())
          .append(i.passive() ? ", passive" : "")
          .append('\n');
      sb.append("  DR ")
          .append(i.dr())
          .append(", BDR ")
          .append(i.bdr())
          .append(", ")
          .append(i.neighbors())
          .append(" neighbors, ")
          .append(i.adjacencies())
          .append(" adjacent\n");
    }
    return sb.toString();
  }

  static String database(OspfViews.Database v) {
    StringBuilder sb = new StringBuilder();
    for (OspfViews.AreaLsas a : v.areas()) {
      sb.append("Area ").append(a.area());
      lsas(a.lsas(), sb);
    }
    sb.append("AS external (max-external-lsas ")
        .append(v.maxExternalLsas())
        .append(", ")
        .append(v.externalLsasRefused())
        .append(" new ones refused)");
    lsas(v.external(), sb);
    return sb.toString();
  }

  /** One LSDB's headers as lines under the heading {@code sb} ends with. */
  private static void lsas(List<OspfViews.Lsa> lsas, StringBuilder sb) {
    sb.append('\n')
        .append(
            String.format(
                "  %-4s %-15s %-15s %5s %-10s%n", "Type", "Link ID", "ADV Router", "Age", "Seq#"));
    for (OspfViews.Lsa h : lsas) {
      sb.append(
          String.format(
              "  %-4d %-15s %-15s %5d %s%n",
              h.type(), h.linkStateId(), h.advertisingRouter(), h.age(), h.sequence()));
    }
  }

  static String routes(OspfViews.Routes v) {
    StringBuilder sb = new StringBuilder();
    for (OspfViews.Route x : v.routes()) {
      sb.append(
          String.format(
              "%-20s %-18s %6d  %s%n",
              x.prefix(), x.type(), x.metric(), String.join(", ", x.nextHops())));
    }
    return sb.toString();
  }
}
