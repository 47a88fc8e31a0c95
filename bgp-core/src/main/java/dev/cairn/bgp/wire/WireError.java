// One decoding problem: its RFC 7606 action and NOTIFICATION.
package dev.cairn.bgp.wire;

import java.util.Arrays;
import java.util.Objects;

/**
 * One decoding problem: the RFC 7606 action and the NOTIFICATION (code, subcode, data) that {@link
 * ErrorAction#SESSION_RESET} sends. For the softer actions the code/subcode still say what was
 * wrong, for logs and counters.
 */
public record WireError(ErrorAction action, int code, int subcode, byte[] data, String detail) {

  public WireError {
    Objects.requireNonNull(action, "action");
    data = data == null ? new byte[0] : data.clone();
    Objects.requireNonNull(detail, "detail");
  }

  public static WireError reset(int code, int subcode, byte[] data, String detail) {
    return new WireError(ErrorAction.SESSION_RESET, code, subcode, data, detail);
  }

  @Override
  public byte[] data() {
    return data.clone();
  }

  /** The NOTIFICATION to send when this error resets the session. */
  public Notification toNotification() {
    return new Notification(code, subcode, data);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WireError w
        && w.action == action
        && w.code == code
        && w.subcode == subcode
        && Arrays.equals(w.data, data)
        && w.detail.equals(detail);
  }

  @Override
  public int hashCode() {
    return Objects.hash(action, code, subcode, Arrays.hashCode(data), detail);
  }

  @Override
  public String toString() {
    return action
        + " "
        + ErrorCodes.describe(code, subcode)
        + (data.length > 0 ? " data=" + PeerText.hex(data) : "")
        + ": "
        + detail;
  }
}
