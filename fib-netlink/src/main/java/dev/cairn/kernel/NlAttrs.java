package dev.cairn.kernel;

import dev.cairn.net.IpAddress;
import java.nio.ByteBuffer;

/**
 * The attributes found in a region of a received message, indexed by type (the nested flag bit is
 * masked off). Values are read straight from the receive buffer; nothing is copied until asked.
 * When a type repeats, the last one wins, as in the kernel's own {@code nla_parse}.
 */
public final class NlAttrs {
  private static final int MAX = 64;
  private final ByteBuffer buf;
  private final int[] off = new int[MAX];
  private final int[] len = new int[MAX];

  private NlAttrs(ByteBuffer buf) {
    this.buf = buf;
  }

  /** Parses attributes in {@code buf[from, to)}; a truncated tail is ignored. */
  public static NlAttrs parse(ByteBuffer buf, int from, int to) {
    NlAttrs a = new NlAttrs(buf);
    int p = from;
    while (p + 4 <= to) {
      int l = buf.getShort(p) & 0xffff;
      int t = buf.getShort(p + 2) & 0x3fff;
      if (l < 4 || p + l > to) {
        break;
      }
      if (t < MAX) {
        a.off[t] = p + 4;
        a.len[t] = l - 4 + 1; // +1 so that a present zero-length attribute is seen
      }
      p += Rtnl.align(l);
    }
    return a;
  }

  public boolean has(int type) {
    return type < MAX && len[type] > 0;
  }

  /** Payload length of an attribute (0 when absent). */
  public int length(int type) {
    return has(type) ? len[type] - 1 : 0;
  }

  /** Payload offset of an attribute in the buffer. */
  public int offset(int type) {
    return off[type];
  }

  public int u8(int type, int dflt) {
    return has(type) ? buf.get(off[type]) & 0xff : dflt;
  }

  public int u16(int type, int dflt) {
    return has(type) && length(type) >= 2 ? buf.getShort(off[type]) & 0xffff : dflt;
  }

  public int u32(int type, int dflt) {
    return has(type) && length(type) >= 4 ? buf.getInt(off[type]) : dflt;
  }

  public byte[] bytes(int type) {
    if (!has(type)) {
      return null;
    }
    byte[] b = new byte[length(type)];
    buf.get(off[type], b);
    return b;
  }

  /** An address attribute of 4 or 16 bytes, or null. */
  public IpAddress address(int type) {
    int l = length(type);
    return l == 4 || l == 16 ? IpAddress.fromBytes(bytes(type)) : null;
  }

  /** A NUL-terminated string attribute, or null. */
  public String string(int type) {
    byte[] b = bytes(type);
    if (b == null) {
      return null;
    }
    int n = 0;
    while (n < b.length && b[n] != 0) {
      n++;
    }
    return new String(b, 0, n, java.nio.charset.StandardCharsets.UTF_8);
  }

  /** The attributes nested inside one. */
  public NlAttrs nested(int type) {
    return has(type) ? parse(buf, off[type], off[type] + length(type)) : parse(buf, 0, 0);
  }
}
