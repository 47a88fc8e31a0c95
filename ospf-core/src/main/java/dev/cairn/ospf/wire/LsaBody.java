package dev.cairn.ospf.wire;

import java.util.List;

/** The type-specific part of an LSA (RFC 2328 A.4.2 to A.4.5). */
public sealed interface LsaBody
    permits LsaBody.RouterLsa, LsaBody.NetworkLsa, LsaBody.SummaryLsa, LsaBody.ExternalLsa {

  /** Router-LSA link types (A.4.2). */
  int LINK_P2P = 1;

  int LINK_TRANSIT = 2;
  int LINK_STUB = 3;
  int LINK_VIRTUAL = 4;

  /** One router-LSA link (TOS 0 metric only; extra TOS metrics are skipped on decode). */
  record RouterLink(int linkId, int linkData, int type, int metric) {}

  /**
   * Router-LSA (type 1).
   *
   * @param flags V (0x04), E (0x02, ASBR), B (0x01, ABR)
   */
  record RouterLsa(int flags, List<RouterLink> links) implements LsaBody {
    public static final int FLAG_B = 0x01;
    public static final int FLAG_E = 0x02;

    public RouterLsa {
      links = List.copyOf(links);
    }
  }

  /** Network-LSA (type 2), originated by a segment's DR. */
  record NetworkLsa(int mask, List<Integer> attachedRouters) implements LsaBody {
    public NetworkLsa {
      attachedRouters = List.copyOf(attachedRouters);
    }
  }

  /** Summary-LSA, type 3 (network) or type 4 (ASBR, mask 0). */
  record SummaryLsa(int mask, int metric) implements LsaBody {}

  /** AS-external-LSA (type 5); {@code type2} is the E bit. */
  record ExternalLsa(int mask, boolean type2, int metric, int forwardingAddress, int routeTag)
      implements LsaBody {}
}
