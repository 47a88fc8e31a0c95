package dev.cairn.bgp.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;

/** Test helpers: decode and encode whole messages through byte arrays. */
final class Wire {
  private Wire() {}

  static BgpMessage decode(byte[] wire, CodecContext ctx) throws BgpDecodeException {
    ByteBuf b = Unpooled.wrappedBuffer(wire);
    try {
      return BgpCodec.decode(b, ctx);
    } finally {
      b.release();
    }
  }

  static byte[] encode(BgpMessage m, CodecContext ctx) {
    ByteBuf b = BgpCodec.encode(m, ctx, UnpooledByteBufAllocator.DEFAULT);
    try {
      return ByteBufUtil.getBytes(b);
    } finally {
      b.release();
    }
  }

  static BgpDecodeException decodeError(byte[] wire, CodecContext ctx) {
    try {
      BgpMessage m = decode(wire, ctx);
      throw new AssertionError("expected a decode error, got " + m);
    } catch (BgpDecodeException e) {
      return e;
    }
  }
}
