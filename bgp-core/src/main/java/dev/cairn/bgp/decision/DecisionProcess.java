// The BGP decision process and multipath selection (RFC 4271 §9.1.2.2, RFC 4456 §9).
package dev.cairn.bgp.decision;

import java.util.List;

/**
 * The BGP decision process (RFC 4271 §9.1.2.2, RFC 4456 §9 for reflected routes) and multipath
 * selection. Paths reaching this class already have a resolvable next hop (unreachable ones are
 * excluded by the caller, RFC 4271 §9.1.2.1). Pure functions, no state.
 *
 * <p>Order: higher LOCAL_PREF; locally originated; shorter AS_PATH; lower ORIGIN; lower MED (within
 * one neighbor AS unless always-compare-med); eBGP over iBGP; lower IGP metric; then the
 * tie-breakers after which equal paths may share the route as multipath: lower router ID
 * (ORIGINATOR_ID for reflected paths), shorter CLUSTER_LIST, lower neighbor address, lower path ID.
 */
public final class DecisionProcess {
  private DecisionProcess() {}

  /** The step that decides between {@code a} and {@code b}; {@link Reason#EQUAL} if none. */
  public static Reason decidingStep(Ranked a, Ranked b, DecisionOptions opt) {
    return step(a, b, opt, true);
  }

  /**
   * Negative when {@code a} is preferred, positive when {@code b} is, 0 when they are the same path
   * for every step.
   */
  public static int compare(Ranked a, Ranked b, DecisionOptions opt) {
    return compare(a, b, opt, true);
  }

  private static int compare(Ranked a, Ranked b, DecisionOptions opt, boolean withMed) {
    Reason r = step(a, b, opt, withMed);
    return r == Reason.EQUAL ? 0 : sign(a, b, r);
  }

  private static Reason step(Ranked a, Ranked b, DecisionOptions opt, boolean withMed) {
    if (a.localPref() != b.localPref()) {
      return Reason.LOCAL_PREF;
    }
    if (a.local() != b.local()) {
      return Reason.LOCALLY_ORIGINATED;
    }
    if (a.asPathLength() != b.asPathLength()) {
      return Reason.AS_PATH_LENGTH;
    }
    if (a.origin() != b.origin()) {
      return Reason.ORIGIN;
    }
    if (withMed
        && a.med() != b.med()
        && (opt.alwaysCompareMed() || a.neighborAs() == b.neighborAs())) {
      return Reason.MED;
    }
    if (a.ebgp() != b.ebgp()) {
      return Reason.EBGP_OVER_IBGP;
    }
    if (a.igpMetric() != b.igpMetric()) {
      return Reason.IGP_METRIC;
    }
    if (a.routerId() != b.routerId()) {
      return Reason.ROUTER_ID;
    }
    if (a.clusterListLength() != b.clusterListLength()) {
      return Reason.CLUSTER_LIST_LENGTH;
    }
    int addr = compareAddress(a, b);
    if (addr != 0) {
      return Reason.NEIGHBOR_ADDRESS;
    }
    if (a.pathId() != b.pathId()) {
      return Reason.PATH_ID;
    }
    return Reason.EQUAL;
  }

  private static int sign(Ranked a, Ranked b, Reason r) {
    return switch (r) {
      case LOCAL_PREF -> Long.compare(b.localPref(), a.localPref());
      case LOCALLY_ORIGINATED -> a.local() ? -1 : 1;
      case AS_PATH_LENGTH -> Integer.compare(a.asPathLength(), b.asPathLength());
      case ORIGIN -> Integer.compare(a.origin(), b.origin());
      case MED -> Long.compare(a.med(), b.med());
      case EBGP_OVER_IBGP -> a.ebgp() ? -1 : 1;
      case IGP_METRIC -> Long.compare(a.igpMetric(), b.igpMetric());
      case ROUTER_ID -> Integer.compareUnsigned(a.routerId(), b.routerId());
      case CLUSTER_LIST_LENGTH -> Integer.compare(a.clusterListLength(), b.clusterListLength());
      case NEIGHBOR_ADDRESS -> compareAddress(a, b);
      case PATH_ID -> Integer.compareUnsigned(a.pathId(), b.pathId());
      case EQUAL -> 0;
    };
  }

  private static int compareAddress(Ranked a, Ranked b) {
    if (a.neighborAddress() == null || b.neighborAddress() == null) {
      return a.neighborAddress() == b.neighborAddress() ? 0 : a.neighborAddress() == null ? -1 : 1;
    }
    return a.neighborAddress().compareTo(b.neighborAddress());
  }

  /** Multipath needs the same AS_PATH (or only the same length with as-path-relax). */
  static boolean multipathCompatible(Ranked a, Ranked b, DecisionOptions opt) {
    if (a.ebgp() != b.ebgp()) {
      return false;
    }
    if (opt.asPathRelax()) {
      return true; // equal length already established by the comparison
    }
    return a.neighborAs() == b.neighborAs() && java.util.Objects.equals(a.asPath(), b.asPath());
  }

  /** The outcome of selection: the best path's index and the indexes forming the ECMP set. */
  public record Selection(int best, int[] multipath) {}

  /**
   * Selects the best of {@code paths} (none may be {@code null}) and the multipath set (the best
   * first, then the other paths equal to it up to the tie-breakers, in preference order, up to
   * max-paths). With deterministic MED, paths are first grouped by neighbor AS and MED only decides
   * inside a group (RFC 4271 §9.1.2.2 c applied per group), so the outcome does not depend on the
   * order of {@code paths}.
   *
   * @return {@code null} when {@code paths} is empty
   */
  public static Selection select(List<? extends Ranked> paths, DecisionOptions opt) {
    int n = paths.size();
    if (n == 0) {
      return null;
    }
    int best;
    if (opt.deterministicMed() && !opt.alwaysCompareMed()) {
      best = selectDeterministic(paths, opt);
    } else {
      best = 0;
      for (int i = 1; i < n; i++) {
        if (compare(paths.get(i), paths.get(best), opt) < 0) {
          best = i;
        }
      }
    }
    Ranked b = paths.get(best);
    int max = b.ebgp() ? opt.ebgpMaxPaths() : opt.ibgpMaxPaths();
    if (max <= 1 || b.local()) {
      return new Selection(best, new int[] {best});
    }
    // the others equal to the best up to the tie-breakers, in preference order (insertion sort:
    // a handful of paths, no boxing)
    int[] equal = new int[n];
    int count = 0;
    for (int i = 0; i < n; i++) {
      if (i == best) {
        continue;
      }
      Ranked p = paths.get(i);
      Reason r = decidingStep(b, p, opt);
      if ((r == Reason.EQUAL || r.multipathTieBreaker()) && multipathCompatible(b, p, opt)) {
        int at = count++;
        while (at > 0 && compare(p, paths.get(equal[at - 1]), opt) < 0) {
          equal[at] = equal[at - 1];
          at--;
        }
        equal[at] = i;
      }
    }
    int size = Math.min(max, count + 1);
    int[] mp = new int[size];
    mp[0] = best;
    System.arraycopy(equal, 0, mp, 1, size - 1);
    return new Selection(best, mp);
  }

  private static int selectDeterministic(List<? extends Ranked> paths, DecisionOptions opt) {
    // best per neighbor AS (MED applies inside the group), then the winners without MED
    int[] winners = new int[paths.size()];
    int groups = 0;
    for (int i = 0; i < paths.size(); i++) {
      Ranked p = paths.get(i);
      int slot = -1;
      for (int w = 0; w < groups; w++) {
        if (paths.get(winners[w]).neighborAs() == p.neighborAs()) {
          slot = w;
          break;
        }
      }
      if (slot < 0) {
        winners[groups++] = i;
      } else if (compare(p, paths.get(winners[slot]), opt) < 0) {
        winners[slot] = i;
      }
    }
    int best = winners[0];
    for (int w = 1; w < groups; w++) {
      int c = compare(paths.get(winners[w]), paths.get(best), opt, false);
      if (c < 0) {
        best = winners[w];
      }
    }
    return best;
  }
}
