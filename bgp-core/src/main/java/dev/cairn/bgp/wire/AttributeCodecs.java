// The table of path attribute codecs, one entry per type (RFC 4271 §4.3, §5; RFC 7606 §7).
package dev.cairn.bgp.wire;

import static dev.cairn.bgp.wire.PathAttributes.OPTIONAL;
import static dev.cairn.bgp.wire.PathAttributes.TRANSITIVE;

import dev.cairn.net.Ipv4Address;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * The table of path attribute codecs (DESIGN §5, after BIRD's {@code bgp_attr_table}): one entry
 * per type code with its name, its Optional/Transitive flags, the RFC 7606 action for a malformed
 * value, and how to decode, size and encode it. MP_REACH_NLRI / MP_UNREACH_NLRI have entries for
 * flags and error handling; their values are coded by {@link UpdateCodec} because they carry NLRI.
 */
final class AttributeCodecs {
  private AttributeCodecs() {}

  /** A malformed attribute value, with the UPDATE Message Error subcode to report. */
  static final class Malformed extends Exception {
    private static final long serialVersionUID = 1L;
    final int subcode;

    Malformed(int subcode, String message) {
      super(message, null, false, false);
      this.subcode = subcode;
    }
  }

  /** Decoding state of one UPDATE's attributes. */
  static final class State {
    final CodecContext ctx;
    final PathAttributes.Builder attrs = PathAttributes.builder();
    AsPath as4Path;
    Aggregator as4Aggregator;

    State(CodecContext ctx) {
      this.ctx = ctx;
    }
  }

  interface Decoder {
    void decode(ByteBuf b, int off, int len, State s) throws Malformed;
  }

  interface Sizer {
    /** Value length of the attribute for {@code a}, or -1 when it is not to be sent. */
    int length(PathAttributes a, CodecContext ctx);
  }

  interface Encoder {
    void encode(PathAttributes a, CodecContext ctx, ByteBuf out);
  }

  /** One row of the table. */
  record Codec(
      int type,
      String name,
      int flags,
      ErrorAction onError,
      Decoder decoder,
      Sizer sizer,
      Encoder encoder) {}

  static final Codec[] TABLE = new Codec[256];

  /** The rows that {@link #encodeAll} writes, in type order. */
  static final List<Codec> ENCODE_ORDER = new ArrayList<>();

  private static void add(Codec c) {
    TABLE[c.type()] = c;
    if (c.sizer() != null) {
      ENCODE_ORDER.add(c);
    }
  }

  static {
    add(
        new Codec(
            PathAttributes.ORIGIN,
            "ORIGIN",
            TRANSITIVE,
            ErrorAction.TREAT_AS_WITHDRAW,
            (b, off, len, s) -> {
              fixed(len, 1);
              int v = b.getUnsignedByte(off);
              if (v > 2) {
                throw new Malformed(ErrorCodes.INVALID_ORIGIN_ATTRIBUTE, "ORIGIN value " + v);
              }
              s.attrs.origin(v);
            },
            (a, ctx) -> a.origin() < 0 ? -1 : 1,
            (a, ctx, out) -> out.writeByte(a.origin())));
    add(
        new Codec(
            PathAttributes.AS_PATH,
            "AS_PATH",
            TRANSITIVE,
            ErrorAction.TREAT_AS_WITHDRAW,
            (b, off, len, s) ->
                s.attrs.asPath(decodeAsPath(b, off, len, s.ctx.fourOctetAs(), true)),
            (a, ctx) -> a.asPath() == null ? -1 : asPathLength(a.asPath(), ctx.fourOctetAs()),
            (a, ctx, out) -> encodeAsPath(a.asPath(), ctx.fourOctetAs(), out)));
    add(
        new Codec(
            PathAttributes.NEXT_HOP,
            "NEXT_HOP",
            TRANSITIVE,
            ErrorAction.TREAT_AS_WITHDRAW,
            (b, off, len, s) -> {
              fixed(len, 4);
              int nh = b.getInt(off);
              if (nh == 0 || (nh >>> 28) >= 0xe) {
                throw new Malformed(
                    ErrorCodes.INVALID_NEXT_HOP_ATTRIBUTE,
                    "NEXT_HOP " + new Ipv4Address(nh) + " is not a unicast address");
              }
              s.attrs.nextHop(nextHop(nh));
            },
            (a, ctx) -> a.nextHop() == null ? -1 : 4,
            (a, ctx, out) -> out.writeInt(a.nextHop().bits())));
    add(
        new Codec(
            PathAttributes.MULTI_EXIT_DISC,
            "MULTI_EXIT_DISC",
            OPTIONAL,
            ErrorAction.TREAT_AS_WITHDRAW,
            (b, off, len, s) -> {
              fixed(len, 4);
              s.attrs.med(b.getUnsignedInt(off));
            },
            (a, ctx) -> a.med() < 0 ? -1 : 4,
            (a, ctx, out) -> out.writeInt((int) a.med())));
    add(
        new Codec(
            PathAttributes.LOCAL_PREF,
            "LOCAL_PREF",
            TRANSITIVE,
            ErrorAction.TREAT_AS_WITHDRAW,
            (b, off, len, s) -> {
              fixed(len, 4);
              s.attrs.localPref(b.getUnsignedInt(off));
            },
            (a, ctx) -> a.localPref() < 0 ? -1 : 4,
            (a, ctx, out) -> out.writeInt((int) a.localPref())));
    add(
        new Codec(
            PathAttributes.ATOMIC_AGGREGATE,
            "ATOMIC_AGGREGATE",
            TRANSITIVE,
            ErrorAction.ATTRIBUTE_DISCARD,
            (b, off, len, s) -> {
              fixed(len, 0);
              s.attrs.atomicAggregate(true);
            },
            (a, ctx) -> a.atomicAggregate() ? 0 : -1,
            (a, ctx, out) -> {}));
    add(
        new Codec(
            PathAttributes.AGGREGATOR,
            "AGGREGATOR",
            OPTIONAL | TRANSITIVE,
            ErrorAction.ATTRIBUTE_DISCARD,
            (b, off, len, s) -> {
              boolean four = s.ctx.fourOctetAs();
              fixed(len, four ? 8 : 6);
              long asn = four ? b.getUnsignedInt(off) : b.getUnsignedShort(off);
              s.attrs.aggregator(
                  new Aggregator(asn, new Ipv4Address(b.getInt(off + (four ? 4 : 2)))));
            },
            (a, ctx) -> a.aggregator() == null ? -1 : ctx.fourOctetAs() ? 8 : 6,
            (a, ctx, out) -> {
              Aggregator g = a.aggregator();
              if (ctx.fourOctetAs()) {
                out.writeInt((int) g.asn());
              } else {
                out.writeShort(g.asn() > 0xffff ? Open.AS_TRANS : (int) g.asn());
              }
              out.writeInt(g.address().bits());
            }));
    add(
        new Codec(
            PathAttributes.COMMUNITIES,
            "COMMUNITIES",
            OPTIONAL | TRANSITIVE,
            ErrorAction.TREAT_AS_WITHDRAW,
            (b, off, len, s) -> {
              s.attrs.communities(Communities.wrap(ints(b, off, len, 4)));
            },
            (a, ctx) -> a.communities() == null ? -1 : 4 * a.communities().size(),
            (a, ctx, out) -> {
              Communities c = a.communities();
              for (int i = 0; i < c.size(); i++) {
                out.writeInt(c.get(i));
              }
            }));
    add(
        new Codec(
            PathAttributes.ORIGINATOR_ID,
            "ORIGINATOR_ID",
            OPTIONAL,
            ErrorAction.TREAT_AS_WITHDRAW,
            (b, off, len, s) -> {
              fixed(len, 4);
              s.attrs.originatorId(new Ipv4Address(b.getInt(off)));
            },
            (a, ctx) -> a.originatorId() == null ? -1 : 4,
            (a, ctx, out) -> out.writeInt(a.originatorId().bits())));
    add(
        new Codec(
            PathAttributes.CLUSTER_LIST,
            "CLUSTER_LIST",
            OPTIONAL,
            ErrorAction.TREAT_AS_WITHDRAW,
            (b, off, len, s) -> {
              s.attrs.clusterListRaw(ints(b, off, len, 4));
            },
            (a, ctx) -> a.hasClusterList() ? 4 * a.clusterListLength() : -1,
            (a, ctx, out) -> {
              for (int i = 0; i < a.clusterListLength(); i++) {
                out.writeInt(a.clusterId(i));
              }
            }));
    add(
        new Codec(
            PathAttributes.MP_REACH_NLRI,
            "MP_REACH_NLRI",
            OPTIONAL,
            ErrorAction.SESSION_RESET,
            null,
            null,
            null));
    add(
        new Codec(
            PathAttributes.MP_UNREACH_NLRI,
            "MP_UNREACH_NLRI",
            OPTIONAL,
            ErrorAction.SESSION_RESET,
            null,
            null,
            null));
    add(
        new Codec(
            PathAttributes.EXTENDED_COMMUNITIES,
            "EXTENDED_COMMUNITIES",
            OPTIONAL | TRANSITIVE,
            ErrorAction.TREAT_AS_WITHDRAW,
            (b, off, len, s) -> {
              multiple(len, 8);
              long[] v = new long[len / 8];
              for (int i = 0; i < v.length; i++) {
                v[i] = b.getLong(off + 8 * i);
              }
              s.attrs.extendedCommunities(ExtendedCommunities.wrap(v));
            },
            (a, ctx) -> a.extendedCommunities() == null ? -1 : 8 * a.extendedCommunities().size(),
            (a, ctx, out) -> {
              ExtendedCommunities c = a.extendedCommunities();
              for (int i = 0; i < c.size(); i++) {
                out.writeLong(c.get(i));
              }
            }));
    add(
        new Codec(
            PathAttributes.AS4_PATH,
            "AS4_PATH",
            OPTIONAL | TRANSITIVE,
            ErrorAction.ATTRIBUTE_DISCARD,
            (b, off, len, s) -> {
              AsPath p = decodeAsPath(b, off, len, true, false);
              if (!s.ctx.fourOctetAs()) {
                s.as4Path = p; // RFC 6793 §4.1: from a NEW speaker it is discarded
              }
            },
            (a, ctx) -> needsAs4Path(a, ctx) ? asPathLength(a.asPath().withoutConfed(), true) : -1,
            (a, ctx, out) -> encodeAsPath(a.asPath().withoutConfed(), true, out)));
    add(
        new Codec(
            PathAttributes.AS4_AGGREGATOR,
            "AS4_AGGREGATOR",
            OPTIONAL | TRANSITIVE,
            ErrorAction.ATTRIBUTE_DISCARD,
            (b, off, len, s) -> {
              fixed(len, 8);
              if (!s.ctx.fourOctetAs()) {
                s.as4Aggregator =
                    new Aggregator(b.getUnsignedInt(off), new Ipv4Address(b.getInt(off + 4)));
              }
            },
            (a, ctx) ->
                !ctx.fourOctetAs() && a.aggregator() != null && a.aggregator().asn() > 0xffff
                    ? 8
                    : -1,
            (a, ctx, out) -> {
              out.writeInt((int) a.aggregator().asn());
              out.writeInt(a.aggregator().address().bits());
            }));
    add(
        new Codec(
            PathAttributes.LARGE_COMMUNITY,
            "LARGE_COMMUNITY",
            OPTIONAL | TRANSITIVE,
            ErrorAction.TREAT_AS_WITHDRAW,
            (b, off, len, s) -> {
              s.attrs.largeCommunities(LargeCommunities.wrap(ints(b, off, len, 12)));
            },
            (a, ctx) -> a.largeCommunities() == null ? -1 : 12 * a.largeCommunities().size(),
            (a, ctx, out) -> {
              for (int v : a.largeCommunities().raw()) {
                out.writeInt(v);
              }
            }));
  }

  private static boolean needsAs4Path(PathAttributes a, CodecContext ctx) {
    return !ctx.fourOctetAs() && a.asPath() != null && a.asPath().withoutConfed().needsFourOctets();
  }

  /** A value made of 32-bit words, a positive multiple of {@code unit} octets long. */
  private static int[] ints(ByteBuf b, int off, int len, int unit) throws Malformed {
    multiple(len, unit);
    int[] v = new int[len / 4];
    for (int i = 0; i < v.length; i++) {
      v[i] = b.getInt(off + 4 * i);
    }
    return v;
  }

  private static void fixed(int len, int expected) throws Malformed {
    if (len != expected) {
      throw new Malformed(
          ErrorCodes.ATTRIBUTE_LENGTH_ERROR, "length " + len + ", expected " + expected);
    }
  }

  private static void multiple(int len, int unit) throws Malformed {
    if (len == 0 || len % unit != 0) {
      throw new Malformed(
          ErrorCodes.ATTRIBUTE_LENGTH_ERROR,
          "length " + len + " is not a positive multiple of " + unit);
    }
  }

  /**
   * Decodes AS_PATH or AS4_PATH segments. A zero-length segment, an unknown segment type, a segment
   * running past the value, or (in AS4_PATH) a confederation segment is malformed.
   */
  static AsPath decodeAsPath(ByteBuf b, int off, int len, boolean fourOctet, boolean confedOk)
      throws Malformed {
    int asSize = fourOctet ? 4 : 2;
    int end = off + len;
    // packed as AsPath holds it: type, count, AS numbers; at most this long (no segment objects)
    int[] d = new int[len / asSize + 2];
    int n = 0;
    int lastType = 0;
    int i = off;
    while (i < end) {
      if (i + 2 > end) {
        throw new Malformed(ErrorCodes.MALFORMED_AS_PATH, "segment header cut short");
      }
      int type = b.getUnsignedByte(i);
      int count = b.getUnsignedByte(i + 1);
      if (type < AsPath.SET
          || type > AsPath.CONFED_SET
          || (!confedOk && type >= AsPath.CONFED_SEQUENCE)) {
        throw new Malformed(ErrorCodes.MALFORMED_AS_PATH, "segment type " + type);
      }
      if (count == 0) {
        throw new Malformed(ErrorCodes.MALFORMED_AS_PATH, "empty segment");
      }
      boolean confed = type == AsPath.CONFED_SEQUENCE || type == AsPath.CONFED_SET;
      if (confed
          && lastType != 0
          && lastType != AsPath.CONFED_SEQUENCE
          && lastType != AsPath.CONFED_SET) {
        // RFC 5065 §5: confederation segments are only ever prepended
        throw new Malformed(
            ErrorCodes.MALFORMED_AS_PATH, "confederation segment after an AS_SEQUENCE or AS_SET");
      }
      i += 2;
      if (i + count * asSize > end) {
        throw new Malformed(ErrorCodes.MALFORMED_AS_PATH, "segment runs past the attribute");
      }
      if (n + 2 + count > d.length) {
        d = java.util.Arrays.copyOf(d, n + 2 + count);
      }
      d[n++] = type;
      d[n++] = count;
      for (int k = 0; k < count; k++) {
        d[n++] = fourOctet ? b.getInt(i) : b.getUnsignedShort(i);
        i += asSize;
      }
      lastType = type;
    }
    return AsPath.ofPacked(n == d.length ? d : java.util.Arrays.copyOf(d, n));
  }

  /**
   * Next hops are few and every attribute set names one: recent ones are shared (a direct-mapped
   * cache; racing decoder threads at worst make an extra copy), not one object per attribute set.
   */
  private static final Ipv4Address[] NEXT_HOPS = new Ipv4Address[256];

  static Ipv4Address nextHop(int bits) {
    int i = (bits * 0x9E3779B9) >>> 24;
    Ipv4Address a = NEXT_HOPS[i];
    if (a == null || a.bits() != bits) {
      a = new Ipv4Address(bits);
      NEXT_HOPS[i] = a;
    }
    return a;
  }

  static int asPathLength(AsPath p, boolean fourOctet) {
    int[] d = p.packed();
    int n = 0;
    for (int i = 0; i < d.length; i += 2 + d[i + 1]) { // asked for every UPDATE
      n += 2 + d[i + 1] * (fourOctet ? 4 : 2);
    }
    return n;
  }

  static void encodeAsPath(AsPath p, boolean fourOctet, ByteBuf out) {
    int[] d = p.packed();
    for (int i = 0; i < d.length; i += 2 + d[i + 1]) {
      out.writeByte(d[i]).writeByte(d[i + 1]);
      for (int k = i + 2; k < i + 2 + d[i + 1]; k++) {
        long asn = d[k] & 0xffffffffL;
        if (fourOctet) {
          out.writeInt((int) asn);
        } else {
          out.writeShort(asn > 0xffff ? Open.AS_TRANS : (int) asn);
        }
      }
    }
  }

  /**
   * RFC 6793 §4.2.3: rebuilds the 4-octet AS_PATH and AGGREGATOR of a route received from a 2-octet
   * speaker from AS_PATH/AGGREGATOR and AS4_PATH/AS4_AGGREGATOR.
   */
  static void mergeAs4(State s, AsPath asPath, Aggregator aggregator) {
    if (aggregator != null && aggregator.asn() != Open.AS_TRANS) {
      return; // AS4_* came through a 2-octet aggregator: both are ignored
    }
    if (s.as4Aggregator != null && aggregator != null) {
      s.attrs.aggregator(s.as4Aggregator);
    }
    if (s.as4Path == null || asPath == null) {
      return;
    }
    int n = asPath.length();
    int m = s.as4Path.length();
    if (m > n) {
      return; // AS4_PATH is longer than AS_PATH: ignore it
    }
    int keep = n - m;
    List<AsPath.Segment> out = new ArrayList<>();
    for (AsPath.Segment seg : asPath.segments()) {
      if (seg.type() == AsPath.CONFED_SEQUENCE || seg.type() == AsPath.CONFED_SET) {
        out.add(seg); // AS4_PATH never carries confederation segments: keep ours
      } else if (keep == 0) {
        break;
      } else if (seg.type() == AsPath.SET) {
        out.add(seg);
        keep--;
      } else {
        int take = Math.min(keep, seg.size());
        out.add(
            take == seg.size()
                ? seg
                : new AsPath.Segment(AsPath.SEQUENCE, java.util.Arrays.copyOf(seg.asns(), take)));
        keep -= take;
      }
    }
    List<AsPath.Segment> tail = s.as4Path.segments();
    if (!out.isEmpty()
        && !tail.isEmpty()
        && out.get(out.size() - 1).type() == AsPath.SEQUENCE
        && tail.get(0).type() == AsPath.SEQUENCE
        && out.get(out.size() - 1).size() + tail.get(0).size() <= 255) {
      // join the kept leading ASes and the AS4_PATH into one sequence, as the sender had it
      int[] a = out.remove(out.size() - 1).asns();
      int[] b = tail.get(0).asns();
      int[] joined = java.util.Arrays.copyOf(a, a.length + b.length);
      System.arraycopy(b, 0, joined, a.length, b.length);
      out.add(new AsPath.Segment(AsPath.SEQUENCE, joined));
      tail = tail.subList(1, tail.size());
    }
    out.addAll(tail);
    s.attrs.asPath(AsPath.of(out));
  }
}
