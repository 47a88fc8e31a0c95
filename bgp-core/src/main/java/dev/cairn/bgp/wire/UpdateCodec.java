// UPDATE encoding and decoding with RFC 7606 error handling (RFC 4271 §4.3, §6.3; RFC 4760).
package dev.cairn.bgp.wire;

import static dev.cairn.bgp.wire.PathAttributes.EXTENDED_LENGTH;
import static dev.cairn.bgp.wire.PathAttributes.OPTIONAL;
import static dev.cairn.bgp.wire.PathAttributes.PARTIAL;
import static dev.cairn.bgp.wire.PathAttributes.TRANSITIVE;

import dev.cairn.net.Afi;
import dev.cairn.net.Family;
import dev.cairn.net.IpAddress;
import dev.cairn.net.Ipv4Address;
import dev.cairn.net.Ipv6Address;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * UPDATE bodies (RFC 4271 §4.3, RFC 4760, RFC 6793, RFC 7911) with the error handling of RFC 7606.
 *
 * <p>Decoding: the withdrawn routes, the attributes through {@link AttributeCodecs#TABLE}, the
 * NLRI. Errors that RFC 7606 resolves softly are collected and the most severe wins: attribute
 * discard drops the attribute, treat-as-withdraw turns the UPDATE into a withdrawal, and a session
 * reset throws {@link BgpDecodeException}.
 *
 * <p>Encoding: MP_REACH_NLRI and MP_UNREACH_NLRI first (RFC 7606 §5.1), then the other attributes
 * in type-code order. MP_REACH_NLRI always carries the Extended Length flag (as BIRD 2 and FRR 8
 * send it, see the capture fixtures); every other attribute uses it only when its value exceeds 255
 * octets.
 */
final class UpdateCodec {
  private UpdateCodec() {}

  static Update decode(ByteBuf body, CodecContext ctx) throws BgpDecodeException {
    int start = body.readerIndex();
    int end = body.writerIndex();
    int wlen = body.getUnsignedShort(start);
    int wEnd = start + 2 + wlen;
    if (wEnd + 2 > end) {
      throw reset(
          ErrorCodes.MALFORMED_ATTRIBUTE_LIST,
          null,
          "withdrawn routes length " + wlen + " overruns");
    }
    NlriList withdrawn = nlri(body, start + 2, wEnd, Family.IPV4_UNICAST, ctx, "withdrawn routes");
    int alen = body.getUnsignedShort(wEnd);
    int aStart = wEnd + 2;
    int aEnd = aStart + alen;
    if (aEnd > end) {
      throw reset(
          ErrorCodes.MALFORMED_ATTRIBUTE_LIST,
          null,
          "total attribute length " + alen + " overruns");
    }

    AttributeCodecs.State s = new AttributeCodecs.State(ctx);
    List<WireError> errors = new ArrayList<>(0);
    long[] seen = new long[4];
    MpReach reach = null;
    MpUnreach unreach = null;
    boolean mpSeen = false;
    boolean overrun = false;
    for (int i = aStart; i < aEnd; ) {
      int attrStart = i;
      if (aEnd - i < 3) {
        overrun = true;
        break;
      }
      int flags = body.getUnsignedByte(i);
      int type = body.getUnsignedByte(i + 1);
      int hdr = (flags & EXTENDED_LENGTH) != 0 ? 4 : 3;
      if (aEnd - i < hdr) {
        overrun = true;
        break;
      }
      int len = hdr == 4 ? body.getUnsignedShort(i + 2) : body.getUnsignedByte(i + 2);
      int off = i + hdr;
      if (off + len > aEnd) {
        overrun = true;
        break;
      }
      i = off + len;
      boolean mp = type == PathAttributes.MP_REACH_NLRI || type == PathAttributes.MP_UNREACH_NLRI;
      if ((seen[type >>> 6] & (1L << type)) != 0) {
        if (mp) {
          throw reset(
              ErrorCodes.MALFORMED_ATTRIBUTE_LIST, null, "attribute " + type + " appears twice");
        }
        errors.add(
            soft(
                ErrorAction.ATTRIBUTE_DISCARD,
                ErrorCodes.MALFORMED_ATTRIBUTE_LIST,
                null,
                "duplicate attribute " + type + " discarded"));
        continue;
      }
      seen[type >>> 6] |= 1L << type;
      AttributeCodecs.Codec c = AttributeCodecs.TABLE[type];
      if (c == null) {
        if ((flags & OPTIONAL) == 0) {
          throw reset(
              ErrorCodes.UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE,
              bytes(body, attrStart, i),
              "unrecognized well-known attribute " + type);
        }
        if ((flags & TRANSITIVE) != 0) {
          byte[] v = bytes(body, off, off + len);
          s.attrs.unknown(new RawAttribute(flags | PARTIAL, type, v));
        }
        continue; // optional non-transitive: quietly ignored (RFC 4271 §5)
      }
      if ((flags & (OPTIONAL | TRANSITIVE)) != c.flags()) {
        WireError e =
            new WireError(
                c.onError(),
                ErrorCodes.UPDATE_MESSAGE_ERROR,
                ErrorCodes.ATTRIBUTE_FLAGS_ERROR,
                bytes(body, attrStart, i),
                c.name() + ": flags 0x" + Integer.toHexString(flags));
        if (e.action() == ErrorAction.SESSION_RESET) {
          throw new BgpDecodeException(e);
        }
        errors.add(e);
        continue;
      }
      if (mp) {
        mpSeen = true;
        try {
          if (type == PathAttributes.MP_REACH_NLRI) {
            reach = decodeMpReach(body, off, len, ctx, errors);
          } else {
            unreach = decodeMpUnreach(body, off, len, ctx, errors);
          }
        } catch (AttributeCodecs.Malformed m) {
          throw reset(
              ErrorCodes.OPTIONAL_ATTRIBUTE_ERROR,
              bytes(body, attrStart, i),
              c.name() + ": " + m.getMessage());
        }
        continue;
      }
      try {
        c.decoder().decode(body, off, len, s);
      } catch (AttributeCodecs.Malformed m) {
        WireError e =
            new WireError(
                c.onError(),
                ErrorCodes.UPDATE_MESSAGE_ERROR,
                m.subcode,
                bytes(body, attrStart, i),
                c.name() + ": " + m.getMessage());
        if (e.action() == ErrorAction.SESSION_RESET) {
          throw new BgpDecodeException(e);
        }
        errors.add(e);
      }
    }
    if (overrun) {
      if (mpSeen) {
        throw reset(
            ErrorCodes.MALFORMED_ATTRIBUTE_LIST, null, "attribute overruns the attribute list");
      }
      errors.add(
          soft(
              ErrorAction.TREAT_AS_WITHDRAW,
              ErrorCodes.MALFORMED_ATTRIBUTE_LIST,
              null,
              "attribute overruns the attribute list"));
    }
    NlriList nlri = nlri(body, aEnd, end, Family.IPV4_UNICAST, ctx, "NLRI");

    PathAttributes attrs = s.attrs.build();
    if (!ctx.fourOctetAs() && (s.as4Path != null || s.as4Aggregator != null)) {
      AttributeCodecs.mergeAs4(s, attrs.asPath(), attrs.aggregator());
      attrs = s.attrs.build();
    }
    boolean reachable = !nlri.isEmpty() || (reach != null && !reach.nlri().isEmpty());
    if (reachable) {
      // an attribute that was present but malformed is already reported as such
      missing(attrs.origin() < 0, PathAttributes.ORIGIN, "ORIGIN", seen, errors);
      missing(attrs.asPath() == null, PathAttributes.AS_PATH, "AS_PATH", seen, errors);
      missing(
          !nlri.isEmpty() && attrs.nextHop() == null,
          PathAttributes.NEXT_HOP,
          "NEXT_HOP",
          seen,
          errors);
    }
    for (WireError e : errors) {
      if (e.action() == ErrorAction.TREAT_AS_WITHDRAW) {
        if (reach != null
            && unreach != null
            && !reach.family().equals(unreach.family())
            && !reach.family().equals(Family.IPV4_UNICAST)) {
          throw new BgpDecodeException(asReset(e));
        }
        return Update.treatedAsWithdraw(withdrawn, nlri, reach, unreach, errors);
      }
    }
    // an UPDATE whose only attributes were discarded carries none, exactly as one that had none
    // (not interned here: the speaker's loop owns the interner and interns once per UPDATE)
    PathAttributes kept = attrs.equals(PathAttributes.EMPTY) ? null : attrs;
    return new Update(withdrawn, kept, nlri, reach, unreach, errors);
  }

  private static WireError asReset(WireError e) {
    return new WireError(ErrorAction.SESSION_RESET, e.code(), e.subcode(), e.data(), e.detail());
  }

  private static void missing(
      boolean absent, int type, String name, long[] seen, List<WireError> errors) {
    if (absent && (seen[type >>> 6] & (1L << type)) == 0) {
      errors.add(
          soft(
              ErrorAction.TREAT_AS_WITHDRAW,
              ErrorCodes.MISSING_WELL_KNOWN_ATTRIBUTE,
              new byte[] {(byte) type},
              "missing " + name));
    }
  }

  private static NlriList nlri(
      ByteBuf b, int from, int to, Family family, CodecContext ctx, String what)
      throws BgpDecodeException {
    try {
      return NlriCodec.decode(b, from, to, family.afi(), ctx.addPathReceive().contains(family));
    } catch (NlriCodec.Malformed m) {
      throw reset(ErrorCodes.INVALID_NETWORK_FIELD, null, what + ": " + m.getMessage());
    }
  }

  private static MpReach decodeMpReach(
      ByteBuf b, int off, int len, CodecContext ctx, List<WireError> errors)
      throws AttributeCodecs.Malformed {
    if (len < 5) {
      throw new AttributeCodecs.Malformed(ErrorCodes.OPTIONAL_ATTRIBUTE_ERROR, "too short");
    }
    int afi = b.getUnsignedShort(off);
    int safi = b.getUnsignedByte(off + 2);
    int nhLen = b.getUnsignedByte(off + 3);
    if (5 + nhLen > len) {
      throw new AttributeCodecs.Malformed(
          ErrorCodes.OPTIONAL_ATTRIBUTE_ERROR, "next hop length " + nhLen + " overruns");
    }
    Family family = Family.fromCodes(afi, safi);
    if (family == null) {
      errors.add(unsupported(afi, safi));
      return null;
    }
    int nh = off + 4;
    IpAddress global;
    Ipv6Address linkLocal = null;
    if (family.afi() == Afi.IPV4 && nhLen == 4) {
      global = new Ipv4Address(b.getInt(nh));
    } else if (nhLen == 16 || nhLen == 32) {
      global = new Ipv6Address(b.getLong(nh), b.getLong(nh + 8));
      if (nhLen == 32) {
        linkLocal = new Ipv6Address(b.getLong(nh + 16), b.getLong(nh + 24));
      }
    } else {
      throw new AttributeCodecs.Malformed(
          ErrorCodes.OPTIONAL_ATTRIBUTE_ERROR,
          "next hop length " + nhLen + " is invalid for " + family);
    }
    int nlriStart = nh + nhLen + 1; // one reserved octet (RFC 4760 §3)
    try {
      NlriList nlri =
          NlriCodec.decode(
              b, nlriStart, off + len, family.afi(), ctx.addPathReceive().contains(family));
      return new MpReach(family, global, linkLocal, nlri);
    } catch (NlriCodec.Malformed m) {
      throw new AttributeCodecs.Malformed(ErrorCodes.OPTIONAL_ATTRIBUTE_ERROR, m.getMessage());
    }
  }

  private static MpUnreach decodeMpUnreach(
      ByteBuf b, int off, int len, CodecContext ctx, List<WireError> errors)
      throws AttributeCodecs.Malformed {
    if (len < 3) {
      throw new AttributeCodecs.Malformed(ErrorCodes.OPTIONAL_ATTRIBUTE_ERROR, "too short");
    }
    int afi = b.getUnsignedShort(off);
    int safi = b.getUnsignedByte(off + 2);
    Family family = Family.fromCodes(afi, safi);
    if (family == null) {
      errors.add(unsupported(afi, safi));
      return null;
    }
    try {
      NlriList w =
          NlriCodec.decode(
              b, off + 3, off + len, family.afi(), ctx.addPathReceive().contains(family));
      return new MpUnreach(family, w);
    } catch (NlriCodec.Malformed m) {
      throw new AttributeCodecs.Malformed(ErrorCodes.OPTIONAL_ATTRIBUTE_ERROR, m.getMessage());
    }
  }

  private static WireError unsupported(int afi, int safi) {
    return soft(
        ErrorAction.ATTRIBUTE_DISCARD,
        ErrorCodes.OPTIONAL_ATTRIBUTE_ERROR,
        null,
        "AFI " + afi + " SAFI " + safi + " is not supported; its NLRI are ignored");
  }

  private static WireError soft(ErrorAction action, int subcode, byte[] data, String detail) {
    return new WireError(action, ErrorCodes.UPDATE_MESSAGE_ERROR, subcode, data, detail);
  }

  private static BgpDecodeException reset(int subcode, byte[] data, String detail) {
    return new BgpDecodeException(ErrorCodes.UPDATE_MESSAGE_ERROR, subcode, data, detail);
  }

  private static byte[] bytes(ByteBuf b, int from, int to) {
    byte[] out = new byte[to - from];
    b.getBytes(from, out);
    return out;
  }

  // ---------------------------------------------------------------- encoding

  static void encode(Update u, CodecContext ctx, ByteBuf out) {
    boolean ap4 = ctx.addPathSend().contains(Family.IPV4_UNICAST);
    out.writeShort(NlriCodec.encodedLength(u.withdrawn(), 0, u.withdrawn().size(), ap4));
    NlriCodec.encode(u.withdrawn(), 0, u.withdrawn().size(), ap4, out);
    int lenAt = out.writerIndex();
    out.writeShort(0);
    int attrStart = out.writerIndex();
    if (u.mpReach() != null) {
      writeMpReach(u.mpReach(), ctx, out);
    }
    if (u.mpUnreach() != null) {
      writeMpUnreach(u.mpUnreach(), ctx, out);
    }
    if (u.attributes() != null) {
      writeAttributes(u.attributes(), ctx, out);
    }
    out.setShort(lenAt, out.writerIndex() - attrStart);
    NlriCodec.encode(u.nlri(), 0, u.nlri().size(), ap4, out);
  }

  /** Writes every attribute of {@code a} (not MP_*): known ones by the table, unknown ones raw. */
  static void writeAttributes(PathAttributes a, CodecContext ctx, ByteBuf out) {
    List<RawAttribute> unknown = a.unknown();
    int u = 0;
    for (AttributeCodecs.Codec c : AttributeCodecs.ENCODE_ORDER) {
      while (u < unknown.size() && unknown.get(u).type() < c.type()) {
        writeRaw(unknown.get(u++), out);
      }
      int len = c.sizer().length(a, ctx);
      if (len >= 0) {
        writeHeader(c.flags(), c.type(), len, out);
        c.encoder().encode(a, ctx, out);
      }
    }
    while (u < unknown.size()) {
      writeRaw(unknown.get(u++), out);
    }
  }

  /** Octets {@link #writeAttributes} produces. */
  static int attributesLength(PathAttributes a, CodecContext ctx) {
    int n = 0;
    for (AttributeCodecs.Codec c : AttributeCodecs.ENCODE_ORDER) {
      int len = c.sizer().length(a, ctx);
      if (len >= 0) {
        n += (len > 255 ? 4 : 3) + len;
      }
    }
    for (RawAttribute r : a.unknown()) {
      n += (r.length() > 255 ? 4 : 3) + r.length();
    }
    return n;
  }

  private static void writeRaw(RawAttribute r, ByteBuf out) {
    writeHeader(r.flags(), r.type(), r.length(), out);
    out.writeBytes(r.valueNoCopy());
  }

  private static void writeHeader(int flags, int type, int len, ByteBuf out) {
    if (len > 255) {
      out.writeByte(flags | EXTENDED_LENGTH).writeByte(type).writeShort(len);
    } else {
      out.writeByte(flags & ~EXTENDED_LENGTH).writeByte(type).writeByte(len);
    }
  }

  static int nextHopLength(MpReach r) {
    return (r.nextHop() instanceof Ipv4Address ? 4 : 16) + (r.linkLocalNextHop() != null ? 16 : 0);
  }

  /** MP_REACH_NLRI value octets for the prefixes {@code [from, to)} of {@code r}. */
  static int mpReachValueLength(MpReach r, int from, int to, CodecContext ctx) {
    boolean ap = ctx.addPathSend().contains(r.family());
    return 5 + nextHopLength(r) + NlriCodec.encodedLength(r.nlri(), from, to, ap);
  }

  static void writeMpReach(MpReach r, CodecContext ctx, ByteBuf out) {
    writeMpReach(r, 0, r.nlri().size(), ctx, out);
  }

  static void writeMpReach(MpReach r, int from, int to, CodecContext ctx, ByteBuf out) {
    boolean ap = ctx.addPathSend().contains(r.family());
    // always with the Extended Length flag, as BIRD and FRR send it: the header does not depend
    // on how many prefixes the packer puts in
    out.writeByte(OPTIONAL | EXTENDED_LENGTH).writeByte(PathAttributes.MP_REACH_NLRI);
    out.writeShort(mpReachValueLength(r, from, to, ctx));
    out.writeShort(r.family().afi().code()).writeByte(r.family().safi().code());
    out.writeByte(nextHopLength(r));
    writeAddress(r.nextHop(), out);
    if (r.linkLocalNextHop() != null) {
      writeAddress(r.linkLocalNextHop(), out);
    }
    out.writeByte(0);
    NlriCodec.encode(r.nlri(), from, to, ap, out);
  }

  static int mpUnreachValueLength(MpUnreach r, int from, int to, CodecContext ctx) {
    boolean ap = ctx.addPathSend().contains(r.family());
    return 3 + NlriCodec.encodedLength(r.withdrawn(), from, to, ap);
  }

  static void writeMpUnreach(MpUnreach r, CodecContext ctx, ByteBuf out) {
    writeMpUnreach(r, 0, r.withdrawn().size(), ctx, out);
  }

  static void writeMpUnreach(MpUnreach r, int from, int to, CodecContext ctx, ByteBuf out) {
    boolean ap = ctx.addPathSend().contains(r.family());
    writeHeader(
        OPTIONAL, PathAttributes.MP_UNREACH_NLRI, mpUnreachValueLength(r, from, to, ctx), out);
    out.writeShort(r.family().afi().code()).writeByte(r.family().safi().code());
    NlriCodec.encode(r.withdrawn(), from, to, ap, out);
  }

  private static void writeAddress(IpAddress a, ByteBuf out) {
    if (a instanceof Ipv4Address v4) {
      out.writeInt(v4.bits());
    } else {
      Ipv6Address v6 = (Ipv6Address) a;
      out.writeLong(v6.hi()).writeLong(v6.lo());
    }
  }
}
