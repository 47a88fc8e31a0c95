// Events of one transport connection delivered to its session (RFC 4271 §8.1 TCP events).
package dev.cairn.bgp.fsm;

import dev.cairn.bgp.wire.BgpMessage;
import dev.cairn.bgp.wire.WireError;

/** Events of a {@link Connection}, delivered on the owner's loop. */
public interface ConnectionListener {

  void onMessage(BgpMessage message);

  /** A message that could not be decoded; the error says which NOTIFICATION answers it. */
  void onDecodeError(WireError error);

  /** The connection has drained what it held after {@link Connection#writable} said false. */
  default void onWritable() {}

  /** The connection is gone (closed by the peer, reset, or failed). */
  void onClosed(String reason);
}
