package dev.cairn.ospf;

import dev.cairn.ospf.wire.LsaBody;
import dev.cairn.ospf.wire.LsaHeader;
import dev.cairn.ospf.wire.LsaKey;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * LS sequence number wrap (RFC 2328 12.1.6). Sequence numbers are signed and grow from
 * InitialSequenceNumber (0x80000001) to MaxSequenceNumber (0x7fffffff); {@code seq + 1} past the
 * maximum would be 0x80000000, which is reserved and compares older than every instance, so
 * neighbors would keep the old LSA forever. Instead the instance at MaxSequenceNumber is flushed
 * (premature aging, MaxAge, flooded) and, once no adjacency still has it on its retransmission list
 * (every neighbor acknowledged the flush, or went away), the LSA is originated again with
 * InitialSequenceNumber. Until then further changes to the LSA only update what we want: the
 * re-origination carries the latest body. Runs on the router's loop.
 */
final class SequenceWrap {
  /** Reserved (RFC 2328 12.1.6): an LSA carrying it is dropped on receipt. */
  static final int RESERVED_SEQ = 0x80000000;

  private record Pending(AreaState area, LsaKey key) {}

  private final OspfRouter router;

  /** Flushed at MaxSequenceNumber, waiting for acknowledgments; by scope id (-1: AS) and key. */
  private final Map<List<Object>, Pending> pending = new LinkedHashMap<>();

  SequenceWrap(OspfRouter router) {
    this.router = router;
  }

  static boolean reserved(LsaHeader h) {
    return h.seq() == RESERVED_SEQ;
  }

  private static List<Object> id(AreaState a, LsaKey k) {
    return List.of(a == null ? -1 : a.id, k);
  }

  /** True while the LSA is being flushed for a wrap: originations of it wait. */
  boolean pending(AreaState a, LsaKey k) {
    return pending.containsKey(id(a, k));
  }

  /**
   * Originates the next instance of our LSA after {@code currentSeq}: {@code currentSeq + 1}, or,
   * at MaxSequenceNumber, the flush that precedes InitialSequenceNumber.
   */
  void originateAfter(AreaState a, LsaKey k, LsaBody body, int currentSeq) {
    if (pending(a, k)) {
      return;
    }
    if (currentSeq != LsaHeader.MAX_SEQ) {
      router.originateNow(a, k, body, currentSeq + 1);
      return;
    }
    router.log("LSA " + k + " reached MaxSequenceNumber: flushing before reorigination");
    pending.put(id(a, k), new Pending(a, k));
    router.flush(a, k);
    check();
  }

  /**
   * Completes the wraps whose flush nobody holds on a retransmission list any more (called after
   * acknowledgments, neighbor changes and on every aging tick).
   */
  void check() {
    if (pending.isEmpty()) {
      return;
    }
    for (Pending p : new ArrayList<>(pending.values())) {
      AreaState scopeArea = p.area == null ? router.anyArea() : p.area;
      if (router.inAnyRetransmissionList(scopeArea, p.key)) {
        continue;
      }
      pending.remove(id(p.area, p.key));
      LsaBody body = router.wantedBody(p.area, p.key);
      if (body != null) {
        router.originateNow(p.area, p.key, body, LsaHeader.INITIAL_SEQ);
      }
    }
  }

  void clear() {
    pending.clear();
  }
}
