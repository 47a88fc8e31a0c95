// The states of the BGP finite state machine (RFC 4271 §8.2.2).
package dev.cairn.bgp.fsm;

/** The states of the BGP finite state machine (RFC 4271 §8.2.2). */
public enum SessionState {
  IDLE,
  CONNECT,
  ACTIVE,
  OPEN_SENT,
  OPEN_CONFIRM,
  ESTABLISHED;

  /** The name operators know from other daemons: {@code Idle}, {@code OpenSent}, ... */
  public String display() {
    return switch (this) {
      case IDLE -> "Idle";
      case CONNECT -> "Connect";
      case ACTIVE -> "Active";
      case OPEN_SENT -> "OpenSent";
      case OPEN_CONFIRM -> "OpenConfirm";
      case ESTABLISHED -> "Established";
    };
  }
}
