// The BGP messages as immutable values (RFC 4271 §4; RFC 2918 ROUTE-REFRESH).
package dev.cairn.bgp.wire;

/**
 * A BGP message (RFC 4271 §4). Every message is an immutable value; {@link BgpCodec} turns bytes
 * into messages and back, given the {@link CodecContext} of the session.
 */
public sealed interface BgpMessage permits Open, Update, Notification, Keepalive, RouteRefresh {

  MessageType type();
}
