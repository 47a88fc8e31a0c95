// What the byte layout depends on: 4-octet AS, ADD-PATH, extended messages (RFC 6793, 7911, 8654).
package dev.cairn.bgp.wire;

import dev.cairn.net.Family;
import java.util.Objects;
import java.util.Set;

/**
 * What the two ends of a session agreed on, as far as the byte layout of messages depends on it.
 * {@link #DEFAULT} is plain RFC 4271 (what is in force before the OPENs are exchanged).
 *
 * @param fourOctetAs both sides sent the 4-octet AS capability (RFC 6793): AS_PATH and AGGREGATOR
 *     carry 4-octet AS numbers and AS4_PATH/AS4_AGGREGATOR are not used
 * @param extendedMessages both sides sent the extended message capability (RFC 8654): UPDATE and
 *     ROUTE-REFRESH may be up to 65535 octets
 * @param addPathReceive families whose received NLRI carry a path identifier (RFC 7911)
 * @param addPathSend families whose sent NLRI carry a path identifier (RFC 7911)
 * @param extendedNextHop families whose NLRI may have a next hop of the other address family (RFC
 *     8950), e.g. IPv4 unicast over an IPv6 next hop
 */
public record CodecContext(
    boolean fourOctetAs,
    boolean extendedMessages,
    Set<Family> addPathReceive,
    Set<Family> addPathSend,
    Set<Family> extendedNextHop) {

  /** Maximum message size without RFC 8654. */
  public static final int MAX_MESSAGE = 4096;

  /** Maximum message size with RFC 8654 (UPDATE and ROUTE-REFRESH only). */
  public static final int MAX_EXTENDED_MESSAGE = 65535;

  /** Plain RFC 4271: 2-octet AS numbers, 4096-octet messages, no ADD-PATH. */
  public static final CodecContext DEFAULT =
      new CodecContext(false, false, Set.of(), Set.of(), Set.of());

  /** What every modern peer negotiates: 4-octet AS, nothing else. */
  public static final CodecContext FOUR_OCTET_AS =
      new CodecContext(true, false, Set.of(), Set.of(), Set.of());

  public CodecContext {
    addPathReceive = Set.copyOf(Objects.requireNonNull(addPathReceive, "addPathReceive"));
    addPathSend = Set.copyOf(Objects.requireNonNull(addPathSend, "addPathSend"));
    extendedNextHop = Set.copyOf(Objects.requireNonNull(extendedNextHop, "extendedNextHop"));
  }

  /** The largest UPDATE or ROUTE-REFRESH allowed on this session, header included. */
  public int maxUpdateLength() {
    return extendedMessages ? MAX_EXTENDED_MESSAGE : MAX_MESSAGE;
  }

  public CodecContext withFourOctetAs(boolean v) {
    if (v == fourOctetAs) {
      return this;
    }
    if (!extendedMessages
        && addPathReceive.isEmpty()
        && addPathSend.isEmpty()
        && extendedNextHop.isEmpty()) {
      return v ? FOUR_OCTET_AS : DEFAULT; // the usual sessions: nothing built (asked per UPDATE)
    }
    return new CodecContext(v, extendedMessages, addPathReceive, addPathSend, extendedNextHop);
  }

  public CodecContext withExtendedMessages(boolean v) {
    return new CodecContext(fourOctetAs, v, addPathReceive, addPathSend, extendedNextHop);
  }

  public CodecContext withAddPath(Set<Family> receive, Set<Family> send) {
    return new CodecContext(fourOctetAs, extendedMessages, receive, send, extendedNextHop);
  }

  public CodecContext withExtendedNextHop(Set<Family> v) {
    return new CodecContext(fourOctetAs, extendedMessages, addPathReceive, addPathSend, v);
  }
}
