package dev.cairn.k8s;

import java.util.HashSet;
import java.util.Set;

/**
 * Logs what a Service asked for and did not get (an external IP outside the allowed ranges, a
 * community not on the allow-list) once per Service and reason, not on every recomputation or
 * resync: a reason is logged again only after it went away and came back. Not thread-safe: the
 * adapter's thread owns it.
 */
final class IgnoredLog {
  private static final System.Logger LOG = System.getLogger(IgnoredLog.class.getName());

  /** Something a Service asked for that the configuration does not allow. */
  record Ignored(String service, String what) {}

  private Set<Ignored> logged = new HashSet<>();
  private Set<Ignored> seen = new HashSet<>();

  /** Notes {@code i} during a recomputation (the {@link RouteModel}'s sink). */
  void note(Ignored i) {
    if (seen.add(i) && !logged.contains(i)) {
      LOG.log(System.Logger.Level.WARNING, "service {0}: {1}", i.service(), i.what());
    }
  }

  /** Ends a recomputation: what was not noted in it may be logged again later. */
  void endOfRound() {
    logged = seen;
    seen = new HashSet<>();
  }
}
