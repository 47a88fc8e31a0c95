package dev.cairn.net;

/** An IPv6 address held in two {@code long}s: {@code hi} is bits 0..63, {@code lo} bits 64..127. */
public record Ipv6Address(long hi, long lo) implements IpAddress {
  public static final Ipv6Address ANY = new Ipv6Address(0, 0);

  @Override
  public Afi afi() {
    return Afi.IPV6;
  }

  @Override
  public byte[] toBytes() {
    byte[] b = new byte[16];
    for (int i = 0; i < 8; i++) {
      b[i] = (byte) (hi >>> (56 - 8 * i));
      b[8 + i] = (byte) (lo >>> (56 - 8 * i));
    }
    return b;
  }

  @Override
  public boolean bit(int i) {
    java.util.Objects.checkIndex(i, 128);
    return i < 64 ? (hi << i) < 0 : (lo << (i - 64)) < 0;
  }

  /** True for fe80::/10. */
  public boolean isLinkLocal() {
    return (hi >>> 54) == 0x3fa;
  }

  public static Ipv6Address fromBytes(byte[] b, int off) {
    long h = 0;
    long l = 0;
    for (int i = 0; i < 8; i++) {
      h = h << 8 | (b[off + i] & 0xff);
      l = l << 8 | (b[off + 8 + i] & 0xff);
    }
    return new Ipv6Address(h, l);
  }

  /** The 16-bit group {@code g} (0..7). */
  public int group(int g) {
    return (int) ((g < 4 ? hi >>> (48 - 16 * g) : lo >>> (48 - 16 * (g - 4))) & 0xffff);
  }

  /** Parses RFC 4291 text: eight hex groups, at most one {@code ::}, optional dotted-quad tail. */
  public static Ipv6Address parse(String s) {
    int[] groups = new int[8];
    int n = 0;
    int gap = -1;
    int len = s.length();
    int i = 0;
    if (len == 0) {
      throw bad(s, "empty");
    }
    if (s.startsWith("::")) {
      gap = 0;
      i = 2;
      if (len == 2) {
        return ANY;
      }
    } else if (s.charAt(0) == ':') {
      throw bad(s, "a single leading ':'");
    }
    while (i < len) {
      if (n == 8) {
        throw bad(s, "more than eight groups");
      }
      int start = i;
      int v = 0;
      while (i < len && hexDigit(s.charAt(i)) >= 0) {
        v = v << 4 | hexDigit(s.charAt(i));
        i++;
      }
      if (i < len && s.charAt(i) == '.') {
        if (n > 6) {
          throw bad(s, "IPv4 tail leaves no room");
        }
        int v4 = Ipv4Address.parseBits(s, start, len, s, "IPv6");
        groups[n++] = v4 >>> 16;
        groups[n++] = v4 & 0xffff;
        i = len;
        break;
      }
      if (i == start) {
        throw bad(s, i < len ? "unexpected '" + s.charAt(i) + "'" : "missing group");
      }
      if (i - start > 4) {
        throw bad(s, "group has more than four hex digits");
      }
      groups[n++] = v;
      if (i == len) {
        break;
      }
      if (s.charAt(i) != ':') {
        throw bad(s, "unexpected '" + s.charAt(i) + "'");
      }
      i++;
      if (i < len && s.charAt(i) == ':') {
        if (gap >= 0) {
          throw bad(s, "more than one '::'");
        }
        gap = n;
        i++;
      } else if (i == len) {
        throw bad(s, "trailing ':'");
      }
    }
    if (gap < 0 && n != 8) {
      throw bad(s, "expected eight groups, found " + n);
    }
    if (gap >= 0 && n == 8) {
      throw bad(s, "'::' stands for no group");
    }
    int[] full = new int[8];
    if (gap < 0) {
      full = groups;
    } else {
      System.arraycopy(groups, 0, full, 0, gap);
      System.arraycopy(groups, gap, full, 8 - (n - gap), n - gap);
    }
    long h = 0;
    long l = 0;
    for (int g = 0; g < 4; g++) {
      h = h << 16 | full[g];
      l = l << 16 | full[g + 4];
    }
    return new Ipv6Address(h, l);
  }

  /** The value of an ASCII hex digit, or -1 (unlike {@link Character#digit}, no other scripts). */
  private static int hexDigit(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }

  private static AddressFormatException bad(String s, String why) {
    return new AddressFormatException("invalid IPv6 address '" + s + "': " + why);
  }

  /** RFC 5952 canonical text: lower case, no leading zeros, the longest zero run as {@code ::}. */
  @Override
  public String toString() {
    int bestStart = -1;
    int bestLen = 1;
    for (int g = 0; g < 8; ) {
      if (group(g) == 0) {
        int start = g;
        while (g < 8 && group(g) == 0) {
          g++;
        }
        if (g - start > bestLen) {
          bestStart = start;
          bestLen = g - start;
        }
      } else {
        g++;
      }
    }
    StringBuilder sb = new StringBuilder(39);
    for (int g = 0; g < 8; g++) {
      if (g == bestStart) {
        sb.append("::");
        g += bestLen - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      sb.append(Integer.toHexString(group(g)));
    }
    return sb.toString();
  }

  // equals (and hashCode) written out: a record's generated ones go through method handles,
  // slow until the JIT has compiled them, and these run per route while a first table arrives
  @Override
  public boolean equals(Object o) {
    return o == this || (o instanceof Ipv6Address a && a.hi == hi && a.lo == lo);
  }

  @Override
  public int hashCode() {
    long h = hi * 0x9E3779B97F4A7C15L ^ lo;
    return (int) (h ^ (h >>> 32));
  }
}
