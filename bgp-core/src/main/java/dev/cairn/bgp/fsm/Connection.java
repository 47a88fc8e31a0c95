// One transport connection of a BGP session, as the FSM sees it (RFC 4271 §8).
package dev.cairn.bgp.fsm;

import dev.cairn.bgp.wire.BgpMessage;
import dev.cairn.bgp.wire.CodecContext;
import dev.cairn.net.IpAddress;

/**
 * One transport connection carrying BGP messages (a TCP connection, or an in-memory pipe in tests).
 * Events come back through the {@link ConnectionListener} set with {@link #listen}, always on the
 * owner's event loop.
 */
public interface Connection {

  /** Where the events of this connection go; set once by the owner. */
  void listen(ConnectionListener listener);

  /** Queues a message for sending. */
  void send(BgpMessage message);

  /**
   * Queues several messages (UPDATEs after the OPEN exchange), in order. A transport may encode
   * them at once, so that what waits for the socket is bytes, not message objects.
   */
  default void sendAll(java.util.List<? extends BgpMessage> messages) {
    messages.forEach(this::send);
  }

  /**
   * False while the transport holds more unsent bytes than it wants to (the neighbor reads slower
   * than we write): the owner should keep further UPDATEs to itself, where later changes replace
   * earlier ones, until {@link ConnectionListener#onWritable}. Small messages (KEEPALIVE,
   * NOTIFICATION) may still be sent.
   */
  default boolean writable() {
    return true;
  }

  /** The negotiated byte layout, set once the OPENs have been exchanged. */
  void setCodecContext(CodecContext ctx);

  /** Closes the connection after the queued messages; no more events are delivered. */
  void close();

  IpAddress remoteAddress();

  IpAddress localAddress();

  /** True when this side opened the connection. */
  boolean outbound();
}
