package dev.cairn.config;

import java.util.Map;

/** A standard BGP community (RFC 1997), 32 bits, written {@code ASN:VALUE} or a well-known name. */
public record Community(long value) {
  private static final Map<String, Long> WELL_KNOWN =
      Map.of(
          "graceful-shutdown", 0xFFFF0000L,
          "accept-own", 0xFFFF0001L,
          "llgr-stale", 0xFFFF0006L,
          "no-llgr", 0xFFFF0007L,
          "blackhole", 0xFFFF029AL,
          "no-export", 0xFFFFFF01L,
          "no-advertise", 0xFFFFFF02L,
          "no-export-subconfed", 0xFFFFFF03L,
          "no-peer", 0xFFFFFF04L);

  public Community {
    if (value < 0 || value > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("community out of range: " + value);
    }
  }

  public static Community parse(String text) {
    Long wk = WELL_KNOWN.get(text);
    if (wk != null) {
      return new Community(wk);
    }
    if (!text.matches("[0-9]{1,5}:[0-9]{1,5}")) {
      throw new IllegalArgumentException(
          "invalid community '"
              + text
              + "' (expected ASN:VALUE with both parts 0..65535, or a well-known name like"
              + " no-export)");
    }
    int colon = text.indexOf(':');
    long hi = Long.parseLong(text.substring(0, colon));
    long lo = Long.parseLong(text.substring(colon + 1));
    if (hi > 65535 || lo > 65535) {
      throw new IllegalArgumentException(
          "invalid community '" + text + "': both parts must be at most 65535");
    }
    return new Community(hi << 16 | lo);
  }

  @Override
  public String toString() {
    for (Map.Entry<String, Long> e : WELL_KNOWN.entrySet()) {
      if (e.getValue() == value) {
        return e.getKey();
      }
    }
    return (value >>> 16) + ":" + (value & 0xFFFF);
  }
}
