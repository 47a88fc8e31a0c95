// Text a peer sent, made safe for logs and show output (RFC 8203/9003).
package dev.cairn.bgp.wire;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Text and octets a peer sent, made safe for one log line or one {@code show} field: the RFC
 * 8203/9003 shutdown communication and NOTIFICATION data come from the other side of a trust
 * boundary, and a peer must not be able to forge log lines (newlines), drive a terminal (escape
 * sequences), hide text (bidirectional controls) or flood the log (length).
 *
 * <p>{@link #escape} keeps printable UTF-8 as it is and writes everything else as a C-like escape:
 * newline, carriage return and tab as backslash-n, -r, -t; backslash and double quote preceded by a
 * backslash; an octet that is an ASCII control character or not part of valid UTF-8 as backslash-x
 * and two hex digits; a control, format or separator code point outside ASCII as backslash-u and
 * its hex value in braces. The result is cut at a maximum length, with a note of the full size.
 */
public final class PeerText {
  private PeerText() {}

  /** The longest text kept from a peer (a shutdown communication is at most 255 octets). */
  public static final int MAX_CHARS = 300;

  /** The most data octets shown in hex (the rest is counted). */
  public static final int MAX_HEX_OCTETS = 64;

  /** {@code bytes[off, off + len)} as escaped text of at most {@code max} characters. */
  public static String escape(byte[] bytes, int off, int len, int max) {
    StringBuilder sb = new StringBuilder(Math.min(len, max) + 8);
    int end = off + len;
    int i = off;
    while (i < end && sb.length() < max) {
      int b = bytes[i] & 0xff;
      if (b < 0x80) {
        switch (b) {
          case '\n' -> sb.append("\\n");
          case '\r' -> sb.append("\\r");
          case '\t' -> sb.append("\\t");
          case '\\' -> sb.append("\\\\");
          case '"' -> sb.append("\\\"");
          default -> {
            if (b < 0x20 || b == 0x7f) {
              hexEscape(sb, b);
            } else {
              sb.append((char) b);
            }
          }
        }
        i++;
        continue;
      }
      int n =
          b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
      String ch = n == 0 || i + n > end ? null : decode(bytes, i, n);
      if (ch == null) {
        hexEscape(sb, b); // not valid UTF-8: the octet as it is
        i++;
        continue;
      }
      int cp = ch.codePointAt(0);
      int type = Character.getType(cp);
      if (type == Character.CONTROL
          || type == Character.FORMAT
          || type == Character.LINE_SEPARATOR
          || type == Character.PARAGRAPH_SEPARATOR) {
        sb.append("\\u{").append(Integer.toHexString(cp)).append('}');
      } else {
        sb.append(ch);
      }
      i += n;
    }
    if (i < end) {
      sb.append("... (").append(len).append(" octets)");
    }
    return sb.toString();
  }

  /** All of {@code bytes}, escaped, at most {@link #MAX_CHARS} characters. */
  public static String escape(byte[] bytes) {
    return escape(bytes, 0, bytes.length, MAX_CHARS);
  }

  /** {@code data} in hex, at most {@link #MAX_HEX_OCTETS} octets of it, with the full size. */
  public static String hex(byte[] data) {
    if (data.length <= MAX_HEX_OCTETS) {
      return HexFormat.of().formatHex(data);
    }
    return HexFormat.of().formatHex(data, 0, MAX_HEX_OCTETS) + "... (" + data.length + " octets)";
  }

  private static void hexEscape(StringBuilder sb, int b) {
    sb.append("\\x").append(Character.forDigit(b >>> 4, 16)).append(Character.forDigit(b & 15, 16));
  }

  /** One UTF-8 sequence of {@code n} octets as a string, or {@code null} when it is not valid. */
  private static String decode(byte[] bytes, int off, int n) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, off, n))
          .toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
