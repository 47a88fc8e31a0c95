package dev.cairn.ospf.wire;

import dev.cairn.ospf.wire.Authentication.Key;
import dev.cairn.ospf.wire.PacketBody.DatabaseDescription;
import dev.cairn.ospf.wire.PacketBody.Hello;
import dev.cairn.ospf.wire.PacketBody.LsAck;
import dev.cairn.ospf.wire.PacketBody.LsRequest;
import dev.cairn.ospf.wire.PacketBody.LsUpdate;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Pure encode/decode of OSPFv2 packets (RFC 2328 A.3) with authentication (Appendix D, RFC 5709).
 * The header checksum is the IP checksum of the whole packet with the 8-byte authentication field
 * left out; with cryptographic authentication it is not computed (zero) and a digest is appended
 * after the packet, outside the length field.
 */
public final class PacketCodec {
  public static final int HEADER_SIZE = 24;
  public static final int VERSION = 2;

  private PacketCodec() {}

  /** A decoded packet and, for cryptographic authentication, its key id and sequence number. */
  public record Decoded(OspfPacket packet, int keyId, long cryptoSequence) {}

  /** Encodes {@code p}; {@code cryptoSeq} is used only by cryptographic authentication. */
  public static byte[] encode(OspfPacket p, Authentication auth, long cryptoSeq) {
    WireWriter w = new WireWriter();
    w.u8(VERSION);
    w.u8(p.body().type());
    w.u16(0); // length, patched below
    w.u32(p.routerId());
    w.u32(p.areaId());
    w.u16(0); // checksum
    w.u16(auth.type().auType());
    w.u32(0); // authentication, 8 bytes, filled below
    w.u32(0);
    writeBody(p.body(), w);
    int len = w.position();
    w.put16(2, len);
    byte[] out = w.toArray();
    switch (auth.type()) {
      case NULL -> {}
      case SIMPLE -> {
        byte[] pw = Arrays.copyOf(auth.sendKey().secret(), 8);
        System.arraycopy(pw, 0, out, 16, 8);
      }
      default -> {
        Key k = auth.sendKey();
        out[18] = (byte) k.keyId();
        out[19] = (byte) auth.type().digestLength();
        out[20] = (byte) (cryptoSeq >>> 24);
        out[21] = (byte) (cryptoSeq >>> 16);
        out[22] = (byte) (cryptoSeq >>> 8);
        out[23] = (byte) cryptoSeq;
        byte[] d = auth.digest(k, out, len);
        byte[] full = Arrays.copyOf(out, len + d.length);
        System.arraycopy(d, 0, full, len, d.length);
        return full;
      }
    }
    int ck = checksum(out, len);
    out[12] = (byte) (ck >>> 8);
    out[13] = (byte) ck;
    return out;
  }

  /** The packet checksum: IP sum over the packet without its authentication field. */
  static int checksum(byte[] b, int len) {
    byte[] c = Arrays.copyOf(b, len);
    Arrays.fill(c, 16, 24, (byte) 0);
    c[12] = 0;
    c[13] = 0;
    return Checksums.ip(c, 0, len);
  }

  /** Decodes and authenticates a packet (the IP payload). */
  public static Decoded decode(byte[] b, Authentication auth) throws DecodeException {
    WireReader r = new WireReader(b, 0, b.length);
    int version = r.u8();
    if (version != VERSION) {
      throw new DecodeException(DecodeException.Kind.BAD_VERSION, "version " + version);
    }
    int type = r.u8();
    int len = r.u16();
    if (len < HEADER_SIZE || len > b.length) {
      throw new DecodeException(
          DecodeException.Kind.BAD_LENGTH, "length " + len + " of " + b.length + " bytes");
    }
    int routerId = r.u32();
    int areaId = r.u32();
    int ck = r.u16();
    int auType = r.u16();
    if (auType != auth.type().auType()) {
      throw new DecodeException(
          DecodeException.Kind.AUTH_TYPE_MISMATCH,
          "AuType " + auType + ", expected " + auth.type().auType());
    }
    int keyId = 0;
    long seq = -1;
    switch (auth.type()) {
      case NULL -> verifyChecksum(b, len, ck);
      case SIMPLE -> {
        verifyChecksum(b, len, ck);
        byte[] pw = Arrays.copyOf(auth.sendKey().secret(), 8);
        if (!MessageDigest.isEqual(pw, Arrays.copyOfRange(b, 16, 24))) {
          throw new DecodeException(DecodeException.Kind.AUTH_FAILED, "simple password");
        }
      }
      default -> {
        keyId = b[18] & 0xff;
        int dlen = b[19] & 0xff;
        seq =
            ((b[20] & 0xffL) << 24)
                | ((b[21] & 0xff) << 16)
                | ((b[22] & 0xff) << 8)
                | (b[23] & 0xff);
        Key k = auth.key(keyId);
        if (k == null) {
          throw new DecodeException(DecodeException.Kind.UNKNOWN_KEY, "key id " + keyId);
        }
        if (dlen != auth.type().digestLength() || len + dlen > b.length) {
          throw new DecodeException(
              DecodeException.Kind.AUTH_FAILED, "digest length " + dlen + " in " + b.length);
        }
        byte[] want = auth.digest(k, b, len);
        if (!MessageDigest.isEqual(want, Arrays.copyOfRange(b, len, len + dlen))) {
          throw new DecodeException(DecodeException.Kind.AUTH_FAILED, "digest for key " + keyId);
        }
      }
    }
    r = new WireReader(b, HEADER_SIZE, len);
    PacketBody body = readBody(type, r);
    return new Decoded(new OspfPacket(routerId, areaId, body), keyId, seq);
  }

  private static void verifyChecksum(byte[] b, int len, int ck) throws DecodeException {
    int want = checksum(b, len);
    if (want != ck) {
      throw new DecodeException(
          DecodeException.Kind.BAD_CHECKSUM,
          String.format("checksum 0x%04x, computed 0x%04x", ck, want));
    }
  }

  private static void writeBody(PacketBody body, WireWriter w) {
    if (body instanceof Hello h) {
      w.u32(h.networkMask());
      w.u16(h.helloInterval());
      w.u8(h.options());
      w.u8(h.priority());
      w.u32(h.deadInterval());
      w.u32(h.designatedRouter());
      w.u32(h.backupDesignatedRouter());
      for (int n : h.neighbors()) {
        w.u32(n);
      }
    } else if (body instanceof DatabaseDescription d) {
      w.u16(d.interfaceMtu());
      w.u8(d.options());
      w.u8(d.flags());
      w.u32(d.ddSequence());
      for (LsaHeader h : d.headers()) {
        LsaHeader.write(h, w);
      }
    } else if (body instanceof LsRequest q) {
      for (LsaKey k : q.requests()) {
        w.u32(k.type());
        w.u32(k.lsId());
        w.u32(k.advRouter());
      }
    } else if (body instanceof LsUpdate u) {
      w.u32(u.lsas().size());
      for (Lsa l : u.lsas()) {
        Lsa.write(l, w);
      }
    } else if (body instanceof LsAck a) {
      for (LsaHeader h : a.headers()) {
        LsaHeader.write(h, w);
      }
    }
  }

  private static PacketBody readBody(int type, WireReader r) throws DecodeException {
    switch (type) {
      case PacketBody.TYPE_HELLO -> {
        int mask = r.u32();
        int hi = r.u16();
        int opt = r.u8();
        int prio = r.u8();
        int dead = r.u32();
        int dr = r.u32();
        int bdr = r.u32();
        List<Integer> nbrs = new ArrayList<>();
        while (r.remaining() >= 4) {
          nbrs.add(r.u32());
        }
        return new Hello(mask, hi, opt, prio, dead, dr, bdr, nbrs);
      }
      case PacketBody.TYPE_DD -> {
        int mtu = r.u16();
        int opt = r.u8();
        int flags = r.u8();
        int seq = r.u32();
        List<LsaHeader> hs = new ArrayList<>();
        while (r.remaining() >= LsaHeader.SIZE) {
          hs.add(LsaHeader.read(r));
        }
        return new DatabaseDescription(mtu, opt, flags, seq, hs);
      }
      case PacketBody.TYPE_LS_REQUEST -> {
        List<LsaKey> ks = new ArrayList<>();
        while (r.remaining() >= 12) {
          ks.add(new LsaKey(r.u32(), r.u32(), r.u32()));
        }
        return new LsRequest(ks);
      }
      case PacketBody.TYPE_LS_UPDATE -> {
        int n = r.u32();
        List<Lsa> lsas = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          int off = r.position();
          Lsa l = Lsa.decode(r.array(), off, off + r.remaining());
          r.skip(l.header().length());
          lsas.add(l);
        }
        return new LsUpdate(lsas);
      }
      case PacketBody.TYPE_LS_ACK -> {
        List<LsaHeader> hs = new ArrayList<>();
        while (r.remaining() >= LsaHeader.SIZE) {
          hs.add(LsaHeader.read(r));
        }
        return new LsAck(hs);
      }
      default -> throw new DecodeException(DecodeException.Kind.BAD_TYPE, "packet type " + type);
    }
  }
}
