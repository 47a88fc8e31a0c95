package dev.cairn.net;

/** Subsequent address family identifier (RFC 4760); the ones cairn routes. */
public enum Safi {
  UNICAST(1),
  MULTICAST(2);

  private final int code;

  Safi(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** The SAFI for an IANA code, or {@code null} when cairn does not know it. */
  public static Safi fromCode(int code) {
    return switch (code) {
      case 1 -> UNICAST;
      case 2 -> MULTICAST;
      default -> null;
    };
  }
}
