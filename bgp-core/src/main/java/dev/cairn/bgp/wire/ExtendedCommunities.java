package dev.cairn.bgp.wire;

import java.util.Arrays;

/** EXTENDED_COMMUNITIES (RFC 4360): 8-octet values, kept in received order, immutable. */
public final class ExtendedCommunities {
  private final long[] values;
  private final int hash;

  private ExtendedCommunities(long[] values) {
    this.values = values;
    this.hash = Arrays.hashCode(values);
  }

  public static ExtendedCommunities of(long... values) {
    return new ExtendedCommunities(values.clone());
  }

  static ExtendedCommunities wrap(long[] values) {
    return new ExtendedCommunities(values);
  }

  public int size() {
    return values.length;
  }

  public long get(int i) {
    return values[i];
  }

  public boolean contains(long v) {
    for (long x : values) {
      if (x == v) {
        return true;
      }
    }
    return false;
  }

  /** Route target, 2-octet AS specific (type 0x00, subtype 0x02): {@code rt:ASN:VALUE}. */
  public static long routeTarget(int asn, long value) {
    return 0x0002L << 48 | (asn & 0xffffL) << 32 | (value & 0xffffffffL);
  }

  /** Route origin, 2-octet AS specific (type 0x00, subtype 0x03): {@code soo:ASN:VALUE}. */
  public static long routeOrigin(int asn, long value) {
    return 0x0003L << 48 | (asn & 0xffffL) << 32 | (value & 0xffffffffL);
  }

  /**
   * Text for one value: {@code rt:ASN:VAL} / {@code soo:ASN:VAL} for the 2-octet-AS route target
   * and origin, otherwise {@code 0x} and 16 hex digits.
   */
  public static String format(long v) {
    int typeSub = (int) (v >>> 48);
    String kind = typeSub == 0x0002 ? "rt" : typeSub == 0x0003 ? "soo" : null;
    if (kind != null) {
      return kind + ":" + ((v >>> 32) & 0xffff) + ":" + (v & 0xffffffffL);
    }
    return String.format("0x%016x", v);
  }

  /** Parses what {@link #format} prints. */
  public static long parse(String s) {
    if (s.startsWith("0x")) {
      try {
        return Long.parseUnsignedLong(s.substring(2), 16);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("extended community '" + s + "' is not hex");
      }
    }
    String[] f = s.split(":", -1);
    if (f.length == 3 && (f[0].equals("rt") || f[0].equals("soo"))) {
      int asn = (int) Communities.parseField(s, f[1], 0xffff);
      long val = Communities.parseField(s, f[2], 0xffffffffL);
      return f[0].equals("rt") ? routeTarget(asn, val) : routeOrigin(asn, val);
    }
    throw new IllegalArgumentException(
        "extended community '" + s + "' is not rt:ASN:VALUE, soo:ASN:VALUE or 0xHEX");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ExtendedCommunities c && c.hash == hash && Arrays.equals(c.values, values);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < values.length; i++) {
      sb.append(i > 0 ? " " : "").append(format(values[i]));
    }
    return sb.append(']').toString();
  }
}
