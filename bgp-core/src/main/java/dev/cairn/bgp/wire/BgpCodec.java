// Encoding and decoding of whole BGP messages (RFC 4271 §4).
package dev.cairn.bgp.wire;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * The BGP message codec: header (RFC 4271 §4.1, §6.1), dispatch to the per-message body codecs, and
 * the small bodies (NOTIFICATION, KEEPALIVE, ROUTE-REFRESH) directly.
 *
 * <p>Both directions are pure functions of their arguments. {@link #decode} reads one whole framed
 * message (framing is the transport's job), never retains or releases the buffer, and either
 * returns a message or throws {@link BgpDecodeException}; decoded messages hold no reference to the
 * buffer.
 */
public final class BgpCodec {
  private BgpCodec() {}

  public static final int HEADER_LENGTH = 19;
  public static final int MARKER_LENGTH = 16;

  /** Minimum total lengths per type (RFC 4271 §4, RFC 2918). */
  private static final int MIN_OPEN = 29;

  private static final int MIN_UPDATE = 23;
  private static final int MIN_NOTIFICATION = 21;
  private static final int ROUTE_REFRESH_LENGTH = 23;

  /**
   * Decodes one message occupying the readable bytes of {@code frame}, from reader index to writer
   * index. The reader index is left unchanged.
   */
  public static BgpMessage decode(ByteBuf frame, CodecContext ctx) throws BgpDecodeException {
    int start = frame.readerIndex();
    int available = frame.readableBytes();
    if (available < HEADER_LENGTH) {
      throw new BgpDecodeException(
          ErrorCodes.MESSAGE_HEADER_ERROR,
          ErrorCodes.BAD_MESSAGE_LENGTH,
          u16(available),
          "message of " + available + " octets is shorter than the header");
    }
    for (int i = 0; i < MARKER_LENGTH; i++) {
      if (frame.getByte(start + i) != (byte) 0xff) {
        throw new BgpDecodeException(
            ErrorCodes.MESSAGE_HEADER_ERROR,
            ErrorCodes.CONNECTION_NOT_SYNCHRONIZED,
            null,
            "marker is not all ones");
      }
    }
    int length = frame.getUnsignedShort(start + 16);
    int typeCode = frame.getUnsignedByte(start + 18);
    MessageType type = MessageType.fromCode(typeCode);
    if (type == null) {
      throw new BgpDecodeException(
          ErrorCodes.MESSAGE_HEADER_ERROR,
          ErrorCodes.BAD_MESSAGE_TYPE,
          new byte[] {(byte) typeCode},
          "unknown message type " + typeCode);
    }
    int max =
        type == MessageType.UPDATE || type == MessageType.ROUTE_REFRESH
            ? ctx.maxUpdateLength()
            : CodecContext.MAX_MESSAGE;
    int min =
        switch (type) {
          case OPEN -> MIN_OPEN;
          case UPDATE -> MIN_UPDATE;
          case NOTIFICATION -> MIN_NOTIFICATION;
          case KEEPALIVE -> HEADER_LENGTH;
          case ROUTE_REFRESH -> HEADER_LENGTH;
        };
    boolean badLength =
        length != available
            || length < min
            || length > max
            || (type == MessageType.KEEPALIVE && length != HEADER_LENGTH);
    if (badLength) {
      throw new BgpDecodeException(
          ErrorCodes.MESSAGE_HEADER_ERROR,
          ErrorCodes.BAD_MESSAGE_LENGTH,
          u16(length),
          type
              + " length field "
              + length
              + " (frame "
              + available
              + " octets, allowed "
              + min
              + ".."
              + max
              + ")");
    }
    ByteBuf body = frame.slice(start + HEADER_LENGTH, length - HEADER_LENGTH);
    return switch (type) {
      case OPEN -> OpenCodec.decode(body, ctx);
      case UPDATE -> UpdateCodec.decode(body, ctx);
      case NOTIFICATION -> decodeNotification(body);
      case KEEPALIVE -> Keepalive.INSTANCE;
      case ROUTE_REFRESH -> decodeRouteRefresh(frame, start, length, body);
    };
  }

  /** Encodes {@code msg} with its header into a new buffer from {@code alloc}. */
  public static ByteBuf encode(BgpMessage msg, CodecContext ctx, ByteBufAllocator alloc) {
    ByteBuf out = alloc.buffer(msg instanceof Update ? 256 : 64);
    try {
      encode(msg, ctx, out);
      return out;
    } catch (RuntimeException e) {
      out.release();
      throw e;
    }
  }

  /**
   * Appends {@code msg} with its header to {@code out}.
   *
   * @throws IllegalArgumentException when the message does not fit the session's maximum size
   *     (splitting UPDATEs is the sender's job); nothing is left in {@code out} then
   */
  public static void encode(BgpMessage msg, CodecContext ctx, ByteBuf out) {
    int start = out.writerIndex();
    for (int i = 0; i < MARKER_LENGTH; i++) {
      out.writeByte(0xff);
    }
    out.writeShort(0); // length, patched below
    out.writeByte(msg.type().code());
    if (msg instanceof Open o) {
      OpenCodec.encode(o, ctx, out);
    } else if (msg instanceof Update u) {
      UpdateCodec.encode(u, ctx, out);
    } else if (msg instanceof Notification n) {
      out.writeByte(n.code()).writeByte(n.subcode()).writeBytes(n.data());
    } else if (msg instanceof RouteRefresh r) {
      out.writeShort(r.afi()).writeByte(r.subtype()).writeByte(r.safi());
    }
    int length = out.writerIndex() - start;
    int max =
        msg instanceof Update || msg instanceof RouteRefresh
            ? ctx.maxUpdateLength()
            : CodecContext.MAX_MESSAGE;
    if (length > max) {
      out.writerIndex(start);
      throw new IllegalArgumentException(
          msg.type() + " of " + length + " octets exceeds the maximum of " + max);
    }
    out.setShort(start + 16, length);
  }

  private static Notification decodeNotification(ByteBuf body) {
    int code = body.getUnsignedByte(body.readerIndex());
    int subcode = body.getUnsignedByte(body.readerIndex() + 1);
    byte[] data = new byte[body.readableBytes() - 2];
    body.getBytes(body.readerIndex() + 2, data);
    return new Notification(code, subcode, data);
  }

  private static RouteRefresh decodeRouteRefresh(ByteBuf frame, int start, int length, ByteBuf body)
      throws BgpDecodeException {
    if (length != ROUTE_REFRESH_LENGTH) {
      // RFC 7313 §5: the data is the complete ROUTE-REFRESH message
      byte[] whole = new byte[length];
      frame.getBytes(start, whole);
      throw new BgpDecodeException(
          ErrorCodes.ROUTE_REFRESH_MESSAGE_ERROR,
          ErrorCodes.INVALID_MESSAGE_LENGTH,
          whole,
          "ROUTE-REFRESH of " + length + " octets (must be 23)");
    }
    int i = body.readerIndex();
    return new RouteRefresh(
        body.getUnsignedShort(i), body.getUnsignedByte(i + 3), body.getUnsignedByte(i + 2));
  }

  private static byte[] u16(int v) {
    return new byte[] {(byte) (v >>> 8), (byte) v};
  }
}
