// The KEEPALIVE message (RFC 4271 §4.4).
package dev.cairn.bgp.wire;

/** KEEPALIVE (RFC 4271 §4.4): a header and nothing else. */
public record Keepalive() implements BgpMessage {
  public static final Keepalive INSTANCE = new Keepalive();

  @Override
  public MessageType type() {
    return MessageType.KEEPALIVE;
  }

  @Override
  public String toString() {
    return "KEEPALIVE";
  }
}
