// Which step of the decision process chose between two paths (RFC 4271 §9.1.2.2).
package dev.cairn.bgp.decision;

/** Which step of the decision process (RFC 4271 §9.1.2.2, RFC 4456 §9) chose between two paths. */
public enum Reason {
  LOCAL_PREF("higher local-pref"),
  LOCALLY_ORIGINATED("locally originated"),
  AS_PATH_LENGTH("shorter AS path"),
  ORIGIN("lower origin"),
  MED("lower MED"),
  EBGP_OVER_IBGP("eBGP over iBGP"),
  IGP_METRIC("lower IGP metric to next hop"),
  ROUTER_ID("lower router ID"),
  CLUSTER_LIST_LENGTH("shorter cluster list"),
  NEIGHBOR_ADDRESS("lower neighbor address"),
  PATH_ID("lower path ID"),
  EQUAL("equal");

  private final String text;

  Reason(String text) {
    this.text = text;
  }

  /** True for the steps after which equal paths are candidates for multipath. */
  public boolean multipathTieBreaker() {
    return ordinal() >= ROUTER_ID.ordinal();
  }

  @Override
  public String toString() {
    return text;
  }
}
