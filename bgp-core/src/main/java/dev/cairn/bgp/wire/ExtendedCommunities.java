// The EXTENDED_COMMUNITIES attribute (RFC 4360).
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
   * and origin, {@code rt:A.B.C.D:VAL} for the IPv4-address-specific ones (type 0x01), {@code
   * rt:ASN:VAL} for the 4-octet-AS ones (type 0x02, RFC 5668) whose ASN is above 65535, otherwise
   * {@code 0x} and 16 hex digits.
   */
  public static String format(long v) {
    int type = (int) (v >>> 56);
    int sub = (int) (v >>> 48) & 0xff;
    String kind = sub == 0x02 ? "rt" : sub == 0x03 ? "soo" : null;
    if (kind != null && type == 0x00) {
      return kind + ":" + ((v >>> 32) & 0xffff) + ":" + (v & 0xffffffffL);
    }
    if (kind != null && type == 0x01) {
      long ip = (v >>> 16) & 0xffffffffL;
      return kind
          + ":"
          + (ip >>> 24)
          + "."
          + ((ip >>> 16) & 0xff)
          + "."
          + ((ip >>> 8) & 0xff)
          + "."
          + (ip & 0xff)
          + ":"
          + (v & 0xffff);
    }
    if (kind != null && type == 0x02 && ((v >>> 16) & 0xffffffffL) > 0xffff) {
      return kind + ":" + ((v >>> 16) & 0xffffffffL) + ":" + (v & 0xffff);
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
      long sub = f[0].equals("rt") ? 0x02 : 0x03;
      String[] ip = f[1].split("\\.", -1);
      if (ip.length == 4) {
        long bits = 0;
        for (String o : ip) {
          bits = bits << 8 | Communities.parseField(s, o, 0xff);
        }
        return 0x01L << 56 | sub << 48 | bits << 16 | Communities.parseField(s, f[2], 0xffff);
      }
      long asn = Communities.parseField(s, f[1], 0xffffffffL);
      if (asn > 0xffff) {
        return 0x02L << 56 | sub << 48 | asn << 16 | Communities.parseField(s, f[2], 0xffff);
      }
      long val = Communities.parseField(s, f[2], 0xffffffffL);
      return f[0].equals("rt") ? routeTarget((int) asn, val) : routeOrigin((int) asn, val);
    }
    throw new IllegalArgumentException(
        "extended community '" + s + "' is not rt:ADMIN:VALUE, soo:ADMIN:VALUE or 0xHEX");
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
