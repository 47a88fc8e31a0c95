package dev.cairn.daemon;

import dev.cairn.bgp.export.Advert;
import dev.cairn.bgp.speaker.BgpSpeaker;
import dev.cairn.cli.CommandException;
import dev.cairn.cli.CommandTree;
import dev.cairn.event.EventLoop;
import dev.cairn.net.Afi;
import dev.cairn.net.IpAddress;
import dev.cairn.net.IpPrefix;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The BGP {@code show} commands whose output grows with the table: {@code show bgp ipv4|ipv6
 * [PREFIX]} and {@code show bgp neighbors ADDR received-routes|advertised-routes}. Each walks its
 * table in slices on the speaker's loop ({@link SlicedWalk}), turns each slice into {@link
 * BgpViews} rows on the caller's thread and writes them as they come ({@link BgpText} or {@link
 * JsonStream}), so a million routes neither hold the loop nor become one string.
 */
final class BgpTableCommands {
  private final EventLoop loop;
  private final BgpSpeaker speaker;

  /**
   * @param speaker the BGP speaker, null when BGP is not configured
   */
  BgpTableCommands(EventLoop loop, BgpSpeaker speaker) {
    this.loop = loop;
    this.speaker = speaker;
  }

  /**
   * Adds {@code ipv4|ipv6 [PREFIX]} under {@code show bgp} (prefixes completed by {@code prefixes})
   * and {@code received-routes|advertised-routes} under {@code show bgp neighbors ADDR}.
   */
  void show(CommandTree.Node bgp, CommandTree.Node neighbor, Function<Afi, List<String>> prefixes) {
    neighbor
        .keyword("received-routes", "Routes accepted from the neighbor (after import policy)")
        .jsonStream((inv, out) -> adjRib(inv, true, out));
    neighbor
        .keyword("advertised-routes", "Routes sent to the neighbor (after export policy)")
        .jsonStream((inv, out) -> adjRib(inv, false, out));
    for (Afi afi : Afi.values()) {
      String fam = afi == Afi.IPV4 ? "ipv4" : "ipv6";
      CommandTree.Node f =
          bgp.keyword(fam, (afi == Afi.IPV4 ? "IPv4" : "IPv6") + " unicast paths, best marked")
              .jsonStream((inv, out) -> table(inv, afi, null, out));
      f.value("PREFIX", "One prefix", w -> Commands.isPrefix(w, afi), () -> prefixes.apply(afi))
          .jsonStream((inv, out) -> table(inv, afi, IpPrefix.parse(inv.value("PREFIX")), out));
    }
  }

  // ------------------------------------------------------------------ the Loc-RIB

  /** {@code show bgp ipv4|ipv6 [PREFIX] [json]}. */
  private void table(CommandTree.Invocation inv, Afi afi, IpPrefix only, Appendable out)
      throws CommandException, IOException {
    BgpSpeaker s = BgpCommands.speaker(speaker);
    Map<IpPrefix, List<BgpSpeaker.PathView>> one = null;
    if (only != null) {
      one = LoopQuery.on(loop, () -> s.paths(afi, only));
      if (one.isEmpty()) {
        throw new CommandException("% Network not in table: " + only);
      }
    }
    JsonStream json =
        inv.json()
            ? JsonStream.open(
                out,
                new BgpViews.TableHead(afi == Afi.IPV4 ? "ipv4-unicast" : "ipv6-unicast"),
                "routes")
            : null;
    if (json == null) {
      BgpText.tableHead(out);
    }
    long[] count = {0};
    SlicedWalk.Sink<Map<IpPrefix, List<BgpSpeaker.PathView>>> sink =
        t -> {
          for (Map.Entry<IpPrefix, List<BgpSpeaker.PathView>> e : t.entrySet()) {
            BgpViews.Route r =
                new BgpViews.Route(
                    e.getKey().toString(),
                    e.getValue().stream().map(BgpTableCommands::path).toList());
            count[0]++;
            if (json != null) {
              json.add(r);
            } else {
              BgpText.route(r, out);
            }
          }
        };
    if (one != null) {
      sink.accept(one);
    } else {
      SlicedWalk.walk(loop, () -> s.prefixes(afi), s::paths, sink);
    }
    if (json != null) {
      json.close();
    } else {
      BgpText.total(count[0], out);
    }
  }

  // ------------------------------------------------------------------ Adj-RIBs

  /** {@code show bgp neighbors ADDR received-routes|advertised-routes [json]}. */
  private void adjRib(CommandTree.Invocation inv, boolean received, Appendable out)
      throws CommandException, IOException {
    BgpSpeaker s = BgpCommands.speaker(speaker);
    IpAddress a = IpAddress.parse(inv.value("ADDR"));
    if (!LoopQuery.on(loop, () -> s.hasNeighbor(a))) {
      throw new CommandException("% No such neighbor: " + a);
    }
    JsonStream json =
        inv.json()
            ? JsonStream.open(
                out,
                new BgpViews.AdjRibHead(a.toString(), received ? "received" : "advertised"),
                "routes")
            : null;
    long[] count = {0};
    for (Afi afi : Afi.values()) {
      if (received) {
        SlicedWalk.walk(
            loop,
            () -> s.prefixes(afi),
            slice -> s.received(a, slice),
            rx -> {
              for (Map.Entry<IpPrefix, BgpSpeaker.PathView> e : rx.entrySet()) {
                BgpViews.Received r =
                    new BgpViews.Received(path(e.getValue()), e.getKey().toString());
                count[0]++;
                if (json != null) {
                  json.add(r);
                } else {
                  BgpText.received(r, out);
                }
              }
            });
      } else {
        SlicedWalk.walk(
            loop,
            () -> s.advertisedPrefixes(a, afi),
            slice -> s.advertised(a, slice),
            tx -> {
              for (Map.Entry<IpPrefix, Advert> e : tx.entrySet()) {
                BgpViews.Advertised r = advertised(e.getKey(), e.getValue());
                count[0]++;
                if (json != null) {
                  json.add(r);
                } else {
                  BgpText.advertised(r, out);
                }
              }
            });
      }
    }
    if (json != null) {
      json.close();
    } else {
      BgpText.total(count[0], out);
    }
  }

  // ------------------------------------------------------------------ views

  static BgpViews.Path path(BgpSpeaker.PathView p) {
    return new BgpViews.Path(
        p.from() == null ? null : p.from().toString(),
        p.nextHop() == null ? null : p.nextHop().toString(),
        p.best(),
        p.multipath(),
        p.stale(),
        p.nextHopReachable(),
        p.igpMetric(),
        new BgpViews.Attributes(p.attributes()));
  }

  static BgpViews.Advertised advertised(IpPrefix prefix, Advert adv) {
    return new BgpViews.Advertised(
        prefix.toString(),
        adv.nextHop() == null ? null : adv.nextHop().toString(),
        new BgpViews.Attributes(adv.attributes()),
        adv.mpNextHop() == null ? null : adv.mpNextHop().toString());
  }
}
