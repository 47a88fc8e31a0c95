package dev.cairn.net;

/**
 * An IPv4 or IPv6 address. Values are immutable and compare by family first (every IPv4 address
 * sorts before every IPv6 address), then numerically.
 */
public sealed interface IpAddress extends Comparable<IpAddress> permits Ipv4Address, Ipv6Address {

  Afi afi();

  /** Network byte order, 4 or 16 bytes. */
  byte[] toBytes();

  /** The bit at position {@code i}, counted from the most significant bit (0). */
  boolean bit(int i);

  /**
   * Parses dotted-quad IPv4 or RFC 4291 IPv6 text (including {@code ::} compression and an embedded
   * IPv4 tail). Never consults DNS.
   *
   * @throws AddressFormatException with a message naming the problem
   */
  static IpAddress parse(String text) {
    if (text == null || text.isEmpty()) {
      throw new AddressFormatException("empty address");
    }
    return text.indexOf(':') >= 0 ? Ipv6Address.parse(text) : Ipv4Address.parse(text);
  }

  /** The address for 4 or 16 bytes in network order. */
  static IpAddress fromBytes(byte[] b) {
    return switch (b.length) {
      case 4 -> Ipv4Address.fromBytes(b, 0);
      case 16 -> Ipv6Address.fromBytes(b, 0);
      default -> throw new AddressFormatException("an address has 4 or 16 bytes, not " + b.length);
    };
  }

  @Override
  default int compareTo(IpAddress o) {
    if (this instanceof Ipv4Address a && o instanceof Ipv4Address b) {
      return Integer.compareUnsigned(a.bits(), b.bits());
    }
    if (this instanceof Ipv6Address a && o instanceof Ipv6Address b) {
      int c = Long.compareUnsigned(a.hi(), b.hi());
      return c != 0 ? c : Long.compareUnsigned(a.lo(), b.lo());
    }
    return this instanceof Ipv4Address ? -1 : 1;
  }
}
