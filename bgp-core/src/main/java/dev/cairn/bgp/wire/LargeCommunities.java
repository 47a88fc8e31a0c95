// The LARGE_COMMUNITY attribute (RFC 8092).
package dev.cairn.bgp.wire;

import java.util.Arrays;

/** LARGE_COMMUNITY (RFC 8092): triples of 32-bit values, kept in received order, immutable. */
public final class LargeCommunities {
  private final int[] values; // 3 per community: global admin, local 1, local 2
  private final int hash;

  private LargeCommunities(int[] values) {
    if (values.length % 3 != 0) {
      throw new IllegalArgumentException("large communities come in triples");
    }
    this.values = values;
    this.hash = Arrays.hashCode(values);
  }

  /** From flat triples: {@code of(64500, 1, 2, 64500, 1, 3)}. */
  public static LargeCommunities of(long... triples) {
    int[] v = new int[triples.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = (int) triples[i];
    }
    return new LargeCommunities(v);
  }

  static LargeCommunities wrap(int[] values) {
    return new LargeCommunities(values);
  }

  public int size() {
    return values.length / 3;
  }

  public long globalAdmin(int i) {
    return values[3 * i] & 0xffffffffL;
  }

  public long local1(int i) {
    return values[3 * i + 1] & 0xffffffffL;
  }

  public long local2(int i) {
    return values[3 * i + 2] & 0xffffffffL;
  }

  int[] raw() {
    return values;
  }

  public boolean contains(long ga, long l1, long l2) {
    for (int i = 0; i < size(); i++) {
      if (globalAdmin(i) == ga && local1(i) == l1 && local2(i) == l2) {
        return true;
      }
    }
    return false;
  }

  /** Parses {@code GA:L1:L2}, each 0..4294967295, into a triple. */
  public static long[] parse(String s) {
    String[] f = s.split(":", -1);
    if (f.length != 3) {
      throw new IllegalArgumentException("large community '" + s + "' is not GA:L1:L2");
    }
    long[] out = new long[3];
    for (int i = 0; i < 3; i++) {
      out[i] = Communities.parseField(s, f[i], 0xffffffffL);
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LargeCommunities c && c.hash == hash && Arrays.equals(c.values, values);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < size(); i++) {
      sb.append(i > 0 ? " " : "")
          .append(globalAdmin(i))
          .append(':')
          .append(local1(i))
          .append(':')
          .append(local2(i));
    }
    return sb.append(']').toString();
  }
}
