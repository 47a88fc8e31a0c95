package dev.cairn.config;

import dev.cairn.net.Ipv4Address;
import java.util.Objects;

/**
 * A route-target or site-of-origin extended community (RFC 4360), written {@code rt:ASN:N}, {@code
 * rt:IPV4:N}, {@code soo:ASN:N}. The administrator is a 2-octet ASN (local part 32 bits), a 4-octet
 * ASN or an IPv4 address (local part 16 bits).
 *
 * @param kind {@code rt} or {@code soo}
 * @param administrator canonical text of the ASN or address
 */
public record ExtCommunity(String kind, String administrator, long assigned) {
  public ExtCommunity {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(administrator, "administrator");
  }

  public static ExtCommunity parse(String text) {
    String[] p = text.split(":", -1);
    if (p.length != 3 || !(p[0].equals("rt") || p[0].equals("soo"))) {
      throw new IllegalArgumentException(
          "invalid extended community '" + text + "' (expected rt:ADMIN:N or soo:ADMIN:N)");
    }
    if (!p[2].matches("[0-9]{1,10}")) {
      throw new IllegalArgumentException(
          "invalid extended community '" + text + "': '" + p[2] + "' is not a number");
    }
    long assigned = Long.parseLong(p[2]);
    String admin;
    long max;
    if (p[1].contains(".") && p[1].chars().filter(c -> c == '.').count() == 3) {
      admin = Ipv4Address.parse(p[1]).toString();
      max = 0xFFFF;
    } else {
      long asn = Asn.parse(p[1]);
      admin = Long.toString(asn);
      max = asn <= 0xFFFF ? 0xFFFF_FFFFL : 0xFFFF;
    }
    if (assigned > max) {
      throw new IllegalArgumentException(
          "invalid extended community '" + text + "': local part must be at most " + max);
    }
    return new ExtCommunity(p[0], admin, assigned);
  }

  /**
   * The 8 octets sent on the wire: type (0x00 two-octet AS specific, 0x01 IPv4 address specific,
   * RFC 4360 §3; 0x02 four-octet AS specific, RFC 5668), sub-type (0x02 route target, 0x03 route
   * origin), the administrator, then the assigned number.
   */
  public long value() {
    long sub = kind.equals("rt") ? 0x02 : 0x03;
    if (administrator.indexOf('.') >= 0) {
      long ip = Ipv4Address.parse(administrator).bits() & 0xFFFF_FFFFL;
      return 0x01L << 56 | sub << 48 | ip << 16 | assigned;
    }
    long asn = Long.parseLong(administrator);
    if (asn <= 0xFFFF) {
      return sub << 48 | asn << 32 | assigned;
    }
    return 0x02L << 56 | sub << 48 | asn << 16 | assigned;
  }

  @Override
  public String toString() {
    return kind + ":" + administrator + ":" + assigned;
  }
}
