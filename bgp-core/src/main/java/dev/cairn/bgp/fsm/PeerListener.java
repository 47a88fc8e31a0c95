// What a BGP session tells its owner: state changes, messages, Established, down (RFC 4271 §8).
package dev.cairn.bgp.fsm;

import dev.cairn.bgp.wire.BgpMessage;
import dev.cairn.bgp.wire.Open;

/** What a {@link PeerSession} tells its owner (the speaker), on the owner's loop. */
public interface PeerListener {

  /** The session moved from {@code from} to {@code to}; {@code reason} is for the log. */
  default void stateChanged(SessionState from, SessionState to, String reason) {}

  /** The session is Established; {@code localOpen}/{@code remoteOpen} are what was exchanged. */
  default void established(Open localOpen, Open remoteOpen) {}

  /** An UPDATE or ROUTE-REFRESH received in Established. */
  default void message(BgpMessage message) {}

  /** The Established connection can take UPDATEs again (see {@link PeerSession#writable}). */
  default void writable() {}

  /**
   * The Established session went down.
   *
   * @param notification a NOTIFICATION was sent or received; without one (the TCP connection just
   *     ended) a neighbor that supports graceful restart may be restarting (RFC 4724 §4.2)
   */
  default void down(String reason, boolean notification) {}
}
