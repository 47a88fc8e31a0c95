package dev.cairn.ospf.wire;

/**
 * The two checksums of OSPFv2: the IP-style one's-complement sum over a packet (RFC 2328 A.3.1) and
 * the Fletcher checksum of an LSA (RFC 2328 12.1.7, computed as in RFC 905 Annex B), which covers
 * the LSA from its options byte (the age is left out) and is placed at offset 16.
 */
public final class Checksums {
  private Checksums() {}

  /** One's-complement 16-bit sum of {@code b[off..off+len)}, complemented. */
  public static int ip(byte[] b, int off, int len) {
    long sum = 0;
    int i = off;
    int end = off + len;
    for (; i + 1 < end; i += 2) {
      sum += ((b[i] & 0xff) << 8) | (b[i + 1] & 0xff);
    }
    if (i < end) {
      sum += (b[i] & 0xff) << 8;
    }
    while ((sum >> 16) != 0) {
      sum = (sum & 0xffff) + (sum >> 16);
    }
    return (int) (~sum & 0xffff);
  }

  /**
   * The Fletcher checksum of an LSA held in {@code lsa[off..off+len)} (starting at its age field),
   * with the checksum field taken as zero. Returns the 16-bit value to store at offset 16.
   */
  public static int fletcher(byte[] lsa, int off, int len) {
    // checksum over bytes 2..len, checksum field (bytes 16,17) counted as zero
    int start = off + 2;
    int n = len - 2;
    int checkPos = 14; // position of the checksum inside the summed range (16 - 2)
    long c0 = 0;
    long c1 = 0;
    for (int i = 0; i < n; i++) {
      int v = (i == checkPos || i == checkPos + 1) ? 0 : lsa[start + i] & 0xff;
      c0 = (c0 + v) % 255;
      c1 = (c1 + c0) % 255;
    }
    // RFC 905 Annex B: X = ((n - p) * c0 - c1) mod 255, Y = (c1 - (n - p + 1) * c0) mod 255,
    // p = 1-based octet position of the first checksum byte in the summed range
    int p = checkPos + 1;
    long x = ((long) (n - p) * c0 - c1) % 255;
    if (x <= 0) {
      x += 255;
    }
    long y = (c1 - (long) (n - p + 1) * c0) % 255;
    if (y <= 0) {
      y += 255;
    }
    return (int) ((x << 8) | y);
  }

  /** True when the LSA's stored Fletcher checksum is valid (the sums over it come out zero). */
  public static boolean fletcherValid(byte[] lsa, int off, int len) {
    long c0 = 0;
    long c1 = 0;
    for (int i = off + 2; i < off + len; i++) {
      c0 = (c0 + (lsa[i] & 0xff)) % 255;
      c1 = (c1 + c0) % 255;
    }
    return c0 == 0 && c1 == 0;
  }
}
