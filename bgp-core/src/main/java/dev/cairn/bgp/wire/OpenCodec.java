// OPEN encoding and decoding with capabilities (RFC 4271 §4.2, §6.2; RFC 5492; RFC 9072).
package dev.cairn.bgp.wire;

import dev.cairn.net.Ipv4Address;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * OPEN bodies (RFC 4271 §4.2) with optional parameters (RFC 5492 capabilities; RFC 9072 extended
 * optional parameters length) and the capabilities of RFC 4760, 2918, 7313, 6793, 4724, 7911, 8950
 * and 8654. Unknown capabilities and parameter types are kept as bytes.
 */
final class OpenCodec {
  private OpenCodec() {}

  /** RFC 9072: a Non-Ext OP Type of 255 announces the extended parameters length form. */
  private static final int EXTENDED_PARAMS = 255;

  static Open decode(ByteBuf body, CodecContext ctx) throws BgpDecodeException {
    int i = body.readerIndex();
    int end = body.writerIndex();
    int version = body.getUnsignedByte(i);
    if (version != Open.VERSION) {
      throw error(
          ErrorCodes.UNSUPPORTED_VERSION_NUMBER,
          new byte[] {0, Open.VERSION},
          "BGP version " + version + " (only 4 is supported)");
    }
    int myAs = body.getUnsignedShort(i + 1);
    int hold = body.getUnsignedShort(i + 3);
    if (hold == 1 || hold == 2) {
      throw error(ErrorCodes.UNACCEPTABLE_HOLD_TIME, null, "hold time " + hold + " s");
    }
    int id = body.getInt(i + 5);
    if (id == 0) {
      throw error(ErrorCodes.BAD_BGP_IDENTIFIER, null, "BGP identifier 0.0.0.0");
    }
    int optLen = body.getUnsignedByte(i + 9);
    int p = i + 10;
    boolean extended = false;
    if (optLen > 0 && p < end && body.getUnsignedByte(p) == EXTENDED_PARAMS) {
      // RFC 9072 §2: Non-Ext OP Type 255, then a 2-octet Extended Opt. Parm. Length
      if (p + 3 > end) {
        throw error(0, null, "extended optional parameters length cut short");
      }
      extended = true;
      optLen = body.getUnsignedShort(p + 1);
      p += 3;
    }
    if (p + optLen != end) {
      throw error(
          0,
          null,
          "optional parameters length "
              + optLen
              + " does not match the message ("
              + (end - p)
              + ")");
    }
    List<OptionalParameter> params = new ArrayList<>();
    while (p < end) {
      int hdr = extended ? 3 : 2;
      if (p + hdr > end) {
        throw error(0, null, "optional parameter header cut short");
      }
      int type = body.getUnsignedByte(p);
      int len = extended ? body.getUnsignedShort(p + 1) : body.getUnsignedByte(p + 1);
      int v = p + hdr;
      if (v + len > end) {
        throw error(0, null, "optional parameter of length " + len + " overruns");
      }
      if (type == OptionalParameter.CAPABILITIES) {
        params.add(new OptionalParameter.Capabilities(decodeCapabilities(body, v, v + len)));
      } else {
        byte[] value = new byte[len];
        body.getBytes(v, value);
        params.add(new OptionalParameter.Unknown(type, value));
      }
      p = v + len;
    }
    for (OptionalParameter op : params) {
      if (op instanceof OptionalParameter.Unknown u) {
        // RFC 4271 §6.2: an unrecognized optional parameter is an error
        throw error(
            ErrorCodes.UNSUPPORTED_OPTIONAL_PARAMETER, null, "optional parameter type " + u.type());
      }
    }
    return new Open(version, myAs, hold, new Ipv4Address(id), params);
  }

  private static List<Capability> decodeCapabilities(ByteBuf b, int p, int end)
      throws BgpDecodeException {
    List<Capability> caps = new ArrayList<>();
    while (p < end) {
      if (p + 2 > end) {
        throw error(0, null, "capability header cut short");
      }
      int code = b.getUnsignedByte(p);
      int len = b.getUnsignedByte(p + 1);
      int v = p + 2;
      if (v + len > end) {
        throw error(0, null, "capability " + code + " of length " + len + " overruns");
      }
      caps.add(decodeCapability(b, code, v, len));
      p = v + len;
    }
    return caps;
  }

  private static Capability decodeCapability(ByteBuf b, int code, int v, int len)
      throws BgpDecodeException {
    switch (code) {
      case Capability.MULTIPROTOCOL:
        expect(code, len, 4);
        return new Capability.Multiprotocol(b.getUnsignedShort(v), b.getUnsignedByte(v + 3));
      case Capability.ROUTE_REFRESH:
        expect(code, len, 0);
        return new Capability.RouteRefresh();
      case Capability.ENHANCED_ROUTE_REFRESH:
        expect(code, len, 0);
        return new Capability.EnhancedRouteRefresh();
      case Capability.EXTENDED_MESSAGE:
        expect(code, len, 0);
        return new Capability.ExtendedMessage();
      case Capability.FOUR_OCTET_AS:
        expect(code, len, 4);
        return new Capability.FourOctetAs(b.getUnsignedInt(v));
      case Capability.GRACEFUL_RESTART:
        {
          if (len < 2 || (len - 2) % 4 != 0) {
            throw error(0, null, "graceful restart capability of length " + len);
          }
          int flagsTime = b.getUnsignedShort(v);
          List<Capability.GracefulRestartFamily> fams = new ArrayList<>();
          for (int k = v + 2; k < v + len; k += 4) {
            fams.add(
                new Capability.GracefulRestartFamily(
                    b.getUnsignedShort(k),
                    b.getUnsignedByte(k + 2),
                    (b.getUnsignedByte(k + 3) & 0x80) != 0));
          }
          return new Capability.GracefulRestart(
              (flagsTime & 0x8000) != 0, (flagsTime & 0x4000) != 0, flagsTime & 0x0fff, fams);
        }
      case Capability.ADD_PATH:
        {
          if (len == 0 || len % 4 != 0) {
            throw error(0, null, "ADD-PATH capability of length " + len);
          }
          List<Capability.AddPathFamily> fams = new ArrayList<>();
          for (int k = v; k < v + len; k += 4) {
            fams.add(
                new Capability.AddPathFamily(
                    b.getUnsignedShort(k), b.getUnsignedByte(k + 2), b.getUnsignedByte(k + 3)));
          }
          return new Capability.AddPath(fams);
        }
      case Capability.EXTENDED_NEXT_HOP:
        {
          if (len == 0 || len % 6 != 0) {
            throw error(0, null, "extended next hop capability of length " + len);
          }
          List<Capability.ExtendedNextHopFamily> fams = new ArrayList<>();
          for (int k = v; k < v + len; k += 6) {
            fams.add(
                new Capability.ExtendedNextHopFamily(
                    b.getUnsignedShort(k), b.getUnsignedShort(k + 2), b.getUnsignedShort(k + 4)));
          }
          return new Capability.ExtendedNextHop(fams);
        }
      default:
        byte[] value = new byte[len];
        b.getBytes(v, value);
        return new Capability.Unknown(code, value);
    }
  }

  private static void expect(int code, int len, int expected) throws BgpDecodeException {
    if (len != expected) {
      throw error(0, null, "capability " + code + " of length " + len + ", expected " + expected);
    }
  }

  private static BgpDecodeException error(int subcode, byte[] data, String detail) {
    return new BgpDecodeException(ErrorCodes.OPEN_MESSAGE_ERROR, subcode, data, detail);
  }

  // ---------------------------------------------------------------- encoding

  static void encode(Open o, CodecContext ctx, ByteBuf out) {
    out.writeByte(o.version()).writeShort(o.myAs()).writeShort(o.holdTime());
    out.writeInt(o.bgpIdentifier().bits());
    int lenAt = out.writerIndex();
    out.writeByte(0);
    int start = out.writerIndex();
    boolean extended = paramsLength(o, false) > 255;
    if (extended) {
      out.writeByte(EXTENDED_PARAMS).writeShort(0);
    }
    int paramsStart = out.writerIndex();
    for (OptionalParameter p : o.parameters()) {
      out.writeByte(p.type());
      int pl = out.writerIndex();
      if (extended) {
        out.writeShort(0);
      } else {
        out.writeByte(0);
      }
      int vs = out.writerIndex();
      if (p instanceof OptionalParameter.Capabilities c) {
        for (Capability cap : c.capabilities()) {
          encodeCapability(cap, out);
        }
      } else {
        out.writeBytes(((OptionalParameter.Unknown) p).value());
      }
      int vl = out.writerIndex() - vs;
      if (extended) {
        out.setShort(pl, vl);
      } else {
        out.setByte(pl, vl);
      }
    }
    if (extended) {
      out.setByte(lenAt, EXTENDED_PARAMS);
      out.setShort(start + 1, out.writerIndex() - paramsStart);
    } else {
      out.setByte(lenAt, out.writerIndex() - start);
    }
  }

  private static int paramsLength(Open o, boolean extended) {
    int n = 0;
    for (OptionalParameter p : o.parameters()) {
      n += extended ? 3 : 2;
      if (p instanceof OptionalParameter.Capabilities c) {
        for (Capability cap : c.capabilities()) {
          n += 2 + capabilityLength(cap);
        }
      } else {
        n += ((OptionalParameter.Unknown) p).value().length;
      }
    }
    return n;
  }

  private static int capabilityLength(Capability c) {
    if (c instanceof Capability.Multiprotocol || c instanceof Capability.FourOctetAs) {
      return 4;
    }
    if (c instanceof Capability.GracefulRestart g) {
      return 2 + 4 * g.families().size();
    }
    if (c instanceof Capability.AddPath a) {
      return 4 * a.families().size();
    }
    if (c instanceof Capability.ExtendedNextHop e) {
      return 6 * e.families().size();
    }
    if (c instanceof Capability.Unknown u) {
      return u.value().length;
    }
    return 0;
  }

  private static void encodeCapability(Capability c, ByteBuf out) {
    out.writeByte(c.code()).writeByte(capabilityLength(c));
    if (c instanceof Capability.Multiprotocol m) {
      out.writeShort(m.afi()).writeByte(0).writeByte(m.safi());
    } else if (c instanceof Capability.FourOctetAs f) {
      out.writeInt((int) f.asn());
    } else if (c instanceof Capability.GracefulRestart g) {
      out.writeShort(
          (g.restarting() ? 0x8000 : 0) | (g.notification() ? 0x4000 : 0) | g.restartTime());
      for (Capability.GracefulRestartFamily f : g.families()) {
        out.writeShort(f.afi()).writeByte(f.safi()).writeByte(f.forwardingPreserved() ? 0x80 : 0);
      }
    } else if (c instanceof Capability.AddPath a) {
      for (Capability.AddPathFamily f : a.families()) {
        out.writeShort(f.afi()).writeByte(f.safi()).writeByte(f.sendReceive());
      }
    } else if (c instanceof Capability.ExtendedNextHop e) {
      for (Capability.ExtendedNextHopFamily f : e.families()) {
        out.writeShort(f.afi()).writeShort(f.safi()).writeShort(f.nextHopAfi());
      }
    } else if (c instanceof Capability.Unknown u) {
      out.writeBytes(u.value());
    }
  }
}
