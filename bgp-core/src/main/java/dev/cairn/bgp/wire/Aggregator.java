// The AGGREGATOR attribute (RFC 4271 §5.1.7; RFC 6793 4-octet).
package dev.cairn.bgp.wire;

import dev.cairn.net.Ipv4Address;
import java.util.Objects;

/** AGGREGATOR (RFC 4271 §5.1.7) with a 4-octet AS (RFC 6793). */
public record Aggregator(long asn, Ipv4Address address) {
  public Aggregator {
    Objects.requireNonNull(address, "address");
    if (asn < 0 || asn > 0xffffffffL) {
      throw new IllegalArgumentException("AS number out of range: " + asn);
    }
  }

  @Override
  public String toString() {
    return asn + " " + address;
  }
}
