package dev.cairn.ospf.wire;

import dev.cairn.ospf.wire.LsaBody.ExternalLsa;
import dev.cairn.ospf.wire.LsaBody.NetworkLsa;
import dev.cairn.ospf.wire.LsaBody.RouterLink;
import dev.cairn.ospf.wire.LsaBody.RouterLsa;
import dev.cairn.ospf.wire.LsaBody.SummaryLsa;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A whole LSA: its header and body. {@link #build} fills in the length and Fletcher checksum;
 * {@link #encode} writes the header as stored (an aged copy keeps its checksum, which does not
 * cover the age). A decoded LSA also keeps the octets of its body as received ({@code wire}), and
 * is encoded from them: flooding must pass on exactly what the originator signed, including what
 * the body records leave out (TOS metrics, trailing octets). Equality is by header and body.
 */
public record Lsa(LsaHeader header, LsaBody body, byte[] wire) {

  /** An LSA built here, encoded from its body. */
  public Lsa(LsaHeader header, LsaBody body) {
    this(header, body, null);
  }

  /** The body octets as received (a copy), or null for an LSA built here. */
  @Override
  public byte[] wire() {
    return wire == null ? null : wire.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Lsa l && header.equals(l.header) && body.equals(l.body);
  }

  @Override
  public int hashCode() {
    return 31 * header.hashCode() + body.hashCode();
  }

  @Override
  public String toString() {
    return "Lsa[header=" + header + ", body=" + body + "]";
  }

  public LsaKey key() {
    return header.key();
  }

  /** Makes an LSA with a correct length and checksum. */
  public static Lsa build(int age, int options, int lsId, int advRouter, int seq, LsaBody body) {
    int type = typeOf(body);
    LsaHeader h = new LsaHeader(age, options, type, lsId, advRouter, seq, 0, 0);
    byte[] raw = encode(new Lsa(h, body));
    int len = raw.length;
    int ck = Checksums.fletcher(raw, 0, len);
    return new Lsa(new LsaHeader(age, options, type, lsId, advRouter, seq, ck, len), body);
  }

  /** Builds a type-3 or type-4 summary (the body does not say which). */
  public static Lsa buildSummary(
      int type, int age, int options, int lsId, int advRouter, int seq, SummaryLsa body) {
    LsaHeader h = new LsaHeader(age, options, type, lsId, advRouter, seq, 0, 0);
    byte[] raw = encode(new Lsa(h, body));
    int ck = Checksums.fletcher(raw, 0, raw.length);
    return new Lsa(new LsaHeader(age, options, type, lsId, advRouter, seq, ck, raw.length), body);
  }

  public Lsa withAge(int age) {
    return new Lsa(header.withAge(age), body, wire);
  }

  private static int typeOf(LsaBody body) {
    if (body instanceof RouterLsa) {
      return LsaType.ROUTER;
    } else if (body instanceof NetworkLsa) {
      return LsaType.NETWORK;
    } else if (body instanceof SummaryLsa) {
      return LsaType.SUMMARY_NETWORK;
    }
    return LsaType.AS_EXTERNAL;
  }

  public static byte[] encode(Lsa lsa) {
    WireWriter w = new WireWriter();
    write(lsa, w);
    return w.toArray();
  }

  static void write(Lsa lsa, WireWriter w) {
    int start = w.position();
    LsaHeader.write(lsa.header, w);
    if (lsa.wire != null) {
      w.bytes(lsa.wire);
      return;
    }
    LsaBody b = lsa.body;
    if (b instanceof RouterLsa r) {
      w.u8(r.flags());
      w.u8(0);
      w.u16(r.links().size());
      for (RouterLink l : r.links()) {
        w.u32(l.linkId());
        w.u32(l.linkData());
        w.u8(l.type());
        w.u8(0);
        w.u16(l.metric());
      }
    } else if (b instanceof NetworkLsa n) {
      w.u32(n.mask());
      for (int a : n.attachedRouters()) {
        w.u32(a);
      }
    } else if (b instanceof SummaryLsa s) {
      w.u32(s.mask());
      w.u32(s.metric() & 0xffffff);
    } else if (b instanceof ExternalLsa e) {
      w.u32(e.mask());
      w.u32((e.type2() ? 0x80000000 : 0) | (e.metric() & 0xffffff));
      w.u32(e.forwardingAddress());
      w.u32(e.routeTag());
    }
    if (lsa.header.length() != 0) {
      return; // a decoded or built LSA keeps its stored length
    }
    w.put16(start + 18, w.position() - start);
  }

  /** Decodes one LSA starting at {@code off}, checking its length and Fletcher checksum. */
  public static Lsa decode(byte[] b, int off, int end) throws DecodeException {
    WireReader r = new WireReader(b, off, end);
    LsaHeader h = LsaHeader.read(r);
    if (h.length() < LsaHeader.SIZE || off + h.length() > end) {
      throw new DecodeException(DecodeException.Kind.BAD_LENGTH, "LSA length " + h.length());
    }
    if (!Checksums.fletcherValid(b, off, h.length())) {
      throw new DecodeException(DecodeException.Kind.BAD_LSA_CHECKSUM, h.key().toString());
    }
    WireReader br = new WireReader(b, off + LsaHeader.SIZE, off + h.length());
    LsaBody body;
    switch (h.type()) {
      case LsaType.ROUTER -> {
        int flags = br.u8();
        br.u8();
        int n = br.u16();
        List<RouterLink> links = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          int id = br.u32();
          int data = br.u32();
          int type = br.u8();
          int tos = br.u8();
          int metric = br.u16();
          br.skip(4 * tos);
          links.add(new RouterLink(id, data, type, metric));
        }
        body = new RouterLsa(flags, links);
      }
      case LsaType.NETWORK -> {
        int mask = br.u32();
        List<Integer> att = new ArrayList<>();
        while (br.remaining() >= 4) {
          att.add(br.u32());
        }
        body = new NetworkLsa(mask, att);
      }
      case LsaType.SUMMARY_NETWORK, LsaType.SUMMARY_ASBR -> {
        int mask = br.u32();
        int metric = br.u32() & 0xffffff;
        body = new SummaryLsa(mask, metric);
      }
      case LsaType.AS_EXTERNAL -> {
        int mask = br.u32();
        int m = br.u32();
        body = new ExternalLsa(mask, (m & 0x80000000) != 0, m & 0xffffff, br.u32(), br.u32());
      }
      default ->
          throw new DecodeException(DecodeException.Kind.BAD_LSA_TYPE, "LS type " + h.type());
    }
    return new Lsa(h, body, Arrays.copyOfRange(b, off + LsaHeader.SIZE, off + h.length()));
  }
}
