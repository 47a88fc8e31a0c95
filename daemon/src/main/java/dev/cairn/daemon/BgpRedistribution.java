package dev.cairn.daemon;

import dev.cairn.bgp.speaker.BgpSpeaker;
import dev.cairn.config.BgpConfig;
import dev.cairn.event.EventLoop;
import dev.cairn.net.IpPrefix;
import dev.cairn.rib.Rib;
import dev.cairn.rib.RibChange;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What BGP takes from the RIB: the best routes of the protocols named in {@code bgp.redistribute},
 * offered to the export policies (with the communities a Kubernetes route asks for). Owned by the
 * BGP loop; the set of protocols changes in place on reload.
 */
final class BgpRedistribution {
  private final BgpSpeaker speaker;
  private final Rib rib;
  private final EventLoop loop;
  private volatile KubernetesLink kubernetes;

  // owned by the BGP loop: what redistribution offers to BGP
  private final Set<String> redistribute = new HashSet<>();
  private final Map<IpPrefix, String> ribFamilies = new HashMap<>();

  BgpRedistribution(BgpSpeaker speaker, Rib rib, EventLoop loop) {
    this.speaker = speaker;
    this.rib = rib;
    this.loop = loop;
  }

  /** The protocols {@code b} redistributes into BGP (BGP's own routes are already there). */
  static Set<String> protocols(BgpConfig b) {
    Set<String> out = new HashSet<>();
    b.redistribute().forEach(p -> out.add(p.configName()));
    out.remove("bgp");
    return out;
  }

  Rib rib() {
    return rib;
  }

  /** Where the communities of Kubernetes routes come from. */
  void setKubernetes(KubernetesLink k) {
    kubernetes = k;
  }

  /** Starts following the RIB (on the BGP loop). */
  void start(BgpConfig b) {
    redistribute.addAll(protocols(b));
    // the RIB's best routes of the redistributed protocols are offered to BGP's export policies
    rib.subscribe(loop, p -> !p.family().equals("bgp"), this::ribChanged);
  }

  Set<String> protocols() {
    return redistribute;
  }

  /** Another set of protocols (on the BGP loop): every route the RIB offered is offered again. */
  void setProtocols(Set<String> wanted) {
    if (!wanted.equals(redistribute)) {
      redistribute.clear();
      redistribute.addAll(wanted);
      ribFamilies.forEach(this::offer);
    }
  }

  private void ribChanged(List<RibChange> changes) {
    for (RibChange c : changes) {
      String family = c.best() == null ? null : c.best().protocol().family();
      if (family == null || family.equals("bgp")) {
        // BGP's own routes coming back: only a prefix redistributed until now needs a word
        if (ribFamilies.remove(c.prefix()) != null) {
          speaker.redistribute(c.prefix(), false);
        }
        continue;
      }
      ribFamilies.put(c.prefix(), family);
      offer(c.prefix(), family);
    }
  }

  /** Redistributes {@code prefix} (on the BGP loop) with the attributes its source asks for. */
  private void offer(IpPrefix prefix, String family) {
    boolean present = redistribute.contains(family);
    KubernetesLink k = kubernetes;
    if (family.equals("kubernetes") && k != null) {
      speaker.redistribute(prefix, present, k.communities(prefix), k.largeCommunities(prefix));
    } else {
      speaker.redistribute(prefix, present);
    }
  }

  /** A Kubernetes route's communities changed (e.g. the node drains): announce it again. */
  void kubernetesAttributesChanged(IpPrefix prefix) {
    if ("kubernetes".equals(ribFamilies.get(prefix))) {
      offer(prefix, "kubernetes");
    }
  }
}
