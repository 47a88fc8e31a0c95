package dev.cairn.daemon;

import dev.cairn.cli.CommandTree;
import dev.cairn.net.AddressFormatException;
import dev.cairn.net.Afi;
import dev.cairn.net.IpAddress;
import dev.cairn.net.IpPrefix;
import java.util.Set;

/**
 * The command tree of {@code cairn}, owned by the daemon so that help and completion always match
 * what it runs: one class per area ({@link SystemCommands}, {@link FibCommands}, {@link
 * KubernetesCommands}, {@link BgpCommands} and {@link BgpTableCommands}, {@link RibCommands},
 * {@link OspfCommands}) adds its words; each {@code show} builds a view record and renders it as
 * text for people or, with a trailing {@code json}, as the documented JSON (docs/cli.md) for
 * scripts. {@link #of} wires the areas to what a running daemon has.
 */
final class Commands {
  private final CommandTree tree = new CommandTree();
  private final BgpCommands bgp;
  private volatile Metrics metrics;

  Commands(
      SystemCommands system,
      FibCommands fib,
      KubernetesCommands kubernetes,
      BgpCommands bgp,
      BgpTableCommands bgpTables,
      RibCommands rib,
      OspfCommands ospf) {
    this.bgp = bgp;
    CommandTree.Node show = tree.root().keyword("show", "Show running state");
    system.show(show);
    fib.show(show);
    kubernetes.show(show);
    CommandTree.Node b = show.keyword("bgp", "BGP information");
    CommandTree.Node neighbor = bgp.show(b);
    bgpTables.show(b, neighbor, rib::prefixes);
    for (Afi afi : Afi.values()) {
      CommandTree.Node ip =
          show.keyword(
              afi == Afi.IPV4 ? "ip" : "ipv6", afi == Afi.IPV4 ? "IPv4 state" : "IPv6 state");
      rib.show(ip, afi);
      if (afi == Afi.IPV4) {
        ospf.show(ip);
      }
    }
    bgp.clear(tree.root().keyword("clear", "Reset or refresh"));
    system.reload(tree.root());
  }

  /** The commands of {@code d}: each area gets the owners it queries, and nothing else. */
  static Commands of(Daemon d) {
    return new Commands(
        new SystemCommands(d::config, d.configPath, d.startedNanos, d::reload),
        new FibCommands(d.kernel),
        new KubernetesCommands(() -> d.kubernetes),
        new BgpCommands(
            d.bgpLoop,
            d.speaker,
            d::config,
            d.kubernetesLink == null ? Set::of : d.kubernetesLink::meshPeers),
        new BgpTableCommands(d.bgpLoop, d.speaker),
        new RibCommands(d.ribLoop, d.rib),
        new OspfCommands(() -> d.ospf == null ? null : d.ospf.instance, d::config));
  }

  CommandTree tree() {
    return tree;
  }

  void setMetrics(Metrics m) {
    metrics = m;
  }

  /** One line for systemd's STATUS. */
  String statusLine() {
    return bgp.statusLine();
  }

  // ------------------------------------------------------------------ shared by the areas

  static boolean isAddress(String w) {
    try {
      IpAddress.parse(w);
      return true;
    } catch (AddressFormatException e) {
      return false;
    }
  }

  static boolean isPrefix(String w, Afi afi) {
    try {
      return IpPrefix.parse(w).afi() == afi;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** hh:mm:ss, or 1d02h03m from a day on. */
  static String duration(long seconds) {
    long days = seconds / 86400;
    long h = seconds / 3600 % 24;
    long m = seconds / 60 % 60;
    long s = seconds % 60;
    return days > 0
        ? String.format("%dd%02dh%02dm", days, h, m)
        : String.format("%02d:%02d:%02d", h, m, s);
  }
}
