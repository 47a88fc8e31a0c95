package dev.cairn.kernel;

import dev.cairn.net.IpAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * A nexthop object as {@code RTM_NEWNEXTHOP}/{@code RTM_GETNEXTHOP} carry it (kernel 5.3+): either
 * a single next hop (gateway and/or interface, or a blackhole) or a group of other nexthop ids with
 * weights, optionally resilient (kernel 5.13+).
 *
 * @param family {@code AF_INET}/{@code AF_INET6} for a single next hop, {@code AF_UNSPEC} for a
 *     group or blackhole
 * @param protocol the owner tag ({@code nh_protocol}), cairn's number for its objects
 * @param resilient resilient-group parameters, or null for a plain multipath group
 */
public record NexthopMessage(
    int id,
    int family,
    int protocol,
    int flags,
    IpAddress gateway,
    int oif,
    boolean blackhole,
    List<Member> group,
    Resilient resilient) {

  /**
   * A group member.
   *
   * @param weight 1..256
   */
  public record Member(int id, int weight) {}

  /**
   * Resilient group parameters ({@code NHA_RES_GROUP}).
   *
   * @param idleTimer seconds a bucket must be idle before it may move
   * @param unbalancedTimer seconds after which buckets move even if busy (0 = never)
   */
  public record Resilient(int buckets, int idleTimer, int unbalancedTimer) {}

  /** USER_HZ: the kernel counts the resilient timers in clock ticks of 1/100 s. */
  private static final int USER_HZ = 100;

  public NexthopMessage {
    group = List.copyOf(group);
  }

  public boolean isGroup() {
    return !group.isEmpty();
  }

  /** A single next hop through {@code gateway} (may be null) out of {@code oif}. */
  public static NexthopMessage single(
      int id, int protocol, IpAddress gateway, int family, int oif) {
    return new NexthopMessage(id, family, protocol, 0, gateway, oif, false, List.of(), null);
  }

  /** A group; {@code resilient} null for plain hash-threshold multipath. */
  public static NexthopMessage group(
      int id, int protocol, List<Member> members, Resilient resilient) {
    return new NexthopMessage(id, Rtnl.AF_UNSPEC, protocol, 0, null, 0, false, members, resilient);
  }

  public void encode(NlWriter w, int msgType, int nlFlags, int seq) {
    w.begin(msgType, nlFlags, seq).u8(family).u8(0).u8(protocol).u8(0).u32(flags);
    w.attrU32(Rtnl.NHA_ID, id);
    if (msgType == Rtnl.RTM_DELNEXTHOP) {
      w.end();
      return;
    }
    if (blackhole) {
      w.attrFlag(Rtnl.NHA_BLACKHOLE);
    }
    if (gateway != null) {
      w.attrAddr(Rtnl.NHA_GATEWAY, gateway);
    }
    if (oif != 0) {
      w.attrU32(Rtnl.NHA_OIF, oif);
    }
    if (!group.isEmpty()) {
      byte[] g = new byte[8 * group.size()];
      java.nio.ByteBuffer gb = java.nio.ByteBuffer.wrap(g).order(java.nio.ByteOrder.nativeOrder());
      for (Member m : group) {
        int wgt = m.weight() - 1;
        gb.putInt(m.id()).put((byte) wgt).put((byte) (wgt >>> 8)).putShort((short) 0);
      }
      w.attr(Rtnl.NHA_GROUP, g);
      if (resilient != null) {
        w.attrU16(Rtnl.NHA_GROUP_TYPE, Rtnl.NEXTHOP_GRP_TYPE_RES);
        int nest = w.beginNest(Rtnl.NHA_RES_GROUP | 0x8000);
        w.attrU16(Rtnl.NHA_RES_GROUP_BUCKETS, resilient.buckets());
        w.attrU32(Rtnl.NHA_RES_GROUP_IDLE_TIMER, resilient.idleTimer() * USER_HZ);
        w.attrU32(Rtnl.NHA_RES_GROUP_UNBALANCED_TIMER, resilient.unbalancedTimer() * USER_HZ);
        w.endNest(nest);
      }
    }
    w.end();
  }

  public static NexthopMessage decode(NlMessage m) {
    var b = m.buf();
    int p = m.payload();
    int family = b.get(p) & 0xff;
    int protocol = b.get(p + 2) & 0xff;
    int flags = b.getInt(p + 4);
    NlAttrs a = m.attrs(Rtnl.NHMSG_LEN);
    List<Member> members = new ArrayList<>();
    if (a.has(Rtnl.NHA_GROUP)) {
      int q = a.offset(Rtnl.NHA_GROUP);
      int n = a.length(Rtnl.NHA_GROUP) / 8;
      for (int i = 0; i < n; i++, q += 8) {
        int wgt = (b.get(q + 4) & 0xff) | (b.get(q + 5) & 0xff) << 8;
        members.add(new Member(b.getInt(q), wgt + 1));
      }
    }
    Resilient res = null;
    if (a.u16(Rtnl.NHA_GROUP_TYPE, 0) == Rtnl.NEXTHOP_GRP_TYPE_RES) {
      NlAttrs r = a.nested(Rtnl.NHA_RES_GROUP);
      res =
          new Resilient(
              r.u16(Rtnl.NHA_RES_GROUP_BUCKETS, 0),
              r.u32(Rtnl.NHA_RES_GROUP_IDLE_TIMER, 0) / USER_HZ,
              r.u32(Rtnl.NHA_RES_GROUP_UNBALANCED_TIMER, 0) / USER_HZ);
    }
    return new NexthopMessage(
        a.u32(Rtnl.NHA_ID, 0),
        family,
        protocol,
        flags,
        a.address(Rtnl.NHA_GATEWAY),
        a.u32(Rtnl.NHA_OIF, 0),
        a.has(Rtnl.NHA_BLACKHOLE),
        members,
        res);
  }
}
