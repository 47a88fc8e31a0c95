// Packing prefixes that share attributes into as few UPDATEs as fit (RFC 4271 §4.3, RFC 8654).
package dev.cairn.bgp.wire;

import dev.cairn.net.Family;
import dev.cairn.net.IpAddress;
import dev.cairn.net.Ipv6Address;
import java.util.ArrayList;
import java.util.List;

/**
 * Packs many prefixes that share one attribute set into as few UPDATEs as fit the session's maximum
 * message size (4096 octets, or 65535 with RFC 8654): IPv4 unicast in the classic NLRI field, every
 * other family in MP_REACH_NLRI / MP_UNREACH_NLRI.
 */
public final class UpdatePacker {
  private UpdatePacker() {}

  private static final int FIXED = BgpCodec.HEADER_LENGTH + 2 + 2; // header, two length fields

  /**
   * UPDATEs announcing {@code nlri} with {@code attrs}; for families other than IPv4 unicast the
   * next hop goes into MP_REACH_NLRI ({@code linkLocal} may be {@code null}).
   */
  public static List<Update> announce(
      PathAttributes attrs,
      Family family,
      IpAddress nextHop,
      Ipv6Address linkLocal,
      NlriList nlri,
      CodecContext ctx) {
    List<Update> out = new ArrayList<>(1);
    announce(out, attrs, family, nextHop, linkLocal, nlri, ctx);
    return out;
  }

  /**
   * {@link #announce(PathAttributes, Family, IpAddress, Ipv6Address, NlriList, CodecContext)},
   * added to {@code out}.
   */
  public static void announce(
      List<Update> out,
      PathAttributes attrs,
      Family family,
      IpAddress nextHop,
      Ipv6Address linkLocal,
      NlriList nlri,
      CodecContext ctx) {
    boolean classic = family.equals(Family.IPV4_UNICAST) && nextHop == null;
    int attrLen =
        Math.max(
            UpdateCodec.attributesLength(attrs, ctx),
            UpdateCodec.attributesLength(attrs, ctx.withFourOctetAs(!ctx.fourOctetAs())));
    int room = ctx.maxUpdateLength() - FIXED - attrLen;
    boolean addPath = ctx.addPathSend().contains(family);
    if (classic) {
      for (int[] r : chunks(nlri, room, addPath)) {
        out.add(Update.announce(attrs, nlri.slice(r[0], r[1])));
      }
    } else {
      MpReach probe = new MpReach(family, nextHop, linkLocal, NlriList.empty(family.afi()));
      int mpOverhead = 4 + UpdateCodec.mpReachValueLength(probe, 0, 0, ctx);
      for (int[] r : chunks(nlri, room - mpOverhead, addPath)) {
        out.add(
            Update.announce(
                attrs, new MpReach(family, nextHop, linkLocal, nlri.slice(r[0], r[1]))));
      }
    }
  }

  /** The longest NLRI: an IPv6 /128 with an ADD-PATH path identifier (RFC 7911). */
  private static final int LONGEST_NLRI = 4 + 1 + 16;

  /**
   * Whether an UPDATE announcing a prefix of {@code family} with {@code attrs} fits the session's
   * maximum message size. A path whose AS_PATH grew too long (a 2,000-hop path accepted from one
   * neighbor, prepended for another) does not; {@link #announce} would refuse it, so the caller
   * withdraws the prefix from that neighbor instead.
   */
  public static boolean fits(
      PathAttributes attrs,
      Family family,
      IpAddress nextHop,
      Ipv6Address linkLocal,
      CodecContext ctx) {
    int attrLen =
        Math.max(
            UpdateCodec.attributesLength(attrs, ctx),
            UpdateCodec.attributesLength(attrs, ctx.withFourOctetAs(!ctx.fourOctetAs())));
    int room = ctx.maxUpdateLength() - FIXED - attrLen;
    if (!(family.equals(Family.IPV4_UNICAST) && nextHop == null)) {
      MpReach probe = new MpReach(family, nextHop, linkLocal, NlriList.empty(family.afi()));
      room -= 4 + UpdateCodec.mpReachValueLength(probe, 0, 0, ctx);
    }
    return room >= LONGEST_NLRI;
  }

  /** UPDATEs withdrawing {@code nlri}. */
  public static List<Update> withdraw(Family family, NlriList nlri, CodecContext ctx) {
    List<Update> out = new ArrayList<>();
    withdraw(out, family, nlri, ctx);
    return out;
  }

  /** {@link #withdraw(Family, NlriList, CodecContext)}, added to {@code out}. */
  public static void withdraw(List<Update> out, Family family, NlriList nlri, CodecContext ctx) {
    boolean addPath = ctx.addPathSend().contains(family);
    int room = ctx.maxUpdateLength() - FIXED;
    if (!family.equals(Family.IPV4_UNICAST)) {
      room -= 4 + 3; // MP_UNREACH_NLRI header (extended length worst case), AFI, SAFI
    }
    for (int[] r : chunks(nlri, room, addPath)) {
      out.add(Update.withdraw(family, nlri.slice(r[0], r[1])));
    }
  }

  /** Index ranges of {@code nlri} whose encodings each fit in {@code room} octets. */
  private static List<int[]> chunks(NlriList nlri, int room, boolean addPath) {
    if (room <= 0) {
      throw new IllegalArgumentException("the attributes alone do not fit in one UPDATE");
    }
    if (NlriCodec.encodedLength(nlri, 0, nlri.size(), addPath) <= room) {
      return List.of(new int[] {0, nlri.size()}); // the common case: everything fits in one
    }
    List<int[]> out = new ArrayList<>();
    int start = 0;
    int used = 0;
    for (int i = 0; i < nlri.size(); i++) {
      int len = NlriCodec.encodedLength(nlri, i, i + 1, addPath);
      if (used + len > room) {
        out.add(new int[] {start, i});
        start = i;
        used = 0;
      }
      used += len;
    }
    if (start < nlri.size()) {
      out.add(new int[] {start, nlri.size()});
    }
    return out;
  }
}
