package dev.cairn.daemon;

import dev.cairn.bgp.fsm.MessageCounters;
import dev.cairn.bgp.fsm.SessionState;
import dev.cairn.bgp.speaker.BgpSpeaker;
import dev.cairn.cli.CommandException;
import dev.cairn.cli.CommandTree;
import dev.cairn.config.CairnConfig;
import dev.cairn.config.NeighborConfig;
import dev.cairn.event.EventLoop;
import dev.cairn.net.IpAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * {@code show bgp summary}, {@code show bgp neighbors [ADDR]} and {@code clear bgp ADDR [soft
 * [in|out]]}: the speaker's neighbors, read on its loop into {@link BgpViews}, and the resets and
 * refreshes it runs there. The tables are {@link BgpTableCommands}.
 */
final class BgpCommands {
  private final EventLoop loop;
  private final BgpSpeaker speaker;
  private final Supplier<CairnConfig> config;
  private final Callable<Set<IpAddress>> meshPeers;

  /**
   * @param speaker the BGP speaker, null when BGP is not configured
   * @param meshPeers the neighbors found through the Kubernetes node mesh (run on {@code loop})
   */
  BgpCommands(
      EventLoop loop,
      BgpSpeaker speaker,
      Supplier<CairnConfig> config,
      Callable<Set<IpAddress>> meshPeers) {
    this.loop = loop;
    this.speaker = speaker;
    this.config = config;
    this.meshPeers = meshPeers;
  }

  /** Adds {@code summary} and {@code neighbors [ADDR]} under {@code show bgp}. */
  CommandTree.Node show(CommandTree.Node bgp) {
    bgp.keyword("summary", "One line per neighbor")
        .jsonAction(inv -> inv.json() ? Json.write(summary()) : BgpText.summary(summary()));
    CommandTree.Node nb =
        bgp.keyword("neighbors", "Neighbor details").jsonAction(inv -> neighbors(inv, null));
    return nb.value("ADDR", "Neighbor address", Commands::isAddress, this::neighborAddresses)
        .jsonAction(inv -> neighbors(inv, IpAddress.parse(inv.value("ADDR"))));
  }

  /** Adds {@code bgp ADDR [soft [in|out]]} under {@code clear}. */
  void clear(CommandTree.Node clear) {
    CommandTree.Node cb =
        clear
            .keyword("bgp", "BGP sessions")
            .value("ADDR", "Neighbor address", Commands::isAddress, this::neighborAddresses)
            .action(inv -> clear(inv, "hard"));
    CommandTree.Node soft =
        cb.keyword("soft", "Without a reset: refresh both directions")
            .action(inv -> clear(inv, "soft"));
    soft.keyword("in", "Ask the neighbor to send its routes again (ROUTE-REFRESH)")
        .action(inv -> clear(inv, "in"));
    soft.keyword("out", "Send the neighbor its routes again").action(inv -> clear(inv, "out"));
  }

  /** One line for systemd's STATUS. */
  String statusLine() {
    if (speaker == null) {
      return "no BGP";
    }
    List<BgpSpeaker.NeighborDetail> n = LoopQuery.on(loop, speaker::neighbors);
    long up = n.stream().filter(x -> x.state() == SessionState.ESTABLISHED).count();
    return up + " of " + n.size() + " BGP neighbors established";
  }

  List<String> neighborAddresses() {
    if (speaker == null) {
      return List.of();
    }
    return LoopQuery.on(loop, speaker::neighbors).stream()
        .map(n -> n.address().toString())
        .toList();
  }

  static BgpSpeaker speaker(BgpSpeaker s) throws CommandException {
    if (s == null) {
      throw new CommandException("% BGP is not configured");
    }
    return s;
  }

  // ------------------------------------------------------------------ views

  BgpViews.Summary summary() throws CommandException {
    BgpSpeaker s = speaker(speaker);
    List<BgpSpeaker.NeighborDetail> ns = LoopQuery.on(loop, s::neighbors);
    CairnConfig cfg = config.get();
    List<BgpViews.SummaryRow> rows = new ArrayList<>();
    for (BgpSpeaker.NeighborDetail n : ns) {
      rows.add(
          new BgpViews.SummaryRow(
              n.address().toString(),
              n.asn(),
              stateName(n.state()),
              uptime(n),
              n.prefixesAccepted(),
              n.prefixesAdvertised(),
              total(n.messages().in()),
              total(n.messages().out())));
    }
    return new BgpViews.Summary(cfg.bgpRouterId().toString(), cfg.bgp().get().asn(), rows);
  }

  private String neighbors(CommandTree.Invocation inv, IpAddress only) throws CommandException {
    BgpViews.Neighbors v = neighbors(only);
    return inv.json() ? Json.write(v) : BgpText.neighbors(v);
  }

  BgpViews.Neighbors neighbors(IpAddress only) throws CommandException {
    BgpSpeaker s = speaker(speaker);
    List<BgpSpeaker.NeighborDetail> ns =
        LoopQuery.on(loop, s::neighbors).stream()
            .filter(n -> only == null || n.address().equals(only))
            .toList();
    if (only != null && ns.isEmpty()) {
      throw new CommandException("% No such neighbor: " + only);
    }
    Set<IpAddress> mesh = LoopQuery.on(loop, meshPeers);
    CairnConfig cfg = config.get();
    List<BgpViews.Neighbor> rows = new ArrayList<>();
    for (BgpSpeaker.NeighborDetail n : ns) {
      NeighborConfig nc =
          cfg.bgp()
              .flatMap(b -> b.neighbor(n.address()))
              .orElse(
                  mesh.contains(n.address())
                      ? KubernetesLink.meshNeighbor(cfg.bgp().get(), n.address(), false)
                      : null);
      rows.add(neighbor(n, nc));
    }
    return new BgpViews.Neighbors(rows);
  }

  private static BgpViews.Neighbor neighbor(BgpSpeaker.NeighborDetail n, NeighborConfig nc) {
    boolean limit = n.maxPrefixes() > 0;
    Map<String, Long> in = new LinkedHashMap<>();
    Map<String, Long> out = new LinkedHashMap<>();
    for (MessageCounters.Kind k : MessageCounters.Kind.values()) {
      in.put(k.name().toLowerCase().replace('_', '-'), n.messages().in(k));
      out.put(k.name().toLowerCase().replace('_', '-'), n.messages().out(k));
    }
    return new BgpViews.Neighbor(
        n.address().toString(),
        n.asn(),
        n.ebgp() ? "ebgp" : "ibgp",
        nc == null ? null : nc.description().orElse(null),
        stateName(n.state()),
        uptime(n),
        n.lastError(),
        n.flaps(),
        n.remoteRouterId() == null ? null : n.remoteRouterId().toString(),
        n.holdTime(),
        n.families().stream().map(Object::toString).toList(),
        n.routeReflectorClient(),
        nc == null ? null : nc.importPolicy().orElse(null),
        nc == null ? null : nc.exportPolicy().orElse(null),
        new BgpViews.Prefixes(
            n.prefixesAccepted(),
            n.prefixesAdvertised(),
            n.announcementsV4() + n.announcementsV6(),
            n.changesQueued(),
            limit ? n.maxPrefixes() : null,
            limit ? n.maxPrefixWarningPercent() : null,
            limit ? n.maxPrefixWarning() : null),
        new BgpViews.InputErrors(
            n.treatAsWithdraw(), n.attributesDiscarded(), n.unknownAttributesDropped()),
        new BgpViews.Messages(in, out),
        nc != null);
  }

  private static long uptime(BgpSpeaker.NeighborDetail n) {
    return n.establishedAtNanos() == 0
        ? 0
        : (System.nanoTime() - n.establishedAtNanos()) / 1_000_000_000L;
  }

  static String stateName(SessionState s) {
    return switch (s) {
      case IDLE -> "Idle";
      case CONNECT -> "Connect";
      case ACTIVE -> "Active";
      case OPEN_SENT -> "OpenSent";
      case OPEN_CONFIRM -> "OpenConfirm";
      case ESTABLISHED -> "Established";
    };
  }

  private static long total(long[] counts) {
    long t = 0;
    for (long c : counts) {
      t += c;
    }
    return t;
  }

  // ------------------------------------------------------------------ clear

  private String clear(CommandTree.Invocation inv, String how) throws CommandException {
    BgpSpeaker s = speaker(speaker);
    IpAddress a = IpAddress.parse(inv.value("ADDR"));
    if (!LoopQuery.on(loop, () -> s.hasNeighbor(a))) {
      throw new CommandException("% No such neighbor: " + a);
    }
    switch (how) {
      case "hard" -> {
        LoopQuery.on(loop, () -> s.hardReset(a));
        return "neighbor " + a + ": session reset (Cease / Administrative Reset)\n";
      }
      case "in" -> {
        if (!LoopQuery.on(loop, () -> s.softIn(a))) {
          throw new CommandException("% Neighbor " + a + " is not Established");
        }
        return "neighbor " + a + ": route refresh requested\n";
      }
      case "out" -> {
        if (!LoopQuery.on(loop, () -> s.softOut(a))) {
          throw new CommandException("% Neighbor " + a + " is not Established");
        }
        return "neighbor " + a + ": routes sent again\n";
      }
      default -> {
        boolean in = LoopQuery.on(loop, () -> s.softIn(a));
        boolean out = LoopQuery.on(loop, () -> s.softOut(a));
        if (!in && !out) {
          throw new CommandException("% Neighbor " + a + " is not Established");
        }
        return "neighbor " + a + ": route refresh requested and routes sent again\n";
      }
    }
  }
}
