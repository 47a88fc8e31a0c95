package dev.cairn.daemon;

import dev.cairn.bgp.speaker.BgpSpeaker;
import dev.cairn.bgp.speaker.RibRedistribution;
import dev.cairn.config.BgpConfig;
import dev.cairn.config.Protocol;
import dev.cairn.event.EventLoop;
import dev.cairn.rib.Channel;
import dev.cairn.rib.Rib;
import java.util.Set;
import java.util.TreeSet;

/**
 * What BGP takes from the RIB: the export filter of the RIB's bgp channel, which passes the best
 * routes of the sources named in {@code bgp.redistribute} to the speaker's export policies, with
 * the attributes their routes carry (a Kubernetes Service's communities). The set changes in place
 * on reload: the channel re-filters and sends only what changed.
 */
final class BgpRedistribution {
  private final BgpSpeaker speaker;
  private final Rib rib;
  private final Channel channel;
  private final EventLoop loop;
  private volatile Set<Protocol> protocols = Set.of();

  BgpRedistribution(BgpSpeaker speaker, Rib rib, Channel channel, EventLoop loop) {
    this.speaker = speaker;
    this.rib = rib;
    this.channel = channel;
    this.loop = loop;
  }

  /** The protocols {@code b} redistributes into BGP, by their config names (for reload answers). */
  static Set<String> protocols(BgpConfig b) {
    Set<String> out = new TreeSet<>();
    b.redistribute().forEach(p -> out.add(p.configName()));
    out.remove("bgp");
    return out;
  }

  Rib rib() {
    return rib;
  }

  /** Starts exporting the RIB's best routes of {@code b}'s redistributed sources to BGP. */
  void start(BgpConfig b) {
    protocols = Set.copyOf(b.redistribute());
    channel.export(
        loop, Channel.Export.of(Protocol.sources(protocols)), new RibRedistribution(speaker));
  }

  Set<String> protocols() {
    Set<String> out = new TreeSet<>();
    protocols.forEach(p -> out.add(p.configName()));
    out.remove("bgp");
    return out;
  }

  /** Another set of sources (a reload): the channel re-filters the RIB's routes. */
  void setProtocols(BgpConfig b) {
    if (!b.redistribute().equals(protocols)) {
      protocols = Set.copyOf(b.redistribute());
      channel.setExport(Channel.Export.of(Protocol.sources(protocols)));
    }
  }
}
