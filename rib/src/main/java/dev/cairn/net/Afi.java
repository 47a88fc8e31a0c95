package dev.cairn.net;

/** Address family identifier (IANA "Address Family Numbers"), the two that cairn routes. */
public enum Afi {
  IPV4(1, 32),
  IPV6(2, 128);

  private final int code;
  private final int bits;

  Afi(int code, int bits) {
    this.code = code;
    this.bits = bits;
  }

  /** The IANA code as carried on the wire (BGP MP capability, MP_REACH_NLRI). */
  public int code() {
    return code;
  }

  /** Address width in bits. */
  public int bits() {
    return bits;
  }

  /** The AFI for an IANA code, or {@code null} when cairn does not know it. */
  public static Afi fromCode(int code) {
    return switch (code) {
      case 1 -> IPV4;
      case 2 -> IPV6;
      default -> null;
    };
  }
}
