// The NOTIFICATION message (RFC 4271 §4.5; RFC 8203/9003 shutdown communication).
package dev.cairn.bgp.wire;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * NOTIFICATION (RFC 4271 §4.5). For Cease / Administrative Shutdown and Administrative Reset the
 * data may carry a shutdown communication (RFC 8203, lengthened to 255 octets by RFC 9003).
 */
public record Notification(int code, int subcode, byte[] data) implements BgpMessage {

  /** Longest shutdown communication in octets (RFC 9003). */
  public static final int MAX_SHUTDOWN_COMMUNICATION = 255;

  public Notification {
    if (code < 0 || code > 0xff || subcode < 0 || subcode > 0xff) {
      throw new IllegalArgumentException("code and subcode are octets");
    }
    data = data == null ? new byte[0] : data.clone();
  }

  public Notification(int code, int subcode) {
    this(code, subcode, null);
  }

  /**
   * Cease with a shutdown communication (RFC 8203/9003). The text is cut at a character boundary to
   * fit 255 octets of UTF-8.
   */
  public static Notification cease(int subcode, String communication) {
    if (communication == null || communication.isEmpty()) {
      return new Notification(ErrorCodes.CEASE, subcode, new byte[] {0});
    }
    byte[] utf8 = communication.getBytes(StandardCharsets.UTF_8);
    int n = Math.min(utf8.length, MAX_SHUTDOWN_COMMUNICATION);
    while (n < utf8.length && n > 0 && (utf8[n] & 0xc0) == 0x80) {
      n--; // do not split a multi-byte character
    }
    byte[] d = new byte[n + 1];
    d[0] = (byte) n;
    System.arraycopy(utf8, 0, d, 1, n);
    return new Notification(ErrorCodes.CEASE, subcode, d);
  }

  @Override
  public byte[] data() {
    return data.clone();
  }

  /** Number of data octets, without copying them. */
  public int dataLength() {
    return data.length;
  }

  /**
   * The shutdown communication of a Cease / Administrative Shutdown or Reset, when the data is a
   * well-formed one (length octet matching the rest, valid UTF-8).
   */
  public Optional<String> shutdownCommunication() {
    if (code != ErrorCodes.CEASE
        || (subcode != ErrorCodes.ADMINISTRATIVE_SHUTDOWN
            && subcode != ErrorCodes.ADMINISTRATIVE_RESET)
        || data.length == 0
        || (data[0] & 0xff) != data.length - 1) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(data, 1, data.length - 1))
              .toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }

  @Override
  public MessageType type() {
    return MessageType.NOTIFICATION;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Notification n
        && n.code == code
        && n.subcode == subcode
        && Arrays.equals(n.data, data);
  }

  @Override
  public int hashCode() {
    return Objects.hash(code, subcode, Arrays.hashCode(data));
  }

  @Override
  public String toString() {
    // what the peer wrote is escaped and cut short: it ends up in logs and `show` (PeerText)
    Optional<String> text = shutdownCommunication();
    return "NOTIFICATION "
        + ErrorCodes.describe(code, subcode)
        + (text.isPresent()
            ? " \"" + PeerText.escape(data, 1, data.length - 1, PeerText.MAX_CHARS) + "\""
            : data.length > 0 ? " data=" + PeerText.hex(data) : "");
  }
}
