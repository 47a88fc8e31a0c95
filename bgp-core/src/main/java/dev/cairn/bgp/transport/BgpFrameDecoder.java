// BGP message framing by the header's length field (RFC 4271 §4.1, RFC 8654).
package dev.cairn.bgp.transport;

import dev.cairn.bgp.wire.BgpCodec;
import dev.cairn.bgp.wire.CodecContext;
import dev.cairn.bgp.wire.ErrorCodes;
import dev.cairn.bgp.wire.WireError;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Cuts the TCP byte stream into whole BGP messages (RFC 4271 §4.1) without parsing them: emits one
 * retained {@link ByteBuf} per message, or a {@link WireError} (Message Header Error / Bad Message
 * Length, data = the length field) when the length field is impossible, after which the stream
 * cannot be trusted and nothing more is read.
 */
final class BgpFrameDecoder extends ByteToMessageDecoder {
  private boolean broken;

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (broken) {
      in.skipBytes(in.readableBytes());
      return;
    }
    while (in.readableBytes() >= BgpCodec.HEADER_LENGTH) {
      int length = in.getUnsignedShort(in.readerIndex() + 16);
      if (length < BgpCodec.HEADER_LENGTH || length > CodecContext.MAX_EXTENDED_MESSAGE) {
        broken = true;
        out.add(
            WireError.reset(
                ErrorCodes.MESSAGE_HEADER_ERROR,
                ErrorCodes.BAD_MESSAGE_LENGTH,
                new byte[] {(byte) (length >>> 8), (byte) length},
                "length field " + length));
        in.skipBytes(in.readableBytes());
        return;
      }
      if (in.readableBytes() < length) {
        return;
      }
      out.add(in.readRetainedSlice(length));
    }
  }
}
