package dev.cairn.daemon;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * What the {@code show ip ospf} commands show, as immutable values taken from the OSPF instance on
 * its loop: {@link OspfText} renders them for people, {@link Json} as the JSON of docs/cli.md
 * (kebab-case keys in this order; {@code @JsonIgnore} marks what only the text shows).
 */
final class OspfViews {
  private OspfViews() {}

  /** {@code show ip ospf neighbor}. */
  record Neighbors(List<Neighbor> neighbors) {}

  /** One neighbor (RFC 2328 §10): its state and the DR/BDR it declares. */
  record Neighbor(
      String routerId,
      String address,
      @JsonProperty("interface") String interfaceName,
      int priority,
      String state,
      String dr,
      String bdr,
      int retransmissions,
      int requests) {}

  /** {@code show ip ospf interface}. */
  record Interfaces(List<Interface> interfaces) {}

  /** One interface (RFC 2328 §9): {@code address} is ADDRESS/LENGTH. */
  record Interface(
      String name,
      String area,
      String address,
      String state,
      String dr,
      String bdr,
      int cost,
      boolean passive,
      int neighbors,
      int adjacencies,
      long droppedPackets) {}

  /**
   * {@code show ip ospf database}: LSA headers per area, and the AS-external LSAs (flooded into
   * every area but stub ones) in a list of their own, with the limit on them.
   */
  record Database(
      List<AreaLsas> areas,
      List<Lsa> external,
      @JsonIgnore int maxExternalLsas,
      @JsonIgnore long externalLsasRefused) {}

  /** One area's database. */
  record AreaLsas(String area, List<Lsa> lsas) {}

  /** One LSA header (RFC 2328 §12.1); {@code sequence} as 0x%08x. */
  record Lsa(int type, String linkStateId, String advertisingRouter, int age, String sequence) {}

  /** {@code show ip ospf route}. */
  record Routes(List<Route> routes) {}

  /** One route of the SPF (RFC 2328 §16); {@code metric} is the one the RIB gets. */
  record Route(
      String prefix,
      String type,
      long cost,
      long type2Cost,
      List<String> nextHops,
      @JsonIgnore long metric) {}
}
