package dev.cairn.config;

/**
 * Autonomous system numbers: 4-octet (RFC 6793), written as a plain number ({@code 4200000001}) or
 * in asdot notation ({@code 64086.59905}, RFC 5396). 0 (RFC 7607) and 23456 (AS_TRANS) are reserved
 * and rejected.
 */
public final class Asn {
  public static final long MAX = 0xFFFF_FFFFL;
  public static final long AS_TRANS = 23456;

  private Asn() {}

  /**
   * Parses an ASN.
   *
   * @throws IllegalArgumentException naming the problem
   */
  public static long parse(String text) {
    long v;
    if (text.matches("[0-9]{1,10}")) {
      v = Long.parseLong(text);
    } else if (text.matches("[0-9]{1,5}\\.[0-9]{1,5}")) {
      int dot = text.indexOf('.');
      long hi = Long.parseLong(text.substring(0, dot));
      long lo = Long.parseLong(text.substring(dot + 1));
      if (hi > 65535 || lo > 65535) {
        throw new IllegalArgumentException(
            "invalid ASN '" + text + "': both halves of asdot notation must be at most 65535");
      }
      v = hi << 16 | lo;
    } else {
      throw new IllegalArgumentException(
          "invalid ASN '" + text + "' (expected a number 1..4294967295 or asdot like 1.10)");
    }
    if (v > MAX) {
      throw new IllegalArgumentException(
          "ASN " + text + " is out of range (must be between 1 and 4294967295)");
    }
    if (v == 0) {
      throw new IllegalArgumentException("ASN 0 is reserved (RFC 7607)");
    }
    if (v == AS_TRANS) {
      throw new IllegalArgumentException("ASN 23456 is AS_TRANS, reserved (RFC 6793)");
    }
    return v;
  }

  /** True for the private-use ranges of RFC 6996. */
  public static boolean isPrivate(long asn) {
    return (asn >= 64512 && asn <= 65534) || (asn >= 4_200_000_000L && asn <= 4_294_967_294L);
  }
}
