// NLRI prefix encoding and decoding (RFC 4271 §4.3, RFC 4760 §5; ADD-PATH RFC 7911).
package dev.cairn.bgp.wire;

import dev.cairn.net.Afi;
import dev.cairn.net.Ipv4Prefix;
import dev.cairn.net.Ipv6Prefix;
import io.netty.buffer.ByteBuf;

/**
 * NLRI fields (RFC 4271 §4.3, RFC 4760 §5, RFC 7911 §3): length-prefixed prefixes, optionally each
 * preceded by a 4-octet path identifier. Decoding reads straight from the buffer into primitive
 * arrays in two passes (count, then fill) so that nothing is allocated per prefix.
 */
final class NlriCodec {
  private NlriCodec() {}

  /** Thrown (without a stack trace) for a malformed NLRI field; callers map it to a WireError. */
  static final class Malformed extends Exception {
    private static final long serialVersionUID = 1L;

    Malformed(String message) {
      super(message, null, false, false);
    }
  }

  /** Decodes {@code buf[from, to)} as prefixes of {@code afi}. */
  static NlriList decode(ByteBuf buf, int from, int to, Afi afi, boolean addPath) throws Malformed {
    int max = afi == Afi.IPV4 ? 32 : 128;
    int count = 0;
    for (int i = from; i < to; ) {
      if (addPath) {
        i += 4;
        if (i >= to) {
          throw new Malformed("NLRI ends inside a path identifier or before a prefix length");
        }
      }
      int len = buf.getUnsignedByte(i);
      if (len > max) {
        throw new Malformed("prefix length " + len + " is greater than " + max);
      }
      i += 1 + ((len + 7) >>> 3);
      if (i > to) {
        throw new Malformed("prefix of length " + len + " runs past the end of the NLRI field");
      }
      count++;
    }
    if (count == 0) {
      return NlriList.empty(afi);
    }
    int[] ids = addPath ? new int[count] : null;
    return afi == Afi.IPV4 ? decodeV4(buf, from, count, ids) : decodeV6(buf, from, count, ids);
  }

  private static NlriList decodeV4(ByteBuf buf, int i, int count, int[] ids) {
    long[] out = new long[count];
    for (int n = 0; n < count; n++) {
      if (ids != null) {
        ids[n] = buf.getInt(i);
        i += 4;
      }
      int len = buf.getUnsignedByte(i++);
      int addr;
      switch ((len + 7) >>> 3) {
        case 0 -> addr = 0;
        case 1 -> addr = buf.getByte(i) << 24;
        case 2 -> addr = buf.getShort(i) << 16;
        case 3 -> addr = buf.getUnsignedMedium(i) << 8;
        default -> addr = buf.getInt(i);
      }
      i += (len + 7) >>> 3;
      out[n] = Ipv4Prefix.pack(addr & Ipv4Prefix.mask(len), len);
    }
    return NlriList.ofV4(out, count, ids);
  }

  private static NlriList decodeV6(ByteBuf buf, int i, int count, int[] ids) {
    long[] words = new long[2 * count];
    byte[] lengths = new byte[count];
    for (int n = 0; n < count; n++) {
      if (ids != null) {
        ids[n] = buf.getInt(i);
        i += 4;
      }
      int len = buf.getUnsignedByte(i++);
      int bytes = (len + 7) >>> 3;
      long hi = 0;
      long lo = 0;
      for (int b = 0; b < bytes; b++) {
        long v = buf.getUnsignedByte(i + b);
        if (b < 8) {
          hi |= v << (56 - 8 * b);
        } else {
          lo |= v << (56 - 8 * (b - 8));
        }
      }
      i += bytes;
      words[2 * n] = hi & Ipv6Prefix.maskHi(len);
      words[2 * n + 1] = lo & Ipv6Prefix.maskLo(len);
      lengths[n] = (byte) len;
    }
    return NlriList.ofV6(words, lengths, count, ids);
  }

  /** Octets that {@code list[from, to)} takes on the wire. */
  static int encodedLength(NlriList list, int from, int to, boolean addPath) {
    int n = addPath ? 4 * (to - from) : 0;
    for (int i = from; i < to; i++) {
      n += 1 + ((list.length(i) + 7) >>> 3);
    }
    return n;
  }

  /** Writes {@code list[from, to)}; path identifiers (0 when the list has none) if addPath. */
  static void encode(NlriList list, int from, int to, boolean addPath, ByteBuf out) {
    boolean v4 = list.afi() == Afi.IPV4;
    for (int i = from; i < to; i++) {
      if (addPath) {
        out.writeInt(list.pathId(i));
      }
      int len = list.length(i);
      out.writeByte(len);
      int bytes = (len + 7) >>> 3;
      if (v4) {
        int addr = Ipv4Prefix.packedBits(list.packedV4(i));
        for (int b = 0; b < bytes; b++) {
          out.writeByte(addr >>> (24 - 8 * b));
        }
      } else {
        long hi = list.v6Hi(i);
        long lo = list.v6Lo(i);
        for (int b = 0; b < bytes; b++) {
          out.writeByte((int) (b < 8 ? hi >>> (56 - 8 * b) : lo >>> (56 - 8 * (b - 8))));
        }
      }
    }
  }
}
