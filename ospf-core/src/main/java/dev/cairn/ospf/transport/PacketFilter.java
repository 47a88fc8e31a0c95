package dev.cairn.ospf.transport;

/**
 * The checks a received OSPF packet passes on the socket's reader thread, before anything is queued
 * for the OSPF loop (RFC 2328 8.1, 8.2, A.1). Pure: the IP header's TTL, source and destination
 * against one interface's address, prefix length and network type. Each refusal has a {@link
 * Reason}; {@code null} means accepted.
 *
 * <ul>
 *   <li>{@link Reason#OWN_ADDRESS}: sent from our own address (a looped-back or spoofed copy).
 *   <li>{@link Reason#DESTINATION}: addressed neither to AllSPFRouters (224.0.0.5), AllDRouters
 *       (224.0.0.6) nor the interface's address (8.2).
 *   <li>{@link Reason#TTL}: multicast with an IP TTL other than 1 (8.1, A.1: OSPF multicasts never
 *       leave the link, so another TTL means a packet that crossed a router: an off-link sender).
 *   <li>{@link Reason#SOURCE_SUBNET}: on a broadcast network, a source outside the interface's
 *       subnet (8.2; point-to-point links are exempt, their ends may be unnumbered or in different
 *       subnets).
 * </ul>
 *
 * {@link Reason#QUEUE_FULL} is not a check here: it is what the bounded queue into the loop counts.
 */
public final class PacketFilter {
  /** Why a packet was dropped; {@link #label} is the metric's {@code reason}. */
  public enum Reason {
    TTL("ttl"),
    DESTINATION("destination"),
    SOURCE_SUBNET("source-subnet"),
    OWN_ADDRESS("own-address"),
    QUEUE_FULL("queue-full");

    private final String label;

    Reason(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  private final int address;
  private final int mask;
  private final boolean pointToPoint;

  /** For an interface with {@code address/prefixLength}, point-to-point or broadcast. */
  public PacketFilter(int address, int prefixLength, boolean pointToPoint) {
    if (prefixLength < 0 || prefixLength > 32) {
      throw new IllegalArgumentException("prefix length " + prefixLength);
    }
    this.address = address;
    this.mask = prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
    this.pointToPoint = pointToPoint;
  }

  /** The reason to drop a packet with this IP TTL, source and destination, or null to accept it. */
  public Reason check(int ttl, int source, int destination) {
    if (source == address) {
      return Reason.OWN_ADDRESS;
    }
    boolean multicast =
        destination == OspfTransport.ALL_SPF_ROUTERS || destination == OspfTransport.ALL_D_ROUTERS;
    if (!multicast && destination != address) {
      return Reason.DESTINATION;
    }
    if (multicast && ttl != 1) {
      return Reason.TTL;
    }
    if (!pointToPoint && (source & mask) != (address & mask)) {
      return Reason.SOURCE_SUBNET;
    }
    return null;
  }
}
