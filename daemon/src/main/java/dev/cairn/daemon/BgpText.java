package dev.cairn.daemon;

import java.io.IOException;
import java.util.Map;

/**
 * The text of the BGP {@code show} commands, rendered from {@link BgpViews}: router-style tables
 * (the summary, the table with its status codes) and the neighbor details.
 */
final class BgpText {
  private BgpText() {}

  static final String ESTABLISHED = "Established";

  static String summary(BgpViews.Summary s) {
    StringBuilder sb = new StringBuilder();
    sb.append("BGP router identifier ")
        .append(s.routerId())
        .append(", local AS number ")
        .append(s.localAs())
        .append("\n\n");
    sb.append(
        String.format(
            "%-39s %10s %8s %8s %9s %-12s %8s%n",
            "Neighbor", "AS", "MsgRcvd", "MsgSent", "Up/Down", "State/PfxRcd", "PfxSnt"));
    for (BgpViews.SummaryRow n : s.neighbors()) {
      boolean up = n.state().equals(ESTABLISHED);
      sb.append(
          String.format(
              "%-39s %10d %8d %8d %9s %-12s %8d%n",
              n.address(),
              n.remoteAs(),
              n.messagesReceived(),
              n.messagesSent(),
              up ? Commands.duration(n.uptimeSeconds()) : "never",
              up ? Long.toString(n.prefixesAccepted()) : n.state(),
              n.prefixesAdvertised()));
    }
    sb.append("\nTotal number of neighbors ").append(s.neighbors().size()).append('\n');
    return sb.toString();
  }

  static String neighbors(BgpViews.Neighbors ns) {
    StringBuilder sb = new StringBuilder();
    for (BgpViews.Neighbor n : ns.neighbors()) {
      neighbor(n, sb);
    }
    return sb.toString();
  }

  private static void neighbor(BgpViews.Neighbor n, StringBuilder sb) {
    sb.append("BGP neighbor is ")
        .append(n.address())
        .append(", remote AS ")
        .append(n.remoteAs())
        .append(n.type().equals("ebgp") ? ", external link" : ", internal link")
        .append('\n');
    if (n.description() != null) {
      sb.append("  Description: ").append(n.description()).append('\n');
    }
    sb.append("  BGP state = ").append(n.state());
    if (n.state().equals(ESTABLISHED)) {
      sb.append(", up for ").append(Commands.duration(n.uptimeSeconds()));
    }
    sb.append('\n');
    if (n.remoteRouterId() != null) {
      sb.append("  Remote router ID ").append(n.remoteRouterId()).append('\n');
    }
    sb.append("  Hold time ").append(n.holdTime()).append(" s");
    sb.append(", flaps ").append(n.flaps()).append('\n');
    if (!n.families().isEmpty()) {
      sb.append("  Address families: ").append(String.join(", ", n.families())).append('\n');
    }
    if (n.routeReflectorClient()) {
      sb.append("  Route-reflector client\n");
    }
    if (n.configured()) {
      sb.append("  Import policy ")
          .append(n.importPolicy() == null ? "(none)" : n.importPolicy())
          .append(", export policy ")
          .append(n.exportPolicy() == null ? "(none)" : n.exportPolicy())
          .append('\n');
    }
    BgpViews.Prefixes px = n.prefixes();
    sb.append("  Prefixes: ")
        .append(px.accepted())
        .append(" accepted, ")
        .append(px.advertised())
        .append(" advertised\n");
    if (px.max() != null) {
      sb.append("  Maximum prefixes ")
          .append(px.max())
          .append(", warning at ")
          .append(px.warningThresholdPercent())
          .append(" %")
          .append(px.warning() ? " (threshold reached)" : "")
          .append('\n');
    }
    BgpViews.InputErrors e = n.inputErrors();
    if (e.treatAsWithdraw() + e.attributeDiscard() + e.unknownAttributesDropped() > 0) {
      sb.append("  Input errors: ")
          .append(e.treatAsWithdraw())
          .append(" treated as withdraw, ")
          .append(e.attributeDiscard())
          .append(" attributes discarded, ")
          .append(e.unknownAttributesDropped())
          .append(" unknown attributes dropped\n");
    }
    if (px.changesQueued() > 0) {
      // a neighbor reading slower than the changes come: they wait here, coalesced
      sb.append("  Changes waiting to be sent: ").append(px.changesQueued()).append('\n');
    }
    sb.append(String.format("  %-14s %10s %10s%n", "Messages", "Received", "Sent"));
    for (Map.Entry<String, Long> k : n.messages().received().entrySet()) {
      sb.append(
          String.format(
              "  %-14s %10d %10d%n",
              k.getKey(), k.getValue(), n.messages().sent().get(k.getKey())));
    }
    if (!n.lastError().isEmpty()) {
      sb.append("  Last error: ").append(n.lastError()).append('\n');
    }
    sb.append('\n');
  }

  // ------------------------------------------------------------------ tables, row by row

  static void tableHead(Appendable out) throws IOException {
    out.append("Status codes: * valid (next hop reachable), > best, = multipath, S stale\n\n");
  }

  static void route(BgpViews.Route r, Appendable out) throws IOException {
    int n = r.paths().size();
    out.append(r.prefix())
        .append(", ")
        .append(Integer.toString(n))
        .append(n == 1 ? " path\n" : " paths\n");
    for (BgpViews.Path p : r.paths()) {
      out.append("  ").append(pathLine(p));
    }
  }

  static void received(BgpViews.Received r, Appendable out) throws IOException {
    out.append(String.format("%-24s ", r.prefix())).append(pathLine(r.path()));
  }

  static void advertised(BgpViews.Advertised a, Appendable out) throws IOException {
    out.append(
        String.format(
            "%-24s %s%s%n",
            a.prefix(),
            a.mpNextHop() == null ? "" : "next-hop=" + a.mpNextHop() + " ",
            a.attributes().text()));
  }

  static void total(long prefixes, Appendable out) throws IOException {
    out.append("\nTotal ").append(Long.toString(prefixes)).append(" prefixes\n");
  }

  private static String pathLine(BgpViews.Path p) {
    String flags =
        (p.nextHopReachable() ? "*" : " ")
            + (p.best() ? ">" : p.multipath() ? "=" : " ")
            + (p.stale() ? "S" : " ");
    return String.format(
        "%s %-20s %-16s %s%n",
        flags,
        p.from() == null ? "local" : "from " + p.from(),
        p.nextHop() == null ? "0.0.0.0" : p.nextHop(),
        p.attributes().text());
  }
}
