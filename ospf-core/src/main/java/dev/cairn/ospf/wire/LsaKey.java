package dev.cairn.ospf.wire;

/**
 * What identifies an LSA instance-independently (RFC 2328 12.1): type, LS id, advertising router.
 */
public record LsaKey(int type, int lsId, int advRouter) {
  @Override
  public String toString() {
    return "type" + type + "/" + Ipv4.str(lsId) + "/" + Ipv4.str(advRouter);
  }
}
