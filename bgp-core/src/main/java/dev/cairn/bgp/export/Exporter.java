// What each neighbor is sent for a prefix: the attribute transforms of RFC 4271 §5.1 (AS_PATH
// prepend, NEXT_HOP, MED and LOCAL_PREF scope), route reflection (RFC 4456 §6, §8), the IPv6 next
// hop (RFC 4760 §3, RFC 2545), the export policy, and the Adj-RIB-Out bookkeeping (RFC 4271 §9.2).
package dev.cairn.bgp.export;

import dev.cairn.bgp.policy.PolicyNextHop;
import dev.cairn.bgp.policy.RoutePolicy;
import dev.cairn.bgp.table.Path;
import dev.cairn.bgp.wire.AsPath;
import dev.cairn.bgp.wire.PathAttributes;
import dev.cairn.net.Afi;
import dev.cairn.net.Family;
import dev.cairn.net.IpAddress;
import dev.cairn.net.IpPrefix;
import dev.cairn.net.Ipv4Address;

/**
 * Computes and records neighbors' exports. Export attributes before policy depend only on the path
 * and the session, so they are computed once per distinct attribute set ({@link ExportCache}); the
 * policy then runs per prefix. Changes are queued with {@link UpdateGroups}. Owned by the speaker's
 * loop.
 */
public final class Exporter {
  private final long asn;
  private int clusterId;
  private final UpdateGroups groups;
  private Advert lastV6Advert; // a run of IPv6 prefixes with one attribute set: one object
  // the next hop an export policy sees and may set (reused: exports do not nest)
  private final PolicyNextHop exportHop = new PolicyNextHop(null, null);

  public Exporter(long asn, int clusterId, UpdateGroups groups) {
    this.asn = asn;
    this.clusterId = clusterId;
    this.groups = groups;
  }

  /** The route-reflection cluster ID (RFC 4456 §7); callers clear the caches. */
  public void clusterId(int id) {
    clusterId = id;
  }

  /**
   * Brings {@code to} up to date with {@code prefix}'s best path {@code best}: announces its
   * export, or withdraws what {@code to} holds. {@code before} is the best path {@code to} was last
   * brought up to date with: when it exports the same, nothing is sent ({@code null}: unknown, send
   * in any case).
   */
  public void export(Outbound to, IpPrefix prefix, Path best, Path before) {
    Advert out = attributes(to, to.rules, to.cache, prefix, best);
    // membership first, in one probe of Adj-RIB-Out
    if (out == null) {
      if (!to.hold(prefix, false)) {
        return;
      }
    } else if (!to.hold(prefix, true)
        && before != null
        && !exportsDiffer(before, best)
        && out.equals(attributes(to, to.rules, to.cache, prefix, before))) {
      return;
    }
    groups.queue(to, prefix, out);
  }

  /**
   * Records that {@code to} gets {@code out} for {@code prefix} (null: withdrawn) and queues it.
   */
  public void change(Outbound to, IpPrefix prefix, Advert out) {
    to.hold(prefix, out != null);
    groups.queue(to, prefix, out);
  }

  /**
   * Whether two paths' exports surely differ without computing them: every export keeps the AS_PATH
   * or prepends to it, so different paths (outside confederations) export differently.
   */
  private static boolean exportsDiffer(Path a, Path b) {
    AsPath x = a.attrs().asPath();
    AsPath y = b.attrs().asPath();
    return x != y && x != null && y != null && !x.hasConfed() && !y.hasConfed() && !x.equals(y);
  }

  /** What {@code to} holds for {@code prefix} when {@code best} is its best path, or null. */
  public Advert attributes(Outbound to, IpPrefix prefix, Path best) {
    return attributes(to, to.rules, to.cache, prefix, best);
  }

  /**
   * What {@code to} should hold for {@code prefix} when {@code best} is its best path, under the
   * settings {@code rules} (with their cache); {@code null}: nothing (a withdrawal).
   */
  public Advert attributes(
      Outbound to, ExportRules rules, ExportCache cache, IpPrefix prefix, Path best) {
    if (best == null || best.from() == to.source || rules.policy() == RoutePolicy.REJECT_ALL) {
      return null; // (a neighbor we only learn from: nothing to build for it)
    }
    if (to.remoteOpen != null && !to.families.contains(familyOf(prefix))) {
      return null;
    }
    boolean ebgp = rules.ebgp();
    boolean fromIbgp = best.from() != null && !best.from().ebgp();
    boolean reflect = false;
    IpAddress mpNextHop = null;
    if (!ebgp && fromIbgp) {
      // RFC 4456 §6: a client's route goes to every iBGP neighbor, a non-client's to clients only
      if (!best.from().reflectionClient() && !rules.reflectionClient()) {
        return null; // iBGP split horizon
      }
      reflect = true;
    }
    boolean v6 = prefix.afi() == Afi.IPV6;
    if (v6 && best.from() != null && !ebgp && !(rules.nextHopSelf() && !reflect)) {
      mpNextHop = best.nextHop(); // iBGP keeps the IPv6 next hop it was given
    }
    // exported attribute sets are not interned: they live only until they are encoded (the
    // cache keeps the recent ones), and interning them would double the interner's table
    Advert cached = cache.get(best.attrs(), best.from(), v6);
    if (cached == null) {
      cached = new Advert(transform(to, rules, best, reflect, v6), null);
      cache.put(best.attrs(), best.from(), v6, cached);
    }
    PathAttributes pre = cached.attributes();
    PolicyNextHop h =
        exportHop.reset(
            v6 ? (mpNextHop != null ? mpNextHop : to.local.v6()) : pre.nextHop(),
            v6 ? to.local.v6() : to.local.v4());
    PathAttributes out = rules.policy().apply(prefix, pre, to.address(), h);
    if (out == null) {
      return null;
    }
    if (out != pre && v6) {
      out = out.toBuilder().nextHop(null).build();
    }
    if (!v6) {
      out = h.intoAttributes(prefix, out);
      // no IPv4 address to give as next hop (an IPv6 session on an interface without one)
      return out.nextHop() == null ? null : out == pre ? cached : new Advert(out, null);
    }
    IpAddress nh = h.current(); // ours, the one it was given (iBGP), or the policy's
    if (nh == null) {
      return null; // no global IPv6 address on the session's interface
    }
    Advert last = lastV6Advert;
    if (last != null && last.attributes() == out && last.mpNextHop().equals(nh)) {
      return last;
    }
    return lastV6Advert = new Advert(out, nh);
  }

  /**
   * The attributes {@code best} goes out with to {@code to}, before its export policy: what depends
   * only on the path and the session.
   */
  private PathAttributes transform(
      Outbound to, ExportRules rules, Path best, boolean reflect, boolean v6) {
    PathAttributes a = best.attrs();
    PathAttributes.Builder b = a.toBuilder();
    Ipv4Address selfV4 = to.local.v4();
    AsPath path = a.asPath() == null ? AsPath.EMPTY : a.asPath();
    if (rules.ebgp()) {
      b.asPath(path.withoutConfed().prepend(asn, 1)).localPref(-1).nextHop(selfV4);
      if (best.from() != null) {
        b.med(-1); // MED is not passed on to another AS (RFC 4271 §5.1.4)
      }
      b.originatorId(null).clusterList();
    } else {
      b.localPref(a.localPref() >= 0 ? a.localPref() : 100);
      if (best.from() == null || a.nextHop() == null || (rules.nextHopSelf() && !reflect)) {
        b.nextHop(selfV4);
      }
      if (reflect) {
        if (a.originatorId() == null) {
          b.originatorId(best.from().remoteId()); // RFC 4456 §8
        }
        b.prependClusterId(clusterId);
      }
    }
    if (v6) {
      b.nextHop(null); // the IPv6 next hop travels in MP_REACH_NLRI
    }
    return b.build();
  }

  static Family familyOf(IpPrefix p) {
    return p.afi() == Afi.IPV4 ? Family.IPV4_UNICAST : Family.IPV6_UNICAST;
  }
}
