// The COMMUNITIES attribute and well-known communities (RFC 1997, RFC 8326).
package dev.cairn.bgp.wire;

import java.util.Arrays;

/** COMMUNITIES (RFC 1997): 32-bit values, kept in received order, immutable. */
public final class Communities {
  public static final int GRACEFUL_SHUTDOWN = 0xffff0000; // RFC 8326
  public static final int NO_EXPORT = 0xffffff01;
  public static final int NO_ADVERTISE = 0xffffff02;
  public static final int NO_EXPORT_SUBCONFED = 0xffffff03;
  public static final int NO_PEER = 0xffffff04; // RFC 3765

  private final int[] values;
  private final int hash;

  private Communities(int[] values) {
    this.values = values;
    this.hash = Arrays.hashCode(values);
  }

  public static Communities of(int... values) {
    return new Communities(values.clone());
  }

  static Communities wrap(int[] values) {
    return new Communities(values);
  }

  public int size() {
    return values.length;
  }

  public int get(int i) {
    return values[i];
  }

  public int[] toArray() {
    return values.clone();
  }

  public boolean contains(int community) {
    for (int v : values) {
      if (v == community) {
        return true;
      }
    }
    return false;
  }

  /** {@code ASN:VALUE} or the well-known name. */
  public static String format(int c) {
    return switch (c) {
      case GRACEFUL_SHUTDOWN -> "graceful-shutdown";
      case NO_EXPORT -> "no-export";
      case NO_ADVERTISE -> "no-advertise";
      case NO_EXPORT_SUBCONFED -> "no-export-subconfed";
      case NO_PEER -> "no-peer";
      default -> (c >>> 16) + ":" + (c & 0xffff);
    };
  }

  /** Parses {@code ASN:VALUE} (each 0..65535) or a well-known name. */
  public static int parse(String s) {
    switch (s) {
      case "graceful-shutdown":
        return GRACEFUL_SHUTDOWN;
      case "no-export":
        return NO_EXPORT;
      case "no-advertise":
        return NO_ADVERTISE;
      case "no-export-subconfed":
        return NO_EXPORT_SUBCONFED;
      case "no-peer":
        return NO_PEER;
      default:
        int colon = s.indexOf(':');
        if (colon < 0) {
          throw new IllegalArgumentException("community '" + s + "' is not ASN:VALUE");
        }
        long hi = parseField(s, s.substring(0, colon), 0xffff);
        long lo = parseField(s, s.substring(colon + 1), 0xffff);
        return (int) (hi << 16 | lo);
    }
  }

  static long parseField(String whole, String f, long max) {
    try {
      long v = Long.parseLong(f);
      if (v < 0 || v > max) {
        throw new IllegalArgumentException(
            "'" + f + "' in '" + whole + "' is out of range 0.." + max);
      }
      return v;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("'" + f + "' in '" + whole + "' is not a number");
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Communities c && c.hash == hash && Arrays.equals(c.values, values);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < values.length; i++) {
      sb.append(i > 0 ? " " : "").append(format(values[i]));
    }
    return sb.append(']').toString();
  }
}
