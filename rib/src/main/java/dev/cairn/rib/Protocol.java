package dev.cairn.rib;

/**
 * Where a route comes from, with the administrative distance operators know from other routers
 * (lower wins). Distances are defaults; the RIB may be configured otherwise.
 */
public enum Protocol {
  CONNECTED(0),
  STATIC(1),
  EBGP(20),
  OSPF_INTRA_AREA(110),
  OSPF_INTER_AREA(110),
  OSPF_EXTERNAL_1(110),
  OSPF_EXTERNAL_2(110),
  KUBERNETES(190),
  IBGP(200);

  private final int defaultDistance;

  Protocol(int defaultDistance) {
    this.defaultDistance = defaultDistance;
  }

  public int defaultDistance() {
    return defaultDistance;
  }

  /** The family name used in config ({@code redistribute: [static, ospf, ...]}) and the CLI. */
  public String family() {
    return switch (this) {
      case EBGP, IBGP -> "bgp";
      case OSPF_INTRA_AREA, OSPF_INTER_AREA, OSPF_EXTERNAL_1, OSPF_EXTERNAL_2 -> "ospf";
      default -> name().toLowerCase();
    };
  }
}
