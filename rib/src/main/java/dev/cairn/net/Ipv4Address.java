package dev.cairn.net;

/** An IPv4 address held in one {@code int} (network order: the first octet is the top byte). */
public record Ipv4Address(int bits) implements IpAddress {
  public static final Ipv4Address ANY = new Ipv4Address(0);

  @Override
  public Afi afi() {
    return Afi.IPV4;
  }

  @Override
  public byte[] toBytes() {
    return new byte[] {
      (byte) (bits >>> 24), (byte) (bits >>> 16), (byte) (bits >>> 8), (byte) bits
    };
  }

  @Override
  public boolean bit(int i) {
    java.util.Objects.checkIndex(i, 32);
    return (bits << i) < 0;
  }

  public static Ipv4Address fromBytes(byte[] b, int off) {
    return new Ipv4Address(
        (b[off] & 0xff) << 24
            | (b[off + 1] & 0xff) << 16
            | (b[off + 2] & 0xff) << 8
            | (b[off + 3] & 0xff));
  }

  /** Parses strict dotted-quad text: four decimal octets 0..255, no leading zeros. */
  public static Ipv4Address parse(String s) {
    return new Ipv4Address(parseBits(s, 0, s.length(), s, "IPv4"));
  }

  /**
   * Parses the dotted quad in {@code s[from, to)}; errors quote {@code whole} as an invalid {@code
   * kind} ("IPv4", or "IPv6" for the dotted tail of an IPv6 address).
   */
  static int parseBits(String s, int from, int to, String whole, String kind) {
    int value = 0;
    int octets = 0;
    int i = from;
    while (true) {
      int start = i;
      int octet = 0;
      while (i < to && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        octet = octet * 10 + (s.charAt(i) - '0');
        i++;
        if (i - start > 3) {
          throw bad(kind, whole, "octet has more than three digits");
        }
      }
      if (i == start) {
        throw bad(kind, whole, i < to ? "unexpected '" + s.charAt(i) + "'" : "missing octet");
      }
      if (octet > 255) {
        throw bad(kind, whole, "octet " + octet + " is greater than 255");
      }
      if (i - start > 1 && s.charAt(start) == '0') {
        throw bad(kind, whole, "octet with a leading zero is ambiguous");
      }
      value = value << 8 | octet;
      octets++;
      if (i == to) {
        break;
      }
      if (s.charAt(i) != '.') {
        throw bad(kind, whole, "unexpected '" + s.charAt(i) + "'");
      }
      if (octets == 4) {
        throw bad(kind, whole, "more than four octets");
      }
      i++;
    }
    if (octets != 4) {
      throw bad(kind, whole, "expected four octets, found " + octets);
    }
    return value;
  }

  private static AddressFormatException bad(String kind, String s, String why) {
    return new AddressFormatException("invalid " + kind + " address '" + s + "': " + why);
  }

  @Override
  public String toString() {
    return (bits >>> 24)
        + "."
        + ((bits >>> 16) & 0xff)
        + "."
        + ((bits >>> 8) & 0xff)
        + "."
        + (bits & 0xff);
  }

  /** Mixed (see {@link Ipv4Prefix#hashCode()}). */
  @Override
  public int hashCode() {
    int h = bits * 0x9E3779B9;
    return h ^ (h >>> 15);
  }

  // equals (and hashCode) written out: a record's generated ones go through method handles,
  // slow until the JIT has compiled them, and these run per route while a first table arrives
  @Override
  public boolean equals(Object o) {
    return o == this || (o instanceof Ipv4Address a && a.bits == bits);
  }
}
