package dev.cairn.bench.e2e;

/**
 * The benchmark's prefixes, numbered 0..n-1. IPv4: consecutive /24s from 32.0.0.0 (up to 2^20 of
 * them; they only ever exist as routes inside the lab's namespaces, no packet is sent to them).
 * IPv6: consecutive /56s inside the documentation prefix 2001:db8::/32.
 */
public enum PrefixSpace {
  IPV4(1, 24, 3),
  IPV6(2, 56, 7);

  static final int IPV4_BASE = 32 << 24;
  static final int MAX_PREFIXES = 1 << 20;

  final int afi;
  final int length;
  final int bytes;

  PrefixSpace(int afi, int length, int bytes) {
    this.afi = afi;
    this.length = length;
    this.bytes = bytes;
  }

  /** Writes prefix {@code i} as NLRI (length octet + address octets) at {@code off}. */
  int writeNlri(int i, byte[] to, int off) {
    to[off++] = (byte) length;
    if (this == IPV4) {
      int a = IPV4_BASE + (i << 8);
      to[off++] = (byte) (a >>> 24);
      to[off++] = (byte) (a >>> 16);
      to[off++] = (byte) (a >>> 8);
    } else {
      to[off++] = 0x20;
      to[off++] = 0x01;
      to[off++] = 0x0d;
      to[off++] = (byte) 0xb8;
      to[off++] = (byte) (i >>> 16);
      to[off++] = (byte) (i >>> 8);
      to[off++] = (byte) i;
    }
    return off;
  }

  /**
   * The index of the NLRI at {@code off} (which has prefix length {@code len}), or -1 when it is
   * not one of the benchmark's prefixes.
   */
  int index(byte[] b, int off, int len) {
    if (len != length) {
      return -1;
    }
    if (this == IPV4) {
      int a = (b[off] & 0xff) << 24 | (b[off + 1] & 0xff) << 16 | (b[off + 2] & 0xff) << 8;
      int i = (a - IPV4_BASE) >>> 8;
      return a - IPV4_BASE >= 0 && i < MAX_PREFIXES ? i : -1;
    }
    if (b[off] != 0x20 || b[off + 1] != 0x01 || b[off + 2] != 0x0d || b[off + 3] != (byte) 0xb8) {
      return -1;
    }
    return (b[off + 4] & 0xff) << 16 | (b[off + 5] & 0xff) << 8 | (b[off + 6] & 0xff);
  }

  public static PrefixSpace of(String family) {
    return family.equals("ipv6") ? IPV6 : IPV4;
  }
}
