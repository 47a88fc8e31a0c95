// The OPEN message (RFC 4271 §4.2; capabilities RFC 5492).
package dev.cairn.bgp.wire;

import dev.cairn.net.Ipv4Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * OPEN (RFC 4271 §4.2) with its optional parameters as sent, so that decode then encode gives the
 * same octets.
 *
 * @param version always 4 on the wire that cairn accepts
 * @param myAs the 2-octet "My Autonomous System" field: the AS, or AS_TRANS (23456) when the AS
 *     needs 4 octets (RFC 6793)
 * @param holdTime seconds: 0 or at least 3
 */
public record Open(
    int version,
    int myAs,
    int holdTime,
    Ipv4Address bgpIdentifier,
    List<OptionalParameter> parameters)
    implements BgpMessage {

  public static final int VERSION = 4;
  public static final int AS_TRANS = 23456;

  public Open {
    Objects.requireNonNull(bgpIdentifier, "bgpIdentifier");
    parameters = List.copyOf(parameters);
    if (myAs < 0 || myAs > 0xffff || holdTime < 0 || holdTime > 0xffff) {
      throw new IllegalArgumentException("myAs and holdTime are 2-octet fields");
    }
  }

  /**
   * The OPEN a speaker sends: version 4, all capabilities in one optional parameter, and the
   * 4-octet AS capability carrying {@code asn} added when it is not in {@code capabilities}.
   */
  public static Open of(
      long asn, int holdTime, Ipv4Address bgpIdentifier, List<Capability> capabilities) {
    List<Capability> caps = new ArrayList<>(capabilities);
    if (caps.stream().noneMatch(c -> c instanceof Capability.FourOctetAs)) {
      caps.add(new Capability.FourOctetAs(asn));
    }
    int field = asn > 0xffff ? AS_TRANS : (int) asn;
    return new Open(
        VERSION, field, holdTime, bgpIdentifier, List.of(new OptionalParameter.Capabilities(caps)));
  }

  /** Every capability of every capabilities parameter, in order. */
  public List<Capability> capabilities() {
    List<Capability> all = new ArrayList<>();
    for (OptionalParameter p : parameters) {
      if (p instanceof OptionalParameter.Capabilities c) {
        all.addAll(c.capabilities());
      }
    }
    return all;
  }

  /** The first capability of a type, if advertised. */
  public <T extends Capability> Optional<T> capability(Class<T> type) {
    for (Capability c : capabilities()) {
      if (type.isInstance(c)) {
        return Optional.of(type.cast(c));
      }
    }
    return Optional.empty();
  }

  /** The speaker's AS: from the 4-octet AS capability when present, else the 2-octet field. */
  public long asn() {
    return capability(Capability.FourOctetAs.class)
        .map(Capability.FourOctetAs::asn)
        .orElse((long) myAs);
  }

  @Override
  public MessageType type() {
    return MessageType.OPEN;
  }

  /** One line for logs: {@code OPEN as 65001 hold 90 id 192.0.2.1 caps [...]}. */
  @Override
  public String toString() {
    StringBuilder sb =
        new StringBuilder("OPEN as ")
            .append(asn())
            .append(" hold ")
            .append(holdTime)
            .append(" id ")
            .append(bgpIdentifier)
            .append(" caps [");
    List<Capability> caps = capabilities();
    for (int i = 0; i < caps.size(); i++) {
      sb.append(i > 0 ? ", " : "").append(Capability.describe(caps.get(i)));
    }
    for (OptionalParameter p : parameters) {
      if (p instanceof OptionalParameter.Unknown u) {
        sb.append(", param ").append(u.type());
      }
    }
    return sb.append(']').toString();
  }
}
