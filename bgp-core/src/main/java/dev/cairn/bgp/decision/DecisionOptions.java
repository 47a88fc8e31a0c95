// Knobs of the decision process and multipath (RFC 4271 §9.1.2.2 MED rules, ECMP).
package dev.cairn.bgp.decision;

/**
 * Knobs of the decision process and of multipath.
 *
 * @param alwaysCompareMed compare MED between paths from different neighbor ASes
 * @param deterministicMed group paths by neighbor AS before comparing MED, so the result does not
 *     depend on arrival order
 * @param ebgpMaxPaths how many equal eBGP paths form one ECMP route (1 = no multipath)
 * @param ibgpMaxPaths how many equal iBGP paths form one ECMP route
 * @param asPathRelax paths with AS_PATHs of equal length but different content may be multipath
 */
public record DecisionOptions(
    boolean alwaysCompareMed,
    boolean deterministicMed,
    int ebgpMaxPaths,
    int ibgpMaxPaths,
    boolean asPathRelax) {

  public static final DecisionOptions DEFAULT = new DecisionOptions(false, true, 1, 1, false);

  public DecisionOptions {
    if (ebgpMaxPaths < 1 || ibgpMaxPaths < 1) {
      throw new IllegalArgumentException("max-paths is at least 1");
    }
  }
}
