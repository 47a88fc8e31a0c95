package dev.cairn.rib;

/**
 * Where a route comes from, with the administrative distance operators know from other routers
 * (lower wins), and the {@link Source} whose channel offers it. Distances are defaults; the RIB may
 * be configured otherwise.
 */
public enum Protocol {
  CONNECTED(0, Source.CONNECTED),
  STATIC(1, Source.STATIC),
  EBGP(20, Source.BGP),
  OSPF_INTRA_AREA(110, Source.OSPF),
  OSPF_INTER_AREA(110, Source.OSPF),
  OSPF_EXTERNAL_1(110, Source.OSPF),
  OSPF_EXTERNAL_2(110, Source.OSPF),
  KUBERNETES(190, Source.KUBERNETES),
  IBGP(200, Source.BGP);

  private final int defaultDistance;
  private final Source source;

  Protocol(int defaultDistance, Source source) {
    this.defaultDistance = defaultDistance;
    this.source = source;
  }

  public int defaultDistance() {
    return defaultDistance;
  }

  /** The source whose channel offers routes of this protocol. */
  public Source source() {
    return source;
  }
}
