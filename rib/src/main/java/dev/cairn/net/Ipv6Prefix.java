package dev.cairn.net;

/**
 * An IPv6 prefix. Its primitive form for big tables is two {@code long}s (the address halves,
 * {@link #hi()} and {@link #lo()}) plus the length.
 */
public record Ipv6Prefix(long hi, long lo, int length) implements IpPrefix {

  public Ipv6Prefix {
    if (length < 0 || length > 128) {
      throw new AddressFormatException("IPv6 prefix length " + length + " is out of 0..128");
    }
    if ((hi & ~maskHi(length)) != 0 || (lo & ~maskLo(length)) != 0) {
      throw new AddressFormatException("IPv6 prefix has host bits set: use Ipv6Prefix.of");
    }
  }

  /** Builds a prefix, clearing host bits. */
  public static Ipv6Prefix of(long hi, long lo, int length) {
    if (length < 0 || length > 128) {
      throw new AddressFormatException("IPv6 prefix length " + length + " is out of 0..128");
    }
    return new Ipv6Prefix(hi & maskHi(length), lo & maskLo(length), length);
  }

  /** The mask of the upper 64 bits for a length. */
  public static long maskHi(int length) {
    return length == 0 ? 0 : length >= 64 ? -1L : -1L << (64 - length);
  }

  /** The mask of the lower 64 bits for a length. */
  public static long maskLo(int length) {
    return length <= 64 ? 0 : -1L << (128 - length);
  }

  @Override
  public Afi afi() {
    return Afi.IPV6;
  }

  @Override
  public Ipv6Address address() {
    return new Ipv6Address(hi, lo);
  }

  @Override
  public boolean contains(IpAddress a) {
    return a instanceof Ipv6Address v6
        && (v6.hi() & maskHi(length)) == hi
        && (v6.lo() & maskLo(length)) == lo;
  }

  @Override
  public boolean contains(IpPrefix p) {
    return p instanceof Ipv6Prefix q
        && q.length >= length
        && (q.hi & maskHi(length)) == hi
        && (q.lo & maskLo(length)) == lo;
  }

  @Override
  public String toString() {
    return address() + "/" + length;
  }

  /** Mixed (see {@link Ipv4Prefix#hashCode()}). */
  @Override
  public int hashCode() {
    long h = (hi * 0x9E3779B97F4A7C15L) ^ (lo * 0xC2B2AE3D27D4EB4FL) ^ length;
    h ^= h >>> 29;
    return (int) (h ^ (h >>> 32));
  }

  // equals (and hashCode) written out: a record's generated ones go through method handles,
  // slow until the JIT has compiled them, and these run per route while a first table arrives
  @Override
  public boolean equals(Object o) {
    return o == this
        || (o instanceof Ipv6Prefix p && p.hi == hi && p.lo == lo && p.length == length);
  }
}
