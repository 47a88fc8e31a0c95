// The message type octet of the BGP header (RFC 4271 §4.1, RFC 2918).
package dev.cairn.bgp.wire;

/** The message type octet of the BGP header (RFC 4271 §4.1, RFC 2918). */
public enum MessageType {
  OPEN(1),
  UPDATE(2),
  NOTIFICATION(3),
  KEEPALIVE(4),
  ROUTE_REFRESH(5);

  private final int code;

  MessageType(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }

  /** The type for a wire code, or {@code null} when unknown. */
  private static final MessageType[] BY_CODE = values(); // values() copies the array each call

  public static MessageType fromCode(int code) {
    return code >= 1 && code <= 5 ? BY_CODE[code - 1] : null;
  }
}
