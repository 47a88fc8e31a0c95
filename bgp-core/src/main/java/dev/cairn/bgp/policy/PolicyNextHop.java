// The next hop of a route while a policy runs on it (RFC 4271 §5.1.3, RFC 4760 §3).
package dev.cairn.bgp.policy;

import dev.cairn.bgp.wire.PathAttributes;
import dev.cairn.net.Afi;
import dev.cairn.net.IpAddress;
import dev.cairn.net.IpPrefix;
import dev.cairn.net.Ipv4Address;

/**
 * The next hop of a route while a policy runs on it, which {@link
 * dev.cairn.bgp.wire.PathAttributes} cannot always hold (an IPv6 next hop travels in MP_REACH_NLRI,
 * not in NEXT_HOP): the next hop the route has, the address {@code self} stands for, and the next
 * hop the policy sets, if any. The speaker makes one per call, or reuses one on its loop.
 */
public final class PolicyNextHop {
  private IpAddress current;
  private IpAddress self;
  private boolean changed;

  /**
   * @param current the route's next hop (null for none)
   * @param self what {@code next-hop: self} stands for: on export the session's local address for
   *     the route's family, on import the neighbor's address; null where there is none
   */
  public PolicyNextHop(IpAddress current, IpAddress self) {
    reset(current, self);
  }

  public PolicyNextHop reset(IpAddress current, IpAddress self) {
    this.current = current;
    this.self = self;
    this.changed = false;
    return this;
  }

  /** The next hop as changed so far (what a later term's {@code next-hop} criterion sees). */
  public IpAddress current() {
    return current;
  }

  /** What {@code self} stands for here, or null. */
  public IpAddress self() {
    return self;
  }

  /** Sets the next hop; null leaves it as it is. */
  public void set(IpAddress nextHop) {
    if (nextHop != null) {
      current = nextHop;
      changed = true;
    }
  }

  /** Sets the next hop to {@link #self()} (no change where that is unknown). */
  public void setSelf() {
    set(self);
  }

  /** Whether a policy set the next hop ({@link #current()} then is the new one). */
  public boolean changed() {
    return changed;
  }

  /** {@code address} if it is of {@code prefix}'s family, else null. */
  public static IpAddress ofFamily(IpAddress address, IpPrefix prefix) {
    return address != null && address.afi() == prefix.afi() ? address : null;
  }

  /**
   * {@code a} with the IPv4 next hop the policy set on an IPv4 route written into NEXT_HOP (an IPv6
   * route's next hop is not an attribute: the caller takes {@link #current()}).
   */
  public PathAttributes intoAttributes(IpPrefix prefix, PathAttributes a) {
    if (changed
        && prefix.afi() == Afi.IPV4
        && current instanceof Ipv4Address v4
        && !v4.equals(a.nextHop())) {
      return a.toBuilder().nextHop(v4).build();
    }
    return a;
  }
}
