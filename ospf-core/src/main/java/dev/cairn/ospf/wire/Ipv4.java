package dev.cairn.ospf.wire;

/** Dotted-quad formatting of the 32-bit ids OSPF uses everywhere. */
public final class Ipv4 {
  private Ipv4() {}

  public static String str(int v) {
    return ((v >>> 24) & 0xff)
        + "."
        + ((v >>> 16) & 0xff)
        + "."
        + ((v >>> 8) & 0xff)
        + "."
        + (v & 0xff);
  }

  public static int parse(String s) {
    String[] p = s.split("\\.");
    if (p.length != 4) {
      throw new IllegalArgumentException(s);
    }
    int v = 0;
    for (String x : p) {
      v = (v << 8) | Integer.parseInt(x);
    }
    return v;
  }
}
