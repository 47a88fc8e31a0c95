package dev.cairn.bgp.speaker;

import dev.cairn.bgp.wire.Communities;
import dev.cairn.bgp.wire.LargeCommunities;
import dev.cairn.rib.RibChange;
import dev.cairn.rib.RouteAttributes;
import java.util.List;
import java.util.function.Consumer;

/**
 * Redistribution into BGP: what the BGP channel of the RIB exports (the best routes of the sources
 * {@code bgp.redistribute} lists) is originated by the speaker, with the communities and large
 * communities the route's {@link RouteAttributes} carry (a Kubernetes Service's annotations,
 * GRACEFUL_SHUTDOWN while its node drains). A removal stops the origination. Runs on the speaker's
 * loop; knows no other protocol.
 */
public final class RibRedistribution implements Consumer<List<RibChange>> {
  private final BgpSpeaker speaker;

  public RibRedistribution(BgpSpeaker speaker) {
    this.speaker = speaker;
  }

  @Override
  public void accept(List<RibChange> changes) {
    for (RibChange c : changes) {
      if (c.removed()) {
        speaker.redistribute(c.prefix(), false);
      } else {
        RouteAttributes a = c.best().attributes();
        speaker.redistribute(c.prefix(), true, communities(a), largeCommunities(a));
      }
    }
  }

  /** The route's standard communities as BGP's attribute, or {@code null} for none. */
  static Communities communities(RouteAttributes a) {
    return a.communityCount() == 0 ? null : Communities.of(a.communities());
  }

  /** The route's large communities as BGP's attribute, or {@code null} for none. */
  static LargeCommunities largeCommunities(RouteAttributes a) {
    return a.largeCommunityCount() == 0 ? null : LargeCommunities.of(a.largeCommunities());
  }
}
