// OPEN capabilities (RFC 5492; MP RFC 4760, 4-octet AS RFC 6793, GR RFC 4724, ...).
package dev.cairn.bgp.wire;

import dev.cairn.net.Family;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A capability advertised in OPEN (RFC 5492). AFI/SAFI are kept as wire codes so that a family
 * cairn does not route is still carried, shown and compared faithfully.
 */
public sealed interface Capability {

  /** The capability code (IANA "Capability Codes"). */
  int code();

  /** Short operator text, e.g. {@code mp ipv4-unicast}, {@code as4 65001}, {@code gr 120s}. */
  static String describe(Capability c) {
    if (c instanceof Multiprotocol m) {
      return "mp " + (m.family() != null ? m.family() : m.afi() + "/" + m.safi());
    }
    if (c instanceof FourOctetAs f) {
      return "as4 " + f.asn();
    }
    if (c instanceof GracefulRestart g) {
      return "graceful-restart " + g.restartTime() + "s" + (g.restarting() ? " restarting" : "");
    }
    if (c instanceof AddPath a) {
      return "add-path " + a.families().size() + " families";
    }
    if (c instanceof ExtendedNextHop e) {
      return "extended-next-hop " + e.families().size() + " families";
    }
    if (c instanceof RouteRefresh) {
      return "route-refresh";
    }
    if (c instanceof EnhancedRouteRefresh) {
      return "enhanced-route-refresh";
    }
    if (c instanceof ExtendedMessage) {
      return "extended-message";
    }
    return "capability " + c.code();
  }

  int MULTIPROTOCOL = 1;
  int ROUTE_REFRESH = 2;
  int EXTENDED_NEXT_HOP = 5;
  int EXTENDED_MESSAGE = 6;
  int GRACEFUL_RESTART = 64;
  int FOUR_OCTET_AS = 65;
  int ADD_PATH = 69;
  int ENHANCED_ROUTE_REFRESH = 70;

  /** Multiprotocol extensions (RFC 4760 §8). */
  record Multiprotocol(int afi, int safi) implements Capability {
    public static Multiprotocol of(Family f) {
      return new Multiprotocol(f.afi().code(), f.safi().code());
    }

    /** The family, or {@code null} when unknown to cairn. */
    public Family family() {
      return Family.fromCodes(afi, safi);
    }

    @Override
    public int code() {
      return MULTIPROTOCOL;
    }
  }

  /** Route refresh (RFC 2918). */
  record RouteRefresh() implements Capability {
    @Override
    public int code() {
      return ROUTE_REFRESH;
    }
  }

  /** Enhanced route refresh (RFC 7313). */
  record EnhancedRouteRefresh() implements Capability {
    @Override
    public int code() {
      return ENHANCED_ROUTE_REFRESH;
    }
  }

  /** Extended message (RFC 8654). */
  record ExtendedMessage() implements Capability {
    @Override
    public int code() {
      return EXTENDED_MESSAGE;
    }
  }

  /** Support for 4-octet AS numbers (RFC 6793), carrying the speaker's real AS. */
  record FourOctetAs(long asn) implements Capability {
    public FourOctetAs {
      if (asn < 0 || asn > 0xffffffffL) {
        throw new IllegalArgumentException("AS number out of range: " + asn);
      }
    }

    @Override
    public int code() {
      return FOUR_OCTET_AS;
    }
  }

  /** One family of a graceful restart capability. */
  record GracefulRestartFamily(int afi, int safi, boolean forwardingPreserved) {}

  /**
   * Graceful restart (RFC 4724), with the N bit of RFC 8538.
   *
   * @param restarting the R bit: the sender has restarted
   * @param notification the N bit: the sender supports GR for NOTIFICATION (RFC 8538)
   * @param restartTime seconds, 0..4095
   */
  record GracefulRestart(
      boolean restarting,
      boolean notification,
      int restartTime,
      List<GracefulRestartFamily> families)
      implements Capability {
    public GracefulRestart {
      if (restartTime < 0 || restartTime > 4095) {
        throw new IllegalArgumentException("restart time is 12 bits: " + restartTime);
      }
      families = List.copyOf(families);
    }

    @Override
    public int code() {
      return GRACEFUL_RESTART;
    }
  }

  /** ADD-PATH send/receive modes (RFC 7911 §4). */
  int ADD_PATH_RECEIVE = 1;

  int ADD_PATH_SEND = 2;
  int ADD_PATH_BOTH = 3;

  /** One family of an ADD-PATH capability; {@code sendReceive} is 1 receive, 2 send, 3 both. */
  record AddPathFamily(int afi, int safi, int sendReceive) {}

  /** ADD-PATH (RFC 7911). */
  record AddPath(List<AddPathFamily> families) implements Capability {
    public AddPath {
      families = List.copyOf(families);
    }

    @Override
    public int code() {
      return ADD_PATH;
    }
  }

  /** One tuple of an extended next hop capability (RFC 8950 §3). */
  record ExtendedNextHopFamily(int afi, int safi, int nextHopAfi) {}

  /** Extended next hop encoding (RFC 8950). */
  record ExtendedNextHop(List<ExtendedNextHopFamily> families) implements Capability {
    public ExtendedNextHop {
      families = List.copyOf(families);
    }

    @Override
    public int code() {
      return EXTENDED_NEXT_HOP;
    }
  }

  /** Any other capability, kept as its value octets. */
  record Unknown(int code, byte[] value) implements Capability {
    public Unknown {
      if (code < 0 || code > 0xff) {
        throw new IllegalArgumentException("capability code is an octet");
      }
      value = value.clone();
    }

    @Override
    public byte[] value() {
      return value.clone();
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Unknown u && u.code == code && Arrays.equals(u.value, value);
    }

    @Override
    public int hashCode() {
      return Objects.hash(code, Arrays.hashCode(value));
    }

    @Override
    public String toString() {
      return "Unknown[code=" + code + ", value=" + HexFormat.of().formatHex(value) + "]";
    }
  }
}
