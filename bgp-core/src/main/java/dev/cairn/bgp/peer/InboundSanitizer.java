// The checks an UPDATE's attributes pass before the import policy (RFC 4271 §5.1.5, §6.3; RFC 7606;
// RFC 4456 §8 attributes from eBGP).
package dev.cairn.bgp.peer;

import dev.cairn.bgp.wire.AsPath;
import dev.cairn.bgp.wire.AttributeInterner;
import dev.cairn.bgp.wire.PathAttributes;

/**
 * The checks an UPDATE's attributes pass where they enter, once per UPDATE and before the import
 * policy (DESIGN §9), so that a policy sees, matches and sets clean attributes:
 *
 * <ul>
 *   <li>from eBGP (cairn has no confederations, so every external neighbor): LOCAL_PREF is ignored
 *       (RFC 4271 §5.1.5), ORIGINATOR_ID and CLUSTER_LIST are discarded (RFC 7606 §7.5, §7.9, §7.10
 *       "attribute discard"), so none of them reaches best-path selection, loop detection or
 *       another neighbor;
 *   <li>from eBGP, an empty AS_PATH (RFC 4271 §5.1.2: every external speaker prepends its AS) and,
 *       unless {@link InboundRules#enforceFirstAs} is off, a path whose first AS is not the
 *       neighbor's (RFC 4271 §6.3) make the UPDATE's routes withdrawn (RFC 7606 §7.2);
 *   <li>an AS_PATH longer than {@link InboundRules#maxAsPathLength} makes them withdrawn too;
 *   <li>with {@link InboundRules#dropUnknownAttributes}, unknown optional transitive attributes are
 *       discarded instead of passed on.
 * </ul>
 *
 * Every finding is counted and logged rate-limited through the neighbor's {@link InputWarnings}.
 */
public final class InboundSanitizer {
  private InboundSanitizer() {}

  /**
   * The attributes to use for the routes of an UPDATE with attributes {@code a} (interned, {@code
   * a} itself when nothing changed, else interned by {@code interner}), or {@code null} when its
   * routes are to be treated as withdrawn.
   */
  public static PathAttributes sanitize(
      PathAttributes a,
      boolean ebgp,
      long peerAs,
      InboundRules rules,
      InputWarnings warnings,
      AttributeInterner interner) {
    AsPath path = a.asPath();
    if (path != null) {
      if (ebgp && path.isEmpty()) {
        warnings.treatAsWithdraw("empty AS_PATH from an external neighbor");
        return null;
      }
      if (ebgp && rules.enforceFirstAs() && path.firstAs() != peerAs) {
        warnings.treatAsWithdraw(
            "AS_PATH starts with AS " + path.firstAs() + ", not the neighbor's AS " + peerAs);
        return null;
      }
      int max = rules.maxAsPathLength();
      if (max > 0 && path.length() > max) {
        warnings.treatAsWithdraw(
            "AS_PATH of " + path.length() + " ASes, longer than max-as-path-length " + max);
        return null;
      }
    }
    boolean drop = rules.dropUnknownAttributes() && !a.unknown().isEmpty();
    if (!drop
        && (!ebgp || (a.localPref() < 0 && a.originatorId() == null && !a.hasClusterList()))) {
      return a; // the usual UPDATE: nothing to change, nothing built
    }
    PathAttributes.Builder b = a.toBuilder();
    if (ebgp && a.localPref() >= 0) {
      warnings.discarded("LOCAL_PREF " + a.localPref() + " from an external neighbor");
      b.localPref(-1);
    }
    if (ebgp && a.originatorId() != null) {
      warnings.discarded("ORIGINATOR_ID " + a.originatorId() + " from an external neighbor");
      b.originatorId(null);
    }
    if (ebgp && a.hasClusterList()) {
      warnings.discarded("CLUSTER_LIST from an external neighbor");
      b.clusterList();
    }
    if (drop) {
      // what the operator asked for: counted, but not an error of the neighbor's, so not logged
      warnings.unknownDropped();
      b.clearUnknown();
    }
    return interner.intern(b.build());
  }
}
