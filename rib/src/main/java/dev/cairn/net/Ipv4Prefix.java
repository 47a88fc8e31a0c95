package dev.cairn.net;

/**
 * An IPv4 prefix. Its primitive form for big tables is one {@code long}: {@link #pack()} puts the
 * address in bits 8..39 and the length in bits 0..7, so packed values sort like prefixes.
 */
public record Ipv4Prefix(int bits, int length) implements IpPrefix {

  public Ipv4Prefix {
    if (length < 0 || length > 32) {
      throw new AddressFormatException("IPv4 prefix length " + length + " is out of 0..32");
    }
    if ((bits & ~mask(length)) != 0) {
      throw new AddressFormatException("IPv4 prefix has host bits set: use Ipv4Prefix.of");
    }
  }

  /** Builds a prefix, clearing host bits. */
  public static Ipv4Prefix of(int bits, int length) {
    if (length < 0 || length > 32) {
      throw new AddressFormatException("IPv4 prefix length " + length + " is out of 0..32");
    }
    return new Ipv4Prefix(bits & mask(length), length);
  }

  /** The netmask for a length: {@code mask(24) == 0xffffff00}. */
  public static int mask(int length) {
    return length == 0 ? 0 : -1 << (32 - length);
  }

  @Override
  public Afi afi() {
    return Afi.IPV4;
  }

  @Override
  public Ipv4Address address() {
    return new Ipv4Address(bits);
  }

  @Override
  public boolean contains(IpAddress a) {
    return a instanceof Ipv4Address v4 && (v4.bits() & mask(length)) == bits;
  }

  @Override
  public boolean contains(IpPrefix p) {
    return p instanceof Ipv4Prefix q && q.length >= length && (q.bits & mask(length)) == bits;
  }

  /** The primitive encoding: {@code (address << 8) | length}, unsigned. */
  public long pack() {
    return pack(bits, length);
  }

  public static long pack(int bits, int length) {
    return (bits & 0xffffffffL) << 8 | length;
  }

  public static Ipv4Prefix unpack(long packed) {
    if ((packed >>> 40) != 0) {
      throw new AddressFormatException(
          "packed IPv4 prefix 0x" + Long.toHexString(packed) + " has bits above bit 39");
    }
    return new Ipv4Prefix((int) (packed >>> 8), (int) (packed & 0xff));
  }

  public static int packedBits(long packed) {
    return (int) (packed >>> 8);
  }

  public static int packedLength(long packed) {
    return (int) (packed & 0xff);
  }

  @Override
  public String toString() {
    return address() + "/" + length;
  }

  /**
   * Mixed, not the record's {@code 31 * bits + length}: prefixes of one table differ in a few
   * middle bits, which that formula leaves colliding in hash tables.
   */
  @Override
  public int hashCode() {
    return hashCode(bits, length);
  }

  /** The hash code of prefix {@code bits/length} (for tables that keep prefixes packed). */
  public static int hashCode(int bits, int length) {
    int h = (bits ^ (length << 26)) * 0x9E3779B9;
    return h ^ (h >>> 15);
  }

  // equals (and hashCode) written out: a record's generated ones go through method handles,
  // slow until the JIT has compiled them, and these run per route while a first table arrives
  @Override
  public boolean equals(Object o) {
    return o == this || (o instanceof Ipv4Prefix p && p.bits == bits && p.length == length);
  }
}
