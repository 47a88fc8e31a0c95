package dev.cairn.ospf.wire;

import java.util.HashMap;
import java.util.Map;

/**
 * Cryptographic sequence numbers per neighbor (RFC 2328 D.3: non-decreasing): a packet whose
 * sequence number is lower than the last one accepted from that router is a replay.
 */
public final class ReplayGuard {
  private final Map<Integer, Long> last = new HashMap<>();

  /** Accepts {@code seq} from {@code routerId} or throws REPLAYED_SEQUENCE. */
  public void check(int routerId, long seq) throws DecodeException {
    Long prev = last.get(routerId);
    if (prev != null && seq < prev) {
      throw new DecodeException(
          DecodeException.Kind.REPLAYED_SEQUENCE,
          "sequence " + seq + " from " + Ipv4.str(routerId) + " below " + prev);
    }
    last.put(routerId, seq);
  }

  /** Forgets a neighbor (when it goes down). */
  public void forget(int routerId) {
    last.remove(routerId);
  }
}
