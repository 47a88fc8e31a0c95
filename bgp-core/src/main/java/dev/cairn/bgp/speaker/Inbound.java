// UPDATE processing for the Loc-RIB (RFC 4271 §9.1, §9.1.1: withdrawals, sanitation, loop
// detection, import policy, then the table; RFC 4456 §8 reflection loops; RFC 7606 findings;
// RFC 8326 GRACEFUL_SHUTDOWN; RFC 4724 End-of-RIB; RFC 4486 max-prefixes).
package dev.cairn.bgp.speaker;

import dev.cairn.bgp.peer.InboundSanitizer;
import dev.cairn.bgp.peer.Peer;
import dev.cairn.bgp.policy.PolicyNextHop;
import dev.cairn.bgp.policy.RoutePolicy;
import dev.cairn.bgp.table.LocRib;
import dev.cairn.bgp.wire.Communities;
import dev.cairn.bgp.wire.ErrorAction;
import dev.cairn.bgp.wire.MpReach;
import dev.cairn.bgp.wire.NlriList;
import dev.cairn.bgp.wire.PathAttributes;
import dev.cairn.bgp.wire.Update;
import dev.cairn.bgp.wire.WireError;
import dev.cairn.net.Family;
import dev.cairn.net.IpAddress;
import dev.cairn.net.IpPrefix;
import dev.cairn.net.Ipv6Address;
import java.util.List;

/** Turns a neighbor's UPDATEs into changes of the speaker's Loc-RIB; on the speaker's loop. */
final class Inbound {
  private final BgpSpeaker speaker;
  // the next hop an import policy sees and may set (reused: learn does not nest)
  private final PolicyNextHop importHop = new PolicyNextHop(null, null);

  Inbound(BgpSpeaker speaker) {
    this.speaker = speaker;
  }

  void receive(Peer from, Update u) {
    List<WireError> errors = u.errors();
    for (int i = 0; i < errors.size(); i++) { // (indexed: no iterator per UPDATE)
      WireError e = errors.get(i);
      if (e.action() == ErrorAction.TREAT_AS_WITHDRAW) {
        from.warnings().treatAsWithdraw(e.toString());
      } else {
        from.warnings().discarded(e.toString());
      }
    }
    Family eor = u.endOfRibFamily();
    if (eor != null) {
      speaker.sweepStale(from, eor);
      return;
    }
    for (int i = 0; i < u.withdrawn().size(); i++) {
      remove(from, u.withdrawn().prefix(i));
    }
    if (u.mpUnreach() != null) {
      NlriList w = u.mpUnreach().withdrawn();
      for (int i = 0; i < w.size(); i++) {
        remove(from, w.prefix(i));
      }
    }
    MpReach r = u.mpReach();
    if (u.attributes() == null || (u.nlri().isEmpty() && (r == null || r.nlri().isEmpty()))) {
      return;
    }
    // once per UPDATE, before the import policy: eBGP sanitation and limits (null: withdrawn)
    PathAttributes a =
        InboundSanitizer.sanitize(
            speaker.interner.intern(u.attributes()),
            from.ebgp(),
            from.cfg().peer().peerAs(),
            from.cfg().inbound(),
            from.warnings(),
            speaker.interner);
    if (a == null) {
      for (int i = 0; i < u.nlri().size(); i++) {
        remove(from, u.nlri().prefix(i));
      }
      for (int i = 0; r != null && i < r.nlri().size(); i++) {
        remove(from, r.nlri().prefix(i));
      }
      return;
    }
    boolean usable = !looped(from, a);
    if (!u.nlri().isEmpty()) {
      learn(from, u.nlri(), a, a.nextHop(), usable);
    }
    if (r != null) {
      IpAddress nh = r.nextHop();
      if (nh instanceof Ipv6Address v6 && v6.isLinkLocal()) {
        usable = false; // a link-local-only next hop needs an interface: not handled yet
      }
      learn(from, r.nlri(), a, nh, usable);
    }
  }

  private boolean looped(Peer from, PathAttributes a) {
    if (from.ebgp()) {
      return a.asPath() != null && a.asPath().contains(speaker.asn);
    }
    // RFC 4456 §8: our own route coming back, or one that has passed our cluster
    return (a.originatorId() != null && a.originatorId().equals(speaker.routerId))
        || a.clusterListContains(speaker.clusterId);
  }

  private void learn(Peer from, NlriList nlri, PathAttributes a, IpAddress nh, boolean usable) {
    RoutePolicy policy = from.cfg().effectiveImport();
    from.announced(nlri.afi(), nlri.size());
    LocRib rib = speaker.locRib;
    for (int i = 0; i < nlri.size(); i++) {
      IpPrefix p = nlri.prefix(i);
      PolicyNextHop h = importHop.reset(nh, PolicyNextHop.ofFamily(from.address(), p));
      PathAttributes accepted = usable ? policy.apply(p, a, from.address(), h) : null;
      if (accepted == null) {
        remove(from, p); // an implicit withdrawal of what this neighbor sent before
        continue;
      }
      accepted = h.intoAttributes(p, accepted);
      if (accepted.communities() != null
          && accepted.communities().contains(Communities.GRACEFUL_SHUTDOWN)
          && accepted.localPref() != 0) {
        // RFC 8326 §4.2: a path whose sender is about to go away is the least preferred
        accepted = accepted.toBuilder().localPref(0).build();
      }
      if (accepted != a) {
        accepted = speaker.interner.intern(accepted);
      }
      from.counted(p, 1);
      LocRib.Change c = rib.put(p, from, accepted, speaker.hop(h.current()));
      if (c.replaced()) {
        from.counted(p, -1);
      }
      speaker.apply(c);
      if (from.overLimit(p)) {
        return;
      }
    }
  }

  private void remove(Peer from, IpPrefix p) {
    LocRib.Change c = speaker.locRib.remove(p, from);
    if (c != null) {
      from.counted(p, -1);
      speaker.apply(c);
    }
  }
}
