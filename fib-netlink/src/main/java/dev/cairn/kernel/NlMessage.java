package dev.cairn.kernel;

import java.nio.ByteBuffer;
import java.util.function.Consumer;

/**
 * One received netlink message: its header fields and where its payload lies in the receive buffer.
 * Valid only until the buffer is reused; decoders copy what they keep.
 *
 * @param payload offset of the first byte after the header
 * @param end offset one past the message
 */
public record NlMessage(
    ByteBuffer buf, int type, int flags, int seq, int pid, int payload, int end) {

  /** Splits a datagram of {@code length} bytes into messages, in order. */
  public static void split(ByteBuffer buf, int length, Consumer<NlMessage> each) {
    int p = 0;
    while (p + Rtnl.NLMSG_HDRLEN <= length) {
      int len = buf.getInt(p);
      if (len < Rtnl.NLMSG_HDRLEN || p + len > length) {
        throw new NetlinkException("malformed netlink message at offset " + p, 0);
      }
      each.accept(
          new NlMessage(
              buf,
              buf.getShort(p + 4) & 0xffff,
              buf.getShort(p + 6) & 0xffff,
              buf.getInt(p + 8),
              buf.getInt(p + 12),
              p + Rtnl.NLMSG_HDRLEN,
              p + len));
      p += Rtnl.align(len);
    }
  }

  /** Attributes after a fixed family header of {@code fixedLen} bytes. */
  public NlAttrs attrs(int fixedLen) {
    return NlAttrs.parse(buf, payload + Rtnl.align(fixedLen), end);
  }
}
