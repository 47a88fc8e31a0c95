package dev.cairn.bgp.wire;

import io.netty.buffer.ByteBuf;

/** PLACEHOLDER: replaced by the OPEN codec work. */
final class OpenCodec {
  private OpenCodec() {}

  static Open decode(ByteBuf body, CodecContext ctx) throws BgpDecodeException {
    throw new UnsupportedOperationException("placeholder");
  }

  static void encode(Open o, CodecContext ctx, ByteBuf out) {
    throw new UnsupportedOperationException("placeholder");
  }
}
