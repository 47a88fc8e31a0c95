// The ROUTE-REFRESH message (RFC 2918; RFC 7313 subtypes).
package dev.cairn.bgp.wire;

import dev.cairn.net.Family;

/**
 * ROUTE-REFRESH (RFC 2918) with the enhanced route refresh subtypes of RFC 7313. AFI and SAFI are
 * kept as wire codes: a request for a family the receiver does not know is ignored, not an error.
 *
 * @param subtype {@link #NORMAL}, {@link #BORR} or {@link #EORR} (other values are ignored by the
 *     receiver, RFC 7313 §5)
 */
public record RouteRefresh(int afi, int safi, int subtype) implements BgpMessage {
  public static final int NORMAL = 0;
  public static final int BORR = 1;
  public static final int EORR = 2;

  public RouteRefresh {
    if (afi < 0 || afi > 0xffff || safi < 0 || safi > 0xff || subtype < 0 || subtype > 0xff) {
      throw new IllegalArgumentException("AFI, SAFI or subtype out of range");
    }
  }

  public static RouteRefresh of(Family family, int subtype) {
    return new RouteRefresh(family.afi().code(), family.safi().code(), subtype);
  }

  /** The family, or {@code null} when the codes are not one cairn knows. */
  public Family family() {
    return Family.fromCodes(afi, safi);
  }

  @Override
  public MessageType type() {
    return MessageType.ROUTE_REFRESH;
  }

  @Override
  public String toString() {
    Family f = family();
    String sub =
        subtype == NORMAL
            ? ""
            : subtype == BORR ? " BoRR" : subtype == EORR ? " EoRR" : " subtype " + subtype;
    return "ROUTE-REFRESH " + (f != null ? f : "afi " + afi + " safi " + safi) + sub;
  }
}
