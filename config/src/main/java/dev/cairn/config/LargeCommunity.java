package dev.cairn.config;

/** A large community (RFC 8092): {@code GLOBAL:DATA1:DATA2}, each 0..4294967295. */
public record LargeCommunity(long global, long data1, long data2) {
  public LargeCommunity {
    if ((global | data1 | data2) < 0
        || global > 0xFFFF_FFFFL
        || data1 > 0xFFFF_FFFFL
        || data2 > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("large community part out of range");
    }
  }

  public static LargeCommunity parse(String text) {
    if (!text.matches("[0-9]{1,10}:[0-9]{1,10}:[0-9]{1,10}")) {
      throw new IllegalArgumentException(
          "invalid large community '" + text + "' (expected GLOBAL:DATA1:DATA2)");
    }
    String[] p = text.split(":");
    long g = Long.parseLong(p[0]);
    long a = Long.parseLong(p[1]);
    long b = Long.parseLong(p[2]);
    if (g > 0xFFFF_FFFFL || a > 0xFFFF_FFFFL || b > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException(
          "invalid large community '" + text + "': each part must be at most 4294967295");
    }
    return new LargeCommunity(g, a, b);
  }

  @Override
  public String toString() {
    return global + ":" + data1 + ":" + data2;
  }
}
