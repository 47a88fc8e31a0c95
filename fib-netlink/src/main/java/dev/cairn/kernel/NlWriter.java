package dev.cairn.kernel;

import dev.cairn.net.IpAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Appends netlink messages to a buffer in the host byte order the kernel expects: a header, a fixed
 * family struct, then 4-byte aligned attributes (nested ones too). One writer can hold many
 * messages back to back, which is how a batch goes out in a single {@code send}.
 */
public final class NlWriter {
  private ByteBuffer buf;
  private int msgStart = -1;

  public NlWriter(int capacity) {
    this.buf = ByteBuffer.allocateDirect(capacity).order(ByteOrder.nativeOrder());
  }

  /** Bytes written so far. */
  public int size() {
    return buf.position();
  }

  /** Forgets everything written. */
  public void clear() {
    buf.clear();
    msgStart = -1;
  }

  /** The bytes written, as a read-only view from 0 (for tests and sending). */
  public ByteBuffer written() {
    ByteBuffer d = buf.duplicate().order(ByteOrder.nativeOrder());
    d.flip();
    return d;
  }

  /** The backing direct buffer (position = bytes written). */
  ByteBuffer buffer() {
    return buf;
  }

  /** Starts a message; its length is filled in by {@link #end()}. */
  public NlWriter begin(int type, int flags, int seq) {
    if (msgStart >= 0) {
      throw new IllegalStateException("message already open");
    }
    ensure(NLMSG_HDR);
    msgStart = buf.position();
    buf.putInt(0).putShort((short) type).putShort((short) flags).putInt(seq).putInt(0);
    return this;
  }

  private static final int NLMSG_HDR = Rtnl.NLMSG_HDRLEN;

  /** Ends the open message, fixing its length, and pads to 4 bytes. */
  public NlWriter end() {
    pad();
    buf.putInt(msgStart, buf.position() - msgStart);
    msgStart = -1;
    return this;
  }

  /** Drops the open message (used when it would not fit a batch). */
  public void abort() {
    if (msgStart >= 0) {
      buf.position(msgStart);
      msgStart = -1;
    }
  }

  /** Cuts the buffer back to {@code size} bytes (a message that made the batch too big). */
  public void truncate(int size) {
    if (msgStart >= 0) {
      throw new IllegalStateException("message still open");
    }
    buf.position(size);
  }

  /** Start offset of the open message. */
  public int messageStart() {
    return msgStart;
  }

  public NlWriter u8(int v) {
    ensure(1);
    buf.put((byte) v);
    return this;
  }

  public NlWriter u16(int v) {
    ensure(2);
    buf.putShort((short) v);
    return this;
  }

  public NlWriter u32(int v) {
    ensure(4);
    buf.putInt(v);
    return this;
  }

  public NlWriter bytes(byte[] b) {
    ensure(b.length);
    buf.put(b);
    return this;
  }

  /** Pads with zeros to a 4-byte boundary. */
  public NlWriter pad() {
    int n = Rtnl.align(buf.position()) - buf.position();
    ensure(n);
    for (int i = 0; i < n; i++) {
      buf.put((byte) 0);
    }
    return this;
  }

  public NlWriter attr(int type, byte[] value) {
    ensure(4 + value.length + 3);
    buf.putShort((short) (4 + value.length)).putShort((short) type).put(value);
    return pad();
  }

  public NlWriter attrU8(int type, int v) {
    return attr(type, new byte[] {(byte) v});
  }

  public NlWriter attrU16(int type, int v) {
    ensure(8);
    buf.putShort((short) 6).putShort((short) type).putShort((short) v);
    return pad();
  }

  public NlWriter attrU32(int type, int v) {
    ensure(8);
    buf.putShort((short) 8).putShort((short) type).putInt(v);
    return this;
  }

  public NlWriter attrFlag(int type) {
    ensure(4);
    buf.putShort((short) 4).putShort((short) type);
    return this;
  }

  public NlWriter attrAddr(int type, IpAddress a) {
    return attr(type, a.toBytes());
  }

  /** Opens a nested attribute and returns its offset for {@link #endNest(int)}. */
  public int beginNest(int type) {
    ensure(4);
    int at = buf.position();
    buf.putShort((short) 0).putShort((short) type);
    return at;
  }

  public NlWriter endNest(int at) {
    pad();
    buf.putShort(at, (short) (buf.position() - at));
    return this;
  }

  /** Writes a 16-bit length placeholder at a struct start (rtnexthop) and returns its offset. */
  public int mark() {
    return buf.position();
  }

  /** Fills in a 16-bit length counted from {@code at}. */
  public NlWriter patchLen16(int at) {
    buf.putShort(at, (short) (buf.position() - at));
    return this;
  }

  private void ensure(int n) {
    if (buf.remaining() < n) {
      int cap = Math.max(buf.capacity() * 2, buf.position() + n);
      ByteBuffer bigger = ByteBuffer.allocateDirect(cap).order(ByteOrder.nativeOrder());
      buf.flip();
      bigger.put(buf);
      buf = bigger;
    }
  }
}
