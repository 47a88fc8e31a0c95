package dev.cairn.ospf;

/**
 * A ceiling on the AS-external LSDB, in the spirit of RFC 1765's overflow state. An AS-external-LSA
 * is the cheapest thing to inject into OSPF (one neighbor redistributing a full BGP table is a
 * million of them) and every router of the AS stores it, runs it through SPF and may offer it to
 * the kernel. At the ceiling, a <em>new</em> AS-external-LSA of another router (a key we do not
 * hold) is refused: not installed, not flooded further, not requested in a database exchange.
 * Instances of LSAs we already hold (refreshes, changes, flushes) are always taken, and our own
 * origination is never limited, so the database stays consistent for what it holds.
 *
 * <p>A refused LSA is acknowledged: the sender then stops retransmitting it (it would otherwise
 * resend it every RxmtInterval forever, and its MaxAge copies could never leave its database), and
 * an adjacency that requested it still reaches Full. The cost is the one RFC 1765 accepts: the
 * databases of this router and its neighbors differ for the refused keys, so some external
 * destinations are unreachable through this router until the count falls below the ceiling and
 * their originators refresh them (at most LSRefreshTime, 30 minutes). Entering and leaving the
 * state are logged; refusals are counted. Runs on the router's loop.
 */
final class ExternalLimit {
  /** The default: far above what a gateway redistributes, far below a full Internet table. */
  static final int DEFAULT = 100_000;

  private final OspfRouter router;
  private int max = DEFAULT;
  private boolean overflow;
  volatile long refused;

  ExternalLimit(OspfRouter router) {
    this.router = router;
  }

  void setMax(int max) {
    if (max < 0) {
      throw new IllegalArgumentException("max-external-lsas " + max + " is negative");
    }
    this.max = max;
  }

  int max() {
    return max;
  }

  boolean overflow() {
    return overflow;
  }

  /**
   * Whether a new AS-external-LSA (a key not in the LSDB, not ours) may be installed now; a refusal
   * is counted.
   */
  boolean admitNew() {
    if (router.external.size() < max) {
      if (overflow) {
        overflow = false;
        router.log("AS-external LSDB below max-external-lsas " + max + ": accepting new LSAs");
      }
      return true;
    }
    if (!overflow) {
      overflow = true;
      router.log(
          "AS-external LSDB holds "
              + router.external.size()
              + " LSAs, max-external-lsas "
              + max
              + ": refusing new AS-external LSAs");
    }
    refused++;
    return false;
  }
}
