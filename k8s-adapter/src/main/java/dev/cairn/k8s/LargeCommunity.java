package dev.cairn.k8s;

/** A BGP large community (RFC 8092): three unsigned 32-bit numbers held in longs. */
public record LargeCommunity(long global, long local1, long local2) {
  public LargeCommunity {
    check(global);
    check(local1);
    check(local2);
  }

  private static void check(long v) {
    if (v < 0 || v > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("large community part out of range: " + v);
    }
  }

  @Override
  public String toString() {
    return global + ":" + local1 + ":" + local2;
  }
}
