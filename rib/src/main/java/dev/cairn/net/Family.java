package dev.cairn.net;

import java.util.Objects;

/** An AFI/SAFI pair: the unit of negotiation and of the RIB's tables. */
public record Family(Afi afi, Safi safi) {
  public static final Family IPV4_UNICAST = new Family(Afi.IPV4, Safi.UNICAST);
  public static final Family IPV6_UNICAST = new Family(Afi.IPV6, Safi.UNICAST);

  public Family {
    Objects.requireNonNull(afi, "afi");
    Objects.requireNonNull(safi, "safi");
  }

  /** The family for wire codes, or {@code null} when either code is unknown. */
  public static Family fromCodes(int afi, int safi) {
    Afi a = Afi.fromCode(afi);
    Safi s = Safi.fromCode(safi);
    return a == null || s == null ? null : new Family(a, s);
  }

  /** Config and CLI spelling: {@code ipv4-unicast}. */
  @Override
  public String toString() {
    return afi.name().toLowerCase() + "-" + safi.name().toLowerCase();
  }

  /** Parses the config spelling {@code ipv4-unicast} / {@code ipv6-unicast}. */
  public static Family parse(String s) {
    for (Afi a : Afi.values()) {
      for (Safi f : Safi.values()) {
        Family fam = new Family(a, f);
        if (fam.toString().equals(s)) {
          return fam;
        }
      }
    }
    throw new AddressFormatException(
        "unknown address family '" + s + "' (expected e.g. ipv4-unicast)");
  }

  // equals (and hashCode) written out: a record's generated ones go through method handles,
  // slow until the JIT has compiled them, and these run per route while a first table arrives
  @Override
  public boolean equals(Object o) {
    return o == this || (o instanceof Family f && f.afi == afi && f.safi == safi);
  }

  @Override
  public int hashCode() {
    return afi.ordinal() * 31 + safi.ordinal();
  }
}
