package dev.cairn.bgp.wire;

import io.netty.buffer.ByteBuf;

/** PLACEHOLDER: replaced by the UPDATE codec work. */
final class UpdateCodec {
  private UpdateCodec() {}

  static Update decode(ByteBuf body, CodecContext ctx) throws BgpDecodeException {
    throw new UnsupportedOperationException("placeholder");
  }

  static void encode(Update u, CodecContext ctx, ByteBuf out) {
    throw new UnsupportedOperationException("placeholder");
  }
}
