package dev.cairn.cli;

import dev.cairn.net.AddressFormatException;
import dev.cairn.net.IpAddress;
import dev.cairn.net.IpPrefix;
import java.util.List;

/**
 * A command tree of the daemon's shape for the fuzz targets: keywords, abbreviations, {@code json}
 * tails, and value words checked and parsed by the same address and prefix parsers as cairnd's
 * {@code Commands} (whose actions need a running daemon).
 */
final class FuzzGrammar {
  private FuzzGrammar() {}

  static boolean isAddress(String w) {
    try {
      IpAddress.parse(w);
      return true;
    } catch (AddressFormatException e) {
      return false;
    }
  }

  static boolean isPrefix(String w, boolean v4) {
    try {
      return IpPrefix.parse(w).afi().ordinal() == (v4 ? 0 : 1);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  static CommandTree tree() {
    CommandTree t = new CommandTree();
    CommandTree.Node show = t.root().keyword("show", "Show running state");
    show.keyword("version", "Version").jsonAction(inv -> "version " + inv.json());
    show.keyword("interfaces", "Interfaces")
        .jsonAction(inv -> "interfaces")
        .value("NAME", "One interface", w -> !w.isEmpty(), () -> List.of("lo", "eth0"))
        .jsonAction(inv -> "interface " + inv.value("NAME"));
    CommandTree.Node bgp = show.keyword("bgp", "BGP information");
    bgp.keyword("summary", "One line per neighbor").jsonAction(inv -> "summary " + inv.json());
    CommandTree.Node addr =
        bgp.keyword("neighbors", "Neighbor details")
            .jsonAction(inv -> "neighbors")
            .value("ADDR", "Neighbor address", FuzzGrammar::isAddress, () -> List.of("192.0.2.2"))
            .jsonAction(inv -> "neighbor " + IpAddress.parse(inv.value("ADDR")));
    addr.keyword("received-routes", "Accepted routes").jsonAction(inv -> "rx");
    addr.keyword("advertised-routes", "Sent routes").jsonAction(inv -> "tx");
    for (String fam : List.of("ipv4", "ipv6")) {
      boolean v4 = fam.equals("ipv4");
      bgp.keyword(fam, fam + " paths")
          .jsonAction(inv -> fam)
          .value("PREFIX", "One prefix", w -> isPrefix(w, v4), () -> List.of("203.0.113.0/24"))
          .jsonAction(inv -> fam + " " + IpPrefix.parse(inv.value("PREFIX")));
    }
    CommandTree.Node ip = show.keyword("ip", "IPv4 state");
    ip.keyword("route", "The RIB")
        .jsonAction(inv -> "rib")
        .value("PREFIX", "One prefix", w -> isPrefix(w, true), List::of)
        .jsonAction(inv -> "rib " + IpPrefix.parse(inv.value("PREFIX")));
    CommandTree.Node ospf = ip.keyword("ospf", "OSPFv2");
    ospf.keyword("neighbor", "Neighbors").jsonAction(inv -> "ospf neighbors");
    ospf.keyword("interface", "Interfaces").jsonAction(inv -> "ospf interfaces");
    CommandTree.Node soft =
        t.root()
            .keyword("clear", "Reset or refresh")
            .keyword("bgp", "BGP sessions")
            .value("ADDR", "Neighbor address", FuzzGrammar::isAddress, List::of)
            .action(inv -> "clear " + IpAddress.parse(inv.value("ADDR")))
            .keyword("soft", "Refresh")
            .action(inv -> "soft");
    soft.keyword("in", "ROUTE-REFRESH").action(inv -> "in");
    soft.keyword("out", "Send again").action(inv -> "out");
    t.root().keyword("reload", "Re-read the configuration").action(inv -> "reloaded");
    return t;
  }
}
